package io.wsstreams.pusher.server;

/**
 * Hears what Pusher's webhooks report, once for all nodes: a channel becoming occupied or
 * vacated, members added to and removed from presence channels, and client events.
 *
 * <p>Called on the node where the change happened, on the thread that made it, so an
 * implementation must return quickly and never block (queue the work). Every listener
 * bean hears every event, in {@link org.springframework.core.annotation.Order @Order}:
 * the webhook sender and any of the application's own; one that throws is logged and
 * keeps neither the others nor the socket from going on.
 */
@FunctionalInterface
public interface PusherActivityListener {

	/** A listener that ignores everything. */
	PusherActivityListener NONE = (appId, event) -> {
	};

	/**
	 * Something happened on a channel of an app.
	 * @param appId the app id
	 * @param event what happened
	 */
	void onActivity(String appId, PusherActivity event);

}
