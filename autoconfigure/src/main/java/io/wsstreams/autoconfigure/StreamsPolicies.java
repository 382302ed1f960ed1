package io.wsstreams.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wsstreams.delivery.StreamsPolicy;

/**
 * Builds the {@code streams} policy from {@code ws-streams.streams.*}: the defaults, and
 * per feature the values it overrides.
 */
final class StreamsPolicies {

	private StreamsPolicies() {
	}

	static StreamsPolicy from(WsStreamsProperties.Streams streams) {
		StreamsPolicy.Settings defaults = new StreamsPolicy.Settings(streams.getHistory(), streams.getMaxCount(),
				streams.getMaxAge());
		Map<String, StreamsPolicy.Settings> overrides = new LinkedHashMap<>();
		streams.getFeatures()
			.forEach((feature, override) -> overrides.put(feature,
					new StreamsPolicy.Settings(
							(override.getHistory() != null) ? override.getHistory() : defaults.history(),
							(override.getMaxCount() != null) ? override.getMaxCount() : defaults.maxCount(),
							(override.getMaxAge() != null) ? override.getMaxAge() : defaults.maxAge())));
		return new StreamsPolicy(defaults, overrides, streams.getMaxHistoryPage());
	}

}
