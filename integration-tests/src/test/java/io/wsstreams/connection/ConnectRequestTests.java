package io.wsstreams.connection;

import java.net.URI;
import java.util.Map;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.StreamFeature;
import io.wsstreams.feature.FeatureRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The connect-request parser on its own: the protocol's checks in order, exact stream
 * names, repeated and strategy-qualified clients, and resume points.
 */
class ConnectRequestTests {

	private final FeatureRegistry registry = FeatureRegistry
		.of(Map.of("chat", new Chat(), "typing", new Typing(), "presence", new Presence()));

	@Test
	void readsStreamClientsInOrderAndResumePoints() throws Exception {
		ConnectRequest request = parse(
				"stream=channel:123:thread:4&clients=typing,chat:streams&clients=typing:pub-sub,presence&since=chat:1-2,x");
		assertThat(request.stream()).isEqualTo("channel:123:thread:4");
		assertThat(request.features()).containsOnlyKeys("typing", "chat", "presence");
		assertThat(request.features().keySet()).containsExactly("typing", "chat", "presence");
		assertThat(request.features().get("chat").strategy()).isEqualTo(DeliveryStrategy.STREAMS);
		assertThat(request.since()).containsExactly(Map.entry("chat", "1-2"));
	}

	@Test
	void decodesPercentEncodedParameters() throws Exception {
		ConnectRequest request = parse("stream=channel%3A1&clients=chat%2Ctyping&since=chat%3A5-0");
		assertThat(request.stream()).isEqualTo("channel:1");
		assertThat(request.features()).containsOnlyKeys("chat", "typing");
		assertThat(request.since()).containsEntry("chat", "5-0");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "|no-stream|No stream specified", "stream=|no-stream|No stream specified",
			"clients=chat|no-stream|No stream specified", "stream=channel:1|no-clients|No clients specified",
			"stream=channel:1&clients=,|no-clients|No clients specified",
			"stream=nope&clients=nope:streams|invalid-stream|Invalid stream",
			"stream=channel:1%20&clients=chat|invalid-stream|Invalid stream",
			"stream=%00channel:1&clients=chat|invalid-stream|Invalid stream",
			"stream=channel:1%25zz&clients=chat|invalid-stream|Invalid stream",
			"stream=channel:1&clients=chat:pub-sub,nope|unknown-client|Unknown client: nope",
			"stream=channel:1&clients=chat:pub-sub|unsupported-strategy|Unsupported strategy: chat:pub-sub",
			"stream=channel:1&clients=typing:whatever|unsupported-strategy|Unsupported strategy: typing:whatever" })
	void refusesInTheProtocolsOrder(String query, String key, String reason) {
		ConnectRequest.Rejected rejected = catchThrowableOfType(ConnectRequest.Rejected.class,
				() -> parse((query != null) ? query : ""));
		assertThat(rejected).as(query).isNotNull();
		assertThat(rejected.reason()).isEqualTo(key);
		assertThat(rejected.status().getCode()).isEqualTo(1008);
		assertThat(rejected.status().getReason()).isEqualTo(reason);
	}

	@Test
	void acceptsAMissingQuery() {
		ConnectRequest.Rejected rejected = catchThrowableOfType(ConnectRequest.Rejected.class,
				() -> ConnectRequest.parse(null, this.registry));
		assertThat(rejected.reason()).isEqualTo("no-stream");
	}

	private ConnectRequest parse(String query) throws ConnectRequest.Rejected {
		return ConnectRequest.parse(URI.create("ws://localhost/ws" + (query.isEmpty() ? "" : "?" + query)),
				this.registry);
	}

	@StreamFeature(name = "chat", strategy = DeliveryStrategy.STREAMS)
	static class Chat {

	}

	@StreamFeature(name = "typing")
	static class Typing {

	}

	@StreamFeature(name = "presence")
	static class Presence {

	}

}
