package io.wsstreams.broker;

import java.util.ArrayList;
import java.util.List;

import io.wsstreams.protocol.OutboundFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TopicRouter}.
 */
class TopicRouterTests {

	private final Recorder engine = new Recorder();

	private final Recorder pusher = new Recorder();

	@Test
	void topicsOfANamespaceGoToItsListenerAndEverythingElseToTheEngine() {
		TopicRouter router = new TopicRouter().start(this.engine);
		router.route("#pusher#", this.pusher);
		router.onTopicMessage(message("#pusher#app-id#orders"));
		router.onTopicMessage(message("channel:1:chat"));
		UserMessage user = new UserMessage("ada", "chat", "said", 1L, null, "{}");
		router.onUserMessage(user);
		assertThat(this.pusher.topics).containsExactly("#pusher#app-id#orders");
		assertThat(this.engine.topics).containsExactly("channel:1:chat");
		assertThat(this.engine.users).containsExactly(user);
		assertThat(this.pusher.users).isEmpty();
	}

	@Test
	void refusesANamespaceRoutedTwiceAndAnEmptyOne() {
		TopicRouter router = new TopicRouter().start(this.engine);
		router.route("#pusher#", this.pusher);
		assertThatIllegalStateException().isThrownBy(() -> router.route("#pusher#", this.engine));
		assertThatIllegalStateException().isThrownBy(() -> router.route("", this.engine));
	}

	@Test
	void startsOnceAndDeliversOnlyOnceStarted() {
		TopicRouter router = new TopicRouter();
		assertThatIllegalStateException().isThrownBy(() -> router.onTopicMessage(message("a:1:b")));
		router.start(this.engine);
		assertThatIllegalStateException().isThrownBy(() -> router.start(this.pusher));
	}

	private static TopicMessage message(String topic) {
		return TopicMessage.live(topic, "feature", OutboundFrame.of("{}"), null);
	}

	private static final class Recorder implements BrokerListener {

		private final List<String> topics = new ArrayList<>();

		private final List<UserMessage> users = new ArrayList<>();

		@Override
		public void onTopicMessage(TopicMessage message) {
			this.topics.add(message.topic());
		}

		@Override
		public void onUserMessage(UserMessage message) {
			this.users.add(message);
		}

	}

}
