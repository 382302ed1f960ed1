package io.wsstreams.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wire form of a frame: one final, unmasked text frame whose length takes the form its
 * payload's size asks for, encoded once and shared read-only.
 */
class OutboundFrameTests {

	@Test
	void encodesAShortFrameWithItsLengthInTheSecondByte() {
		ByteBuffer wire = OutboundFrame.of("{\"a\":\"é\"}").wireFrame();
		assertThat(bytes(wire)).startsWith(0x81, 10);
		assertThat(wire.remaining()).isEqualTo(12);
		assertThat(text(OutboundFrame.of("{\"a\":\"é\"}").payload())).isEqualTo("{\"a\":\"é\"}");
	}

	@Test
	void encodesTheLengthInTwoBytesFrom126AndInEightFrom65536() {
		ByteBuffer medium = OutboundFrame.of("x".repeat(126)).wireFrame();
		assertThat(bytes(medium)).startsWith(0x81, 126, 0, 126);
		assertThat(medium.remaining()).isEqualTo(4 + 126);
		ByteBuffer large = OutboundFrame.of("x".repeat(65536)).wireFrame();
		assertThat(bytes(large)).startsWith(0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0);
		assertThat(large.remaining()).isEqualTo(10 + 65536);
	}

	@Test
	void sharesOneEncodingReadOnly() {
		OutboundFrame frame = OutboundFrame.of("\uD83D\uDE00 and an unpaired \uD800");
		ByteBuffer first = frame.wireFrame();
		first.position(first.limit());
		ByteBuffer second = frame.wireFrame();
		assertThat(second.position()).isZero();
		assertThat(second.isReadOnly()).isTrue();
		assertThatExceptionOfType(java.nio.ReadOnlyBufferException.class).isThrownBy(() -> second.put(0, (byte) 0));
		assertThat(text(frame.payload())).isEqualTo(frame.text());
		assertThat(frame.payload().remaining()).isEqualTo(frame.bytes());
	}

	private static int[] bytes(ByteBuffer buffer) {
		ByteBuffer view = buffer.duplicate();
		int[] bytes = new int[Math.min(view.remaining(), 10)];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = view.get() & 0xFF;
		}
		return bytes;
	}

	private static String text(ByteBuffer buffer) {
		return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
	}

}
