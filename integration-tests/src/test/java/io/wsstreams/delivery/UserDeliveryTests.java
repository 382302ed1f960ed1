package io.wsstreams.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.StreamsSocketTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@StreamsSocketTest
class UserDeliveryTests extends StreamsSocketSupport {

	@Test
	void publishToUserReachesEveryConnectionOfTheUserThatSelectedTheFeatureOnAnyStreamAndNoOther() {
		try (StreamsTestConnection bobRoom1 = this.sockets.join("bob", "room:user-1", "notifications");
				StreamsTestConnection bobRoom2 = this.sockets.join("bob", "room:user-2", "echo,notifications");
				StreamsTestConnection bobOtherTab = this.sockets.join("bob", "room:user-1", "notifications,echo");
				StreamsTestConnection bobWithoutFeature = this.sockets.join("bob", "room:user-1", "echo");
				StreamsTestConnection alice = this.sockets.join("alice", "room:user-1", "notifications")) {
			this.publisher.publishToUser("bob", "notifications", Map.of("text", "for bob"));
			for (StreamsTestConnection client : List.of(bobRoom1, bobRoom2, bobOtherTab)) {
				JsonNode frame = client.next("notifications");
				assertThat(frame.path("event").asString()).isEqualTo("message");
				assertThat(frame.path("data").path("text").asString()).isEqualTo("for bob");
				assertThat(frame.path("from").isNull()).isTrue();
				assertThat(frame.has("id") && !frame.path("id").isNull()).isFalse();
			}
			this.publisher.publishToUser("alice", "notifications", "event", Map.of("text", "marker"));
			JsonNode marker = alice.next("notifications");
			assertThat(marker.path("event").asString()).isEqualTo("event");
			assertThat(marker.path("data").path("text").asString()).isEqualTo("marker");
			// Deliveries are in publish order: a later marker proves nothing earlier is in flight.
			this.publisher.publishToUser("bob", "echo", Map.of("text", "marker"));
			assertThat(bobWithoutFeature.next("echo").path("data").path("text").asString()).isEqualTo("marker");
			assertThat(bobWithoutFeature.received()).noneMatch((frame) -> "notifications".equals(frame.path("type").asString()));
			assertThat(alice.received()).noneMatch((frame) -> "for bob".equals(frame.path("data").path("text").asString()));
			assertThat(bobRoom1.received()).noneMatch((frame) -> "echo".equals(frame.path("type").asString()));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(bobRoom2.received())
					.anyMatch((frame) -> "echo".equals(frame.path("type").asString())));
		}
	}

	@Test
	void publishToUserWithAStreamsFeatureIsALiveDeliveryNotLogged() {
		try (StreamsTestConnection bob = this.sockets.join("bob", "room:user-3", "log")) {
			Sockets.untilSynced(bob, "log");
			this.publisher.publishToUser("bob", "log", Map.of("text", "direct"));
			JsonNode frame = bob.next("log");
			assertThat(frame.path("data").path("text").asString()).isEqualTo("direct");
		}
		try (StreamsTestConnection late = this.sockets.join("bob", "room:user-3", "log")) {
			assertThat(Sockets.untilSynced(late, "log").replay()).isEmpty();
		}
	}

}
