package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;

import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The messages on the Pub/Sub channels, and the frames split around their ids.
 */
class EnvelopeTests {

	@Test
	void readsTheHeaderOfEachKindAndTakesTheTextAsItIs() {
		String frame = "{\"data\":\"line\nbreak \u00fc\"}";
		byte[] body = Envelope.live("node-1", "c-1", "typing", frame);
		Envelope.number(body, 0xabc);
		Envelope live = Envelope.decode(body);
		assertThat(live.kind()).isEqualTo(Envelope.LIVE);
		assertThat(live.originNode()).isEqualTo("node-1");
		assertThat(live.originNumber()).isEqualTo(0xabc);
		assertThat(live.optionalField(1)).isEqualTo("c-1");
		assertThat(live.field(2)).isEqualTo("typing");
		assertThat(live.text()).isEqualTo(frame);
		Envelope.number(body, -1);
		assertThat(Envelope.decode(body).originNumber()).as("the largest number").isEqualTo(-1);
		Envelope logged = Envelope.decode(Envelope.logged(new StreamId(5, 1), null, "chat", frame));
		assertThat(logged.kind()).isEqualTo(Envelope.LOGGED);
		assertThat(logged.field(0)).isEqualTo("5-1");
		assertThat(logged.optionalField(1)).isNull();
		assertThat(logged.field(2)).isEqualTo("chat");
		assertThat(logged.text()).isEqualTo(frame);
		Envelope presence = Envelope.decode(Envelope.presence(12, null, "presence", frame));
		assertThat(presence.field(0)).isEqualTo("12");
		assertThat(presence.optionalField(1)).isNull();
		assertThat(presence.text()).isEqualTo(frame);
	}

	@Test
	void encodesEveryFieldOfAUserMessage() {
		UserMessage message = new UserMessage("a\\n\nb", "notifications", "e\\v\nent", -3, "b\\o\nb",
				"{\"x\":\"\\n\n\"}");
		byte[] body = Envelope.user("node-1", message);
		Envelope.number(body, 7);
		Envelope user = Envelope.decode(body);
		assertThat(user.userMessage()).isEqualTo(message);
		assertThat(user.originNode()).isEqualTo("node-1");
		assertThat(user.originNumber()).isEqualTo(7);
		UserMessage fromTheApplication = new UserMessage("alice", "notifications", "note", 1, null, "null");
		assertThat(Envelope.decode(Envelope.user("node-1", fromTheApplication)).userMessage())
			.isEqualTo(fromTheApplication);
	}

	@Test
	void refusesWhatIsNotAnEnvelope() {
		assertThat(Envelope.decode(bytes(""))).isNull();
		assertThat(Envelope.decode(bytes("X\nwhatever"))).isNull();
		assertThat(Envelope.decode(bytes("S\n1-0\n"))).as("a header cut short").isNull();
		assertThat(Envelope.decode(bytes("hello"))).isNull();
	}

	@Test
	void splitsAFrameAroundItsIdEvenWhenThePayloadHoldsThePlaceholder() {
		FrameTemplate plain = FrameTemplate.of((id) -> OutboundFrame.of("{\"id\":\"" + id + "\",\"data\":1}"));
		assertThat(plain.head()).isEqualTo("{\"id\":\"");
		assertThat(plain.tail()).isEqualTo("\",\"data\":1}");
		String tricky = "9223372036854775807-9223372036854775806";
		FrameTemplate template = FrameTemplate
			.of((id) -> OutboundFrame.of("{\"id\":\"" + id + "\",\"data\":\"" + tricky + "\"}"));
		assertThat(template.frame(new StreamId(3, 4)).text())
			.isEqualTo("{\"id\":\"3-4\",\"data\":\"" + tricky + "\"}");
		FrameTemplate inTheHead = FrameTemplate
			.of((id) -> OutboundFrame.of("{\"event\":\"" + tricky + "\",\"id\":\"" + id + "\"}"));
		assertThat(inTheHead.frame(new StreamId(3, 4)).text()).isEqualTo("{\"event\":\"" + tricky + "\",\"id\":\"3-4\"}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FrameTemplate.of((id) -> OutboundFrame.of("{\"a\":\"" + id + "\",\"b\":\"" + id + "\"}")));
		assertThatIllegalArgumentException().isThrownBy(() -> FrameTemplate.of((id) -> OutboundFrame.of("{}")));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
