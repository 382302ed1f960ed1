package io.wsstreams.pusher.webhook;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.wsstreams.pusher.server.PusherActivity;

/**
 * Where an app's webhooks are posted, and which of its events.
 *
 * @param url the {@code http} or {@code https} URL
 * @param eventTypes the event names sent to it; every one when empty
 */
public record PusherWebhookTarget(URI url, Set<String> eventTypes) {

	/** The events Pusher's webhooks report. */
	public static final List<String> EVENT_TYPES = List.of(PusherActivity.CHANNEL_OCCUPIED,
			PusherActivity.CHANNEL_VACATED, PusherActivity.MEMBER_ADDED, PusherActivity.MEMBER_REMOVED,
			PusherActivity.CLIENT_EVENT);

	/**
	 * Creates a target.
	 * @param url the {@code http} or {@code https} URL
	 * @param eventTypes the event names sent to it; every one when empty
	 * @throws IllegalArgumentException when the URL is not an absolute {@code http} or
	 * {@code https} one, or an event type is not one of {@link #EVENT_TYPES}
	 */
	public PusherWebhookTarget {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
			throw new IllegalArgumentException("A webhook URL is an absolute http or https URL");
		}
		for (String type : eventTypes) {
			if (!EVENT_TYPES.contains(type)) {
				throw new IllegalArgumentException("Unknown webhook event type '" + type + "', expected one of " + EVENT_TYPES);
			}
		}
		eventTypes = Set.copyOf(eventTypes);
	}

	/**
	 * Whether an event is sent to this target.
	 * @param name the event name
	 * @return whether it is
	 */
	public boolean accepts(String name) {
		return this.eventTypes.isEmpty() || this.eventTypes.contains(name);
	}

	/**
	 * The URL without its user info and query, as logs show it.
	 * @return the scheme, host, port and path
	 */
	public String describe() {
		return this.url.getScheme() + "://" + this.url.getHost() + ((this.url.getPort() >= 0) ? ":" + this.url.getPort() : "")
				+ ((this.url.getRawPath() != null) ? this.url.getRawPath() : "");
	}

}
