package io.wsstreams.pusher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstreams.pusher.server.PusherActivity;
import io.wsstreams.pusher.server.PusherActivityListener;

/**
 * A {@link PusherActivityListener} that keeps what it hears, for tests.
 */
final class PusherActivityRecorder implements PusherActivityListener {

	private final List<String> heard = new CopyOnWriteArrayList<>();

	private final List<PusherActivity> events = new CopyOnWriteArrayList<>();

	@Override
	public void onActivity(String appId, PusherActivity event) {
		this.events.add(event);
		this.heard.add(appId + " " + event.name() + " " + event.channel()
				+ ((event.userId() != null) ? " " + event.userId() : ""));
	}

	/**
	 * What it heard about one channel, as {@code "<app> <name> <channel>[ <user>]"}.
	 * @param channel the channel
	 * @return the events in the order heard
	 */
	List<String> on(String channel) {
		return this.heard.stream().filter((line) -> line.split(" ")[2].equals(channel)).toList();
	}

	/**
	 * The events it heard.
	 * @return the events
	 */
	List<PusherActivity> events() {
		return this.events;
	}

}
