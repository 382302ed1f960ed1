package io.wsstreams.pusher.server;

/**
 * The broker topics of Pusher channels: {@code #pusher#<app id>#<channel>}.
 *
 * <p>No topic of ws-streams' own streams starts with {@code #}, which stream names do not
 * contain, and neither app ids nor channel names contain {@code #}, so the topics of
 * different apps and channels never collide either.
 */
public final class PusherTopics {

	/** The prefix of every Pusher topic. */
	public static final String PREFIX = "#pusher#";

	private PusherTopics() {
	}

	/**
	 * The topic of a channel.
	 * @param appId the app id
	 * @param channel the channel name
	 * @return the topic
	 */
	public static String topic(String appId, String channel) {
		return PREFIX + appId + '#' + channel;
	}

}
