package io.wsstreams.pusher.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMembers;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.broker.TopicOccupancy.Subscribed;
import io.wsstreams.broker.TopicOccupancy.Subscription;
import io.wsstreams.broker.TopicOccupancy.Unsubscribed;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.pusher.PusherCodec;
import io.wsstreams.pusher.PusherErrorCode;
import io.wsstreams.pusher.PusherNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * This node's subscribers of Pusher channels, the publishing of channel events through
 * the broker, which carries them to every node with subscribers, and the occupancy of
 * channels across nodes, which tells who is on a presence channel and when a channel is
 * occupied or vacated.
 *
 * <p>An event is encoded once, by the node that publishes it; every node hands the same
 * text to each of its subscribers but the excluded socket. Member changes are announced
 * by the {@link TopicOccupancy} in the same step as the change, so that every node
 * receives them in order. What webhooks report goes to the {@link PusherActivityListener}
 * on the node where it happened, on the thread that made it.
 *
 * <p>Each app also has a control topic, {@code #pusher#<app id>} (channel topics always
 * have a {@code #} after the app id), whose members on a node are the connections signed
 * in there: a user's termination travels through it to every node.
 */
public final class PusherChannels implements BrokerListener {

	/** The feature name publications are counted under. */
	public static final String FEATURE = "pusher";

	private static final Log logger = LogFactory.getLog(PusherChannels.class);

	private final TopicMembers<PusherConnection> byTopic;

	private final MessageBroker broker;

	private final PusherCodec codec;

	private final TopicOccupancy occupancy;

	private final Supplier<List<PusherActivityListener>> activity;

	private final Duration ttl;

	/**
	 * Creates the channels of this node.
	 * @param broker the broker
	 * @param codec the codec that encodes events
	 * @param occupancy who is on which channel, across nodes
	 * @param activity the listeners of what webhooks report, in order
	 * @param ttl how long an occupancy entry of this node lives unless refreshed
	 */
	public PusherChannels(MessageBroker broker, PusherCodec codec, TopicOccupancy occupancy,
			Supplier<List<PusherActivityListener>> activity, Duration ttl) {
		this.broker = broker;
		this.byTopic = new TopicMembers<>(broker);
		this.codec = codec;
		this.occupancy = occupancy;
		this.activity = activity;
		this.ttl = ttl;
		occupancy.start(broker::publish);
	}

	/**
	 * Publishes an event on a channel, to its subscribers on every node.
	 * @param appId the app id
	 * @param channel a valid channel name
	 * @param event a valid event name
	 * @param data the data, sent to clients as a string
	 * @param excludeSocketId a socket that must not receive it, or {@code null}
	 */
	public void publish(String appId, String channel, String event, String data, @Nullable String excludeSocketId) {
		publish(appId, channel, event, data, excludeSocketId, null);
	}

	/**
	 * Publishes an event on a channel, naming the member who sent it.
	 */
	void publish(String appId, String channel, String event, String data, @Nullable String excludeSocketId,
			@Nullable String userId) {
		OutboundFrame frame = OutboundFrame.of(this.codec.channelEvent(event, channel, data, userId));
		this.broker.publish(TopicMessage.live(PusherTopics.topic(appId, channel), FEATURE, frame, excludeSocketId));
	}

	/**
	 * Subscribes a connection to a channel of its app, as a member of a presence channel
	 * when a member is given. Returns once this node receives the channel's events.
	 * @param connection the connection
	 * @param channel the channel
	 * @param member the member on a presence channel, else {@code null}
	 * @param maxMembers the most members a presence channel may have
	 * @return what the subscription changed; {@link Subscribed#FULL} when the presence
	 * channel has its most members
	 */
	Subscribed subscribe(PusherConnection connection, String channel, @Nullable PresenceMember member,
			int maxMembers) {
		String appId = connection.app().id();
		String topic = PusherTopics.topic(appId, channel);
		if (member != null) {
			connection.holdMembers(channel);
		}
		try {
			this.byTopic.add(topic, connection);
		}
		catch (RuntimeException ex) {
			connection.forgetMembers(channel);
			throw ex;
		}
		Subscribed subscribed;
		try {
			String added = (member != null) ? this.codec.memberAdded(channel, member.userId(), member.info()) : null;
			subscribed = this.occupancy.subscribe(subscription(connection, channel, member), infoText(member),
					maxMembers, added, this.ttl);
		}
		catch (RuntimeException ex) {
			connection.forgetMembers(channel);
			this.byTopic.remove(topic, connection);
			throw ex;
		}
		if (!subscribed.accepted()) {
			connection.forgetMembers(channel);
			this.byTopic.remove(topic, connection);
			return subscribed;
		}
		if (subscribed.occupied()) {
			report(appId, PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, channel));
		}
		if (subscribed.memberAdded() && member != null) {
			report(appId, PusherActivity.member(PusherActivity.MEMBER_ADDED, channel, member.userId()));
		}
		return subscribed;
	}

	/**
	 * Unsubscribes a connection from a channel; the last subscriber of this node
	 * unsubscribes the broker.
	 * @param connection the connection
	 * @param channel the channel
	 * @param userId its member's user on a presence channel, else {@code null}
	 */
	void unsubscribe(PusherConnection connection, String channel, @Nullable String userId) {
		String appId = connection.app().id();
		try {
			String removed = (userId != null) ? this.codec.memberRemoved(channel, userId) : null;
			Unsubscribed unsubscribed = this.occupancy.unsubscribe(
					new Subscription(appId, channel, connection.socketId(), userId), removed);
			if (unsubscribed.memberRemoved() && userId != null) {
				report(appId, PusherActivity.member(PusherActivity.MEMBER_REMOVED, channel, userId));
			}
			if (unsubscribed.vacated()) {
				report(appId, PusherActivity.channel(PusherActivity.CHANNEL_VACATED, channel));
			}
		}
		finally {
			connection.forgetMembers(channel);
			this.byTopic.remove(PusherTopics.topic(appId, channel), connection);
		}
	}

	/**
	 * Listens, for a connection that signed in, to its user's termination and to the
	 * events sent to the user.
	 * @param connection the connection
	 * @param userId the user
	 */
	void signedIn(PusherConnection connection, String userId) {
		String appId = connection.app().id();
		this.byTopic.add(controlTopic(appId), connection);
		try {
			this.byTopic.add(PusherTopics.topic(appId, PusherNames.SERVER_TO_USER_PREFIX + userId), connection);
		}
		catch (RuntimeException ex) {
			this.byTopic.remove(controlTopic(appId), connection);
			throw ex;
		}
	}

	/**
	 * Stops listening for a signed-in connection that closed.
	 * @param connection the connection
	 * @param userId the user
	 */
	void signedOut(PusherConnection connection, String userId) {
		String appId = connection.app().id();
		this.byTopic.remove(PusherTopics.topic(appId, PusherNames.SERVER_TO_USER_PREFIX + userId), connection);
		this.byTopic.remove(controlTopic(appId), connection);
	}

	/**
	 * Closes every connection of a signed-in user, on every node.
	 * @param appId the app id
	 * @param userId the user
	 */
	void terminate(String appId, String userId) {
		this.broker.publish(TopicMessage.live(controlTopic(appId), FEATURE, OutboundFrame.of(userId), null));
	}

	/**
	 * Extends this node's occupancy entries and removes those of nodes that died,
	 * announcing what that changed. Runs on the occupancy thread.
	 * @param connections this node's connections
	 * @param appIds every app's id
	 */
	void refreshAndExpire(Iterable<PusherConnection> connections, Iterable<String> appIds) {
		List<Subscription> subscriptions = new ArrayList<>();
		for (PusherConnection connection : connections) {
			for (String channel : connection.channels()) {
				subscriptions.add(new Subscription(connection.app().id(), channel, connection.socketId(),
						connection.presenceUser(channel)));
			}
		}
		this.occupancy.refresh(subscriptions, this.ttl);
		for (String appId : appIds) {
			for (TopicOccupancy.Expired expired : this.occupancy.expire(appId)) {
				String removed = expired.removedUser();
				if (removed != null) {
					publishFrame(appId, expired.channel(), this.codec.memberRemoved(expired.channel(), removed));
					report(appId, PusherActivity.member(PusherActivity.MEMBER_REMOVED, expired.channel(), removed));
				}
				if (expired.vacated()) {
					report(appId, PusherActivity.channel(PusherActivity.CHANNEL_VACATED, expired.channel()));
				}
			}
		}
	}

	/**
	 * Tells every activity listener of what happened, one failing listener keeping
	 * neither the others nor the caller from going on.
	 * @param appId the app id
	 * @param event the event
	 */
	void report(String appId, PusherActivity event) {
		for (PusherActivityListener listener : this.activity.get()) {
			try {
				listener.onActivity(appId, event);
			}
			catch (RuntimeException ex) {
				logger.warn("The Pusher activity listener " + listener.getClass().getName() + " failed on "
						+ event.name() + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * The occupancy across nodes.
	 * @return the occupancy
	 */
	TopicOccupancy occupancy() {
		return this.occupancy;
	}

	/**
	 * How long an occupancy entry of this node lives unless refreshed.
	 * @return the time to live
	 */
	Duration ttl() {
		return this.ttl;
	}

	/**
	 * How many channels have subscribers on this node.
	 * @return the number of channels
	 */
	public int size() {
		return this.byTopic.size();
	}

	@Override
	public void onTopicMessage(TopicMessage message) {
		Set<PusherConnection> members = this.byTopic.get(message.topic());
		if (members == null) {
			return;
		}
		String text = message.frame().text();
		if (message.topic().indexOf('#', PusherTopics.PREFIX.length()) < 0) {
			terminateHere(members, text);
			return;
		}
		// One frame for every subscriber: encoded once, whatever their number.
		OutboundFrame frame = message.frame();
		String exclude = message.excludeConnectionId();
		if (message.id() != null) {
			String channel = message.topic().substring(message.topic().indexOf('#', PusherTopics.PREFIX.length()) + 1);
			long version = message.id().millis();
			for (PusherConnection connection : members) {
				if (exclude == null || !exclude.equals(connection.socketId())) {
					connection.memberAnnouncement(channel, version, frame);
				}
			}
			return;
		}
		for (PusherConnection connection : members) {
			if (exclude == null || !exclude.equals(connection.socketId())) {
				connection.send(frame);
			}
		}
	}

	@Override
	public void onUserMessage(UserMessage message) {
		// User messages are the engine's: the router never hands them here.
	}

	private void terminateHere(Set<PusherConnection> signedIn, String userId) {
		CloseStatus status = new CloseStatus(PusherErrorCode.UNAUTHORIZED.code(), "Connection terminated");
		for (PusherConnection connection : signedIn) {
			if (userId.equals(connection.userId())) {
				connection.sendAndClose(this.codec.error(PusherErrorCode.UNAUTHORIZED.code(), "Connection terminated"),
						status);
			}
		}
	}

	private void publishFrame(String appId, String channel, String text) {
		this.broker
			.publish(TopicMessage.live(PusherTopics.topic(appId, channel), FEATURE, OutboundFrame.of(text), null));
	}

	private static Subscription subscription(PusherConnection connection, String channel,
			@Nullable PresenceMember member) {
		return new Subscription(connection.app().id(), channel, connection.socketId(),
				(member != null) ? member.userId() : null);
	}

	private static @Nullable String infoText(@Nullable PresenceMember member) {
		return (member != null && member.info() != null) ? member.info().toString() : null;
	}

	/**
	 * The control topic of an app.
	 * @param appId the app id
	 * @return {@code #pusher#<app id>}
	 */
	static String controlTopic(String appId) {
		return PusherTopics.PREFIX + appId;
	}

}
