package io.wsstreams.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.pusher.server.PusherWebSocketHandler;

/**
 * Micrometer meters of this node's Pusher sockets under {@code ws.streams.pusher}: open
 * connections, channels with subscribers, and messages and bytes by direction. Counters
 * read the endpoint's statistics when scraped. Tags carry no app key, user, socket id or
 * message data.
 */
public final class PusherMetrics implements MeterBinder {

	private final PusherWebSocketHandler pusher;

	public PusherMetrics(PusherWebSocketHandler pusher) {
		this.pusher = pusher;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("ws.streams.pusher.connections", this.pusher, PusherWebSocketHandler::size)
			.description("Open Pusher connections")
			.register(meters);
		Gauge.builder("ws.streams.pusher.channels", this.pusher, PusherWebSocketHandler::channelCount)
			.description("Pusher channels with at least one subscriber on this node")
			.register(meters);
		StreamStatistics.Traffic traffic = this.pusher.statistics().total();
		FunctionCounter.builder("ws.streams.pusher.messages", traffic, StreamStatistics.Traffic::messagesIn)
			.description("Pusher messages")
			.tag("direction", "in")
			.register(meters);
		FunctionCounter.builder("ws.streams.pusher.messages", traffic, StreamStatistics.Traffic::messagesOut)
			.description("Pusher messages")
			.tag("direction", "out")
			.register(meters);
		FunctionCounter.builder("ws.streams.pusher.bytes", traffic, StreamStatistics.Traffic::bytesIn)
			.description("Pusher message bytes")
			.baseUnit("bytes")
			.tag("direction", "in")
			.register(meters);
		FunctionCounter.builder("ws.streams.pusher.bytes", traffic, StreamStatistics.Traffic::bytesOut)
			.description("Pusher message bytes")
			.baseUnit("bytes")
			.tag("direction", "out")
			.register(meters);
	}

}
