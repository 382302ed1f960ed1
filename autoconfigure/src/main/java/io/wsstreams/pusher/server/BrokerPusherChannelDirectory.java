package io.wsstreams.pusher.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.pusher.PusherChannelType;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PusherChannelDirectory} of the nodes that share the broker: counts and
 * members come from the {@link TopicOccupancy} every node writes to, and a termination
 * travels through the broker to every node with connections of the app.
 */
public final class BrokerPusherChannelDirectory implements PusherChannelDirectory {

	private final PusherChannels channels;

	/**
	 * Creates the directory.
	 * @param channels the channels of this node, which reach the others
	 */
	public BrokerPusherChannelDirectory(PusherChannels channels) {
		this.channels = channels;
	}

	@Override
	public Map<String, PusherChannelInfo> channels(String appId, @Nullable String prefix) {
		Map<String, PusherChannelInfo> found = new LinkedHashMap<>();
		this.channels.occupancy().channels(appId).forEach((channel, counts) -> {
			if ((prefix == null || channel.startsWith(prefix)) && counts.subscriptions() > 0) {
				found.put(channel, info(channel, counts));
			}
		});
		return found;
	}

	@Override
	public PusherChannelInfo channel(String appId, String channel) {
		TopicOccupancy.Counts counts = this.channels.occupancy().channel(appId, channel);
		return (counts.subscriptions() > 0) ? info(channel, counts) : PusherChannelInfo.VACANT;
	}

	@Override
	public List<PusherMember> members(String appId, String channel) {
		List<PusherMember> members = new ArrayList<>();
		for (TopicOccupancy.Member member : this.channels.occupancy().members(appId, channel)) {
			members.add(new PusherMember(member.user(), member.info()));
		}
		return members;
	}

	@Override
	public void terminate(String appId, String userId) {
		this.channels.terminate(appId, userId);
	}

	private static PusherChannelInfo info(String channel, TopicOccupancy.Counts counts) {
		boolean presence = PusherChannelType.of(channel) == PusherChannelType.PRESENCE;
		return new PusherChannelInfo(counts.subscriptions(), presence ? counts.users() : 0);
	}

}
