package io.wsstreams.sample;

import java.util.Map;

import io.wsstreams.pusher.server.PusherEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with Pusher compatibility turned off: no Pusher endpoint and no auth endpoint,
 * and notifications still reach ws-streams' clients.
 */
@TestPropertySource(properties = "ws-streams.pusher.enabled=false")
class PusherDisabledTests extends SampleTest {

	@Autowired
	private ObjectProvider<PusherEvents> pusher;

	@Test
	void servesNoPusherEndpointAndStillPublishesNotifications() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(this.pusher.getIfAvailable()).isNull();
		assertThat(this.http.postForm("/pusher/auth", Map.of("socket_id", "1.2", "channel_name", "private-a"),
				alice.tokenHeader())
			.statusCode()).isEqualTo(404);
		assertThat(this.http.get("/app/app-key?protocol=7").statusCode()).isEqualTo(404);
		assertThat(this.http.post("/api/channels/off/notifications", "{\"text\":\"hi\"}", alice.tokenHeader())
			.statusCode()).isEqualTo(202);
	}

}
