package io.wsstreams.sample;

import io.wsstreams.publish.StreamPublisher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes application notifications to a channel's {@code notifications} feature: the
 * HTTP side of a server push.
 */
@RestController
class NotificationController {

	private final StreamPublisher publisher;

	NotificationController(StreamPublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/api/channels/{id}/notifications")
	ResponseEntity<Void> notify(@PathVariable @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String id,
			@Valid @RequestBody Notification notification) {
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
