package io.wsstreams.delivery;

import java.util.Map;

import io.wsstreams.PublishResult;
import io.wsstreams.connection.JoinHandler;

/**
 * How a feature's events reach connections, and what a connection gets when it joins the
 * feature: one implementation per kind of delivery, chosen by the feature's definition
 * (see {@link Deliveries}). {@link LiveDelivery} fans out live ({@code pub-sub}),
 * {@link LogDelivery} appends to a replayable log first ({@code streams}), and
 * {@link PresenceService} adds who is online to a live topic.
 *
 * <p>A new strategy is one more implementation and one more case in
 * {@link Deliveries#of}; a networked log or broker plugs in below, as a
 * {@link io.wsstreams.broker.StreamLog} or {@link io.wsstreams.broker.MessageBroker}.
 */
public interface Delivery extends JoinHandler {

	/**
	 * Publishes an event to every connection on its topic, on every node. Never waits
	 * for a socket.
	 * @param publication the event
	 * @return the result, with the id for deliveries that keep a log
	 */
	PublishResult publish(Publication publication);

	/**
	 * The actions this delivery answers itself, by name.
	 * @return the reserved actions, empty by default
	 */
	default Map<String, ReservedAction> reservedActions() {
		return Map.of();
	}

}
