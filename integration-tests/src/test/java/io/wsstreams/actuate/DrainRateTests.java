package io.wsstreams.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A drain closes connections at the rate asked for, as the clients see it.
 */
@OperationsTest
class DrainRateTests extends OperationsTestSupport {

	private static final int CONNECTIONS = 200;

	private static final int RATE = 100;

	@Test
	void drainsTwoHundredConnectionsAtOneHundredPerSecondWithinTwentyPercent() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.actuator.streams().path("connections").asInt() == 0);
		List<String> tokens = IntStream.range(0, 20).mapToObj((user) -> signIn("drain-" + user)).toList();
		List<BareSocket> sockets = BareSocket.joinAll(this.port, CONNECTIONS,
				(i) -> "stream=drain:" + (i % 10) + "&clients=echo", (i) -> tokens.get(i % tokens.size()));
		assertThat(this.actuator.streams().path("connections").asInt()).isEqualTo(CONNECTIONS);

		assertThat(this.actuator.post("/streams", "{\"rate\":" + RATE + "}").status()).isEqualTo(200);

		List<BareSocket.Close> closes = new ArrayList<>();
		for (BareSocket socket : sockets) {
			closes.add(socket.awaitClose(Duration.ofSeconds(10)));
		}
		assertThat(closes).allSatisfy((close) -> {
			assertThat(close.code()).isEqualTo(1012);
			assertThat(close.reason()).isEqualTo("Service restart");
		});
		long first = closes.stream().mapToLong(BareSocket.Close::atNanos).min().orElseThrow();
		long last = closes.stream().mapToLong(BareSocket.Close::atNanos).max().orElseThrow();
		double seconds = (last - first) / 1e9;
		double expected = (CONNECTIONS - 1) / (double) RATE;
		assertThat(seconds).as("seconds from first to last close").isCloseTo(expected, within(expected * 0.2));
		double rate = (CONNECTIONS - 1) / seconds;
		assertThat(rate).as("closes per second").isCloseTo(RATE, within(RATE * 0.2));
	}

}
