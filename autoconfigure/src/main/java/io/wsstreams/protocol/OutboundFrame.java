package io.wsstreams.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An encoded server frame, shared by every connection it is sent to.
 *
 * <p>Every frame is valid Unicode, so that every container can encode it as UTF-8: a
 * frame is only made through {@link #of}, which writes an unpaired surrogate (which can
 * only stand inside a JSON string, where the application put it) as the JSON escape
 * <code>&#92;uXXXX</code>. The frame then means the same string to a client and can always be
 * sent; without it, the container's encoder fails on every send of that frame and closes
 * each connection it goes to.
 */
public final class OutboundFrame {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final String text;

	private final int bytes;

	/** The frame as a server writes it, made by the first {@link #wireFrame()}. */
	private volatile @Nullable ByteBuffer wire;

	private OutboundFrame(String text, int bytes) {
		this.text = text;
		this.bytes = bytes;
	}

	/**
	 * Wraps encoded JSON text, counting its UTF-8 size and escaping unpaired surrogates.
	 * @param text the JSON text
	 * @return the frame
	 */
	public static OutboundFrame of(String text) {
		String valid = hasUnpairedSurrogate(text) ? escapeUnpairedSurrogates(text) : text;
		return new OutboundFrame(valid, utf8Length(valid));
	}

	/**
	 * The frame's JSON text, valid Unicode.
	 * @return the text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * The frame's size in UTF-8, counted once so that queues and meters need not.
	 * @return the size in bytes
	 */
	public int bytes() {
		return this.bytes;
	}

	/**
	 * The frame as a server writes it on the socket: one final, unmasked WebSocket text
	 * frame, header and UTF-8 payload in one buffer. Encoded once, by the first call, and
	 * shared by every connection the frame goes to, as a container would otherwise encode
	 * it again for each of them.
	 * @return a read-only view of the encoded frame, positioned at its start
	 */
	public ByteBuffer wireFrame() {
		ByteBuffer encoded = this.wire;
		if (encoded == null) {
			encoded = encode(this.text);
			this.wire = encoded;
		}
		return encoded.asReadOnlyBuffer();
	}

	/**
	 * The frame's UTF-8 payload, the part of its {@link #wireFrame() wire form} after the
	 * header, for a container that writes the header itself.
	 * @return a read-only view of the payload, positioned at its start
	 */
	public ByteBuffer payload() {
		ByteBuffer frame = wireFrame();
		frame.position(frame.limit() - this.bytes);
		return frame.slice();
	}

	private static ByteBuffer encode(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		int length = payload.length;
		int header = (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		byte[] frame = new byte[header + length];
		// FIN and the text opcode; the mask bit stays clear, as servers never mask.
		frame[0] = (byte) 0x81;
		if (length < 126) {
			frame[1] = (byte) length;
		}
		else if (length <= 0xFFFF) {
			frame[1] = 126;
			frame[2] = (byte) (length >>> 8);
			frame[3] = (byte) length;
		}
		else {
			frame[1] = 127;
			long size = length;
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) (size >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, frame, header, length);
		return ByteBuffer.wrap(frame);
	}

	/**
	 * The UTF-8 size of a string without encoding it, an unpaired surrogate counted as
	 * the three bytes a lenient encoder would write.
	 * @param text the text
	 * @return its size in bytes
	 */
	public static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

	/**
	 * Whether a string holds a surrogate that is not part of a pair, which no UTF-8
	 * encoder can write.
	 * @param text the text
	 * @return {@code true} when it is not valid Unicode
	 */
	public static boolean hasUnpairedSurrogate(CharSequence text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return true;
				}
			}
		}
		return false;
	}

	private static String escapeUnpairedSurrogates(String text) {
		int length = text.length();
		StringBuilder out = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					out.append(c).append(text.charAt(++i));
					continue;
				}
				out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
				continue;
			}
			out.append(c);
		}
		return out.toString();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof OutboundFrame frame && this.text.equals(frame.text));
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.text);
	}

	@Override
	public String toString() {
		return "OutboundFrame[" + this.bytes + " bytes]";
	}

}
