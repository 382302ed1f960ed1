package io.wsstreams.pusher;

import java.net.URI;
import java.util.Set;

import io.wsstreams.pusher.webhook.PusherWebhookTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PusherWebhookTarget}.
 */
class PusherWebhookTargetTests {

	@Test
	void acceptsEveryEventWithoutEventTypesAndOnlyItsOwnWithThem() {
		PusherWebhookTarget all = new PusherWebhookTarget(URI.create("https://hooks.example.com/pusher"), Set.of());
		assertThat(PusherWebhookTarget.EVENT_TYPES).allMatch(all::accepts);
		PusherWebhookTarget some = new PusherWebhookTarget(URI.create("http://hooks.example.com/pusher"),
				Set.of("channel_vacated", "client_event"));
		assertThat(PusherWebhookTarget.EVENT_TYPES.stream().filter(some::accepts)).containsExactly("channel_vacated",
				"client_event");
	}

	@Test
	void refusesUrlsThatAreNotAbsoluteHttpOnesAndUnknownEventTypes() {
		for (String url : new String[] { "ftp://hooks.example.com/", "/relative", "mailto:hooks@example.com",
				"https:opaque" }) {
			assertThatIllegalArgumentException().as(url)
				.isThrownBy(() -> new PusherWebhookTarget(URI.create(url), Set.of()));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PusherWebhookTarget(URI.create("https://hooks.example.com/"), Set.of("cache_miss")))
			.withMessageContaining("cache_miss");
	}

	@Test
	void describesItselfWithoutUserInfoOrQuery() {
		PusherWebhookTarget target = new PusherWebhookTarget(
				URI.create("https://user:secret@hooks.example.com:8443/pusher?token=secret"), Set.of());
		assertThat(target.describe()).isEqualTo("https://hooks.example.com:8443/pusher");
	}

}
