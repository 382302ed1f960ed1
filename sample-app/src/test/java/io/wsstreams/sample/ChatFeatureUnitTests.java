package io.wsstreams.sample;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.sample.ChatFeature.ChatMessage;
import io.wsstreams.sample.TypingFeature.Typing;
import io.wsstreams.test.RecordingStreamContext;
import io.wsstreams.test.RecordingStreamContext.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatFeatureUnitTests {

	@Test
	void sendPublishesTheMessageToEveryoneOnTheChannel() {
		ChatFeature chat = new ChatFeature();
		RecordingStreamContext context = RecordingStreamContext.of("channel:1", "chat")
			.withStrategy(DeliveryStrategy.STREAMS)
			.withUser("alice");

		chat.send(new ChatMessage("Hello"), context);

		assertThat(context.published()).singleElement().satisfies((published) -> {
			assertThat(published.target()).isEqualTo(Target.TOPIC);
			assertThat(published.event()).isEqualTo("message");
			assertThat(published.data()).isEqualTo(new ChatMessage("Hello"));
			assertThat(published.id()).isEqualTo("1-0");
		});
		assertThat(context.sent()).isEmpty();
	}

	@Test
	void typingGoesToTheOthersOnly() {
		TypingFeature typing = new TypingFeature();
		RecordingStreamContext context = RecordingStreamContext.of("channel:1", "typing").withUser("alice");

		typing.typing(new Typing(true), context);

		assertThat(context.published()).extracting((published) -> published.target())
			.containsExactly(Target.OTHERS);
		assertThat(context.published().get(0).id()).isNull();
	}

}
