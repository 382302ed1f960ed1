package io.wsstreams.sample;

import java.time.Duration;

import io.wsstreams.StreamPublisher;
import io.wsstreams.pusher.server.PusherEvents;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes application notifications to a channel's {@code notifications} feature: the
 * HTTP side of a server push. Each user may post at most {@value #PER_SECOND}
 * notifications per second, across all of their sessions; more are answered 429.
 *
 * <p>With Pusher compatibility on, as in the sample's defaults, a notification is also
 * triggered as the event {@value #PUSHER_EVENT} on the public Pusher channel
 * {@code channel-{id}}, so that pusher-js and Laravel Echo clients receive it too.
 */
@RestController
class NotificationController {

	/** The most notifications one user may post per second. */
	static final int PER_SECOND = 10;

	/** The name of the Pusher event a notification is triggered as. */
	static final String PUSHER_EVENT = "notification";

	private final StreamPublisher publisher;

	private final ObjectProvider<PusherEvents> pusher;

	private final String pusherAppId;

	private final JsonMapper json;

	private final NotificationRateLimiter limiter = new NotificationRateLimiter(PER_SECOND, Duration.ofSeconds(1),
			System::nanoTime);

	NotificationController(StreamPublisher publisher, ObjectProvider<PusherEvents> pusher,
			@Value("${ws-streams.pusher.apps[0].id:}") String pusherAppId, JsonMapper json) {
		this.publisher = publisher;
		this.pusher = pusher;
		this.pusherAppId = pusherAppId;
		this.json = json;
	}

	@PostMapping("/api/channels/{id}/notifications")
	ResponseEntity<Void> notify(@PathVariable @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String id,
			@Valid @RequestBody Notification notification, @RequestAttribute(SignedInInterceptor.USER) String user) {
		Duration retryAfter = this.limiter.tryAcquire(user);
		if (!retryAfter.isZero()) {
			throw new TooManyNotificationsException(PER_SECOND, retryAfter);
		}
		this.publisher.publish("channel:" + id, NotificationsFeature.NAME, "message", notification);
		this.pusher.ifAvailable((events) -> events.trigger(this.pusherAppId, "channel-" + id, PUSHER_EVENT,
				this.json.writeValueAsString(notification)));
		return ResponseEntity.accepted().build();
	}

	/**
	 * A notification, as posted and as delivered in the event's {@code data}.
	 *
	 * @param text the text
	 */
	record Notification(@NotBlank @Size(max = 500) String text) {
	}

}
