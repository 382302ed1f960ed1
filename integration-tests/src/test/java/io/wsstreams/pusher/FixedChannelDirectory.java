package io.wsstreams.pusher;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstreams.pusher.server.PusherChannelDirectory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A directory of channels with fixed contents, for the tests of the HTTP API: app
 * {@code app-id} has {@code orders} with one subscription and {@code presence-room} with
 * three subscriptions of two users, {@code alice} and {@code bob}; {@code presence-empty}
 * is listed but vacant. Terminated users are recorded.
 */
final class FixedChannelDirectory implements PusherChannelDirectory {

	private static final Map<String, PusherChannelInfo> CHANNELS = Map.of("orders", new PusherChannelInfo(1, 0),
			"presence-room", new PusherChannelInfo(3, 2), "presence-empty", PusherChannelInfo.VACANT);

	final List<String> terminated = new CopyOnWriteArrayList<>();

	@Override
	public Map<String, PusherChannelInfo> channels(String appId, @Nullable String prefix) {
		Map<String, PusherChannelInfo> channels = new TreeMap<>();
		if (appId.equals("app-id")) {
			CHANNELS.forEach((name, info) -> {
				if (prefix == null || name.startsWith(prefix)) {
					channels.put(name, info);
				}
			});
		}
		return channels;
	}

	@Override
	public PusherChannelInfo channel(String appId, String channel) {
		return appId.equals("app-id") ? CHANNELS.getOrDefault(channel, PusherChannelInfo.VACANT)
				: PusherChannelInfo.VACANT;
	}

	@Override
	public List<PusherMember> members(String appId, String channel) {
		return (appId.equals("app-id") && channel.equals("presence-room"))
				? List.of(new PusherMember("alice", "{\"name\":\"Alice\"}"), new PusherMember("bob", null)) : List.of();
	}

	@Override
	public void terminate(String appId, String userId) {
		this.terminated.add(appId + ":" + userId);
	}

	/** Registers the directory. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		@Primary
		FixedChannelDirectory fixedChannelDirectory() {
			return new FixedChannelDirectory();
		}

	}

}
