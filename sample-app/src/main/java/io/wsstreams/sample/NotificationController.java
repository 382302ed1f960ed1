package io.wsstreams.sample;

import java.time.Duration;

import io.wsstreams.StreamPublisher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
 */
@RestController
class NotificationController {

	/** The most notifications one user may post per second. */
	static final int PER_SECOND = 10;

	private final StreamPublisher publisher;

	private final NotificationRateLimiter limiter = new NotificationRateLimiter(PER_SECOND, Duration.ofSeconds(1),
			System::nanoTime);

	NotificationController(StreamPublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/api/channels/{id}/notifications")
	ResponseEntity<Void> notify(@PathVariable @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String id,
			@Valid @RequestBody Notification notification, @RequestAttribute(SignedInInterceptor.USER) String user) {
		Duration retryAfter = this.limiter.tryAcquire(user);
		if (!retryAfter.isZero()) {
			throw new TooManyNotificationsException(PER_SECOND, retryAfter);
		}
		this.publisher.publish("channel:" + id, NotificationsFeature.NAME, "message", notification);
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
