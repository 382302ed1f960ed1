package io.wsstreams.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.RawWebSocket;
import io.wsstreams.it.ShortTimings;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's heartbeat: protocol pings every interval (400 ms here), the first one at a
 * random point of the first interval's second half, and 4408 for a
 * client silent for the timeout (1.5 s here). The JDK client answers pings as it reads
 * them, so a client that stops reading stops answering.
 */
@StreamsServerTest
@ShortTimings
class HeartbeatTests extends SocketTestSupport {

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	StreamPublisher publisher;

	@Test
	void sendsProtocolPingsAtTheHeartbeatInterval() {
		StreamsTestConnection client = connectAs(unique("alice"), "stream=channel:1&clients=echo");
		assertThat(client.next().path("data").path("heartbeatMs").asLong())
			.isEqualTo(ShortTimings.HEARTBEAT_INTERVAL_MILLIS);
		await().atMost(Duration.ofSeconds(5)).until(() -> client.pings().size() >= 6);
		List<Long> gaps = new ArrayList<>();
		List<Long> pings = client.pings();
		for (int i = 1; i < pings.size(); i++) {
			gaps.add(Duration.ofNanos(pings.get(i) - pings.get(i - 1)).toMillis());
		}
		assertThat(gaps).allSatisfy((gap) -> assertThat(gap).isBetween(ShortTimings.HEARTBEAT_INTERVAL_MILLIS - 50,
				3 * ShortTimings.HEARTBEAT_INTERVAL_MILLIS));
	}

	/**
	 * Connections that open together do not ping together: each one's first ping comes at
	 * a random point of the second half of its first interval (plus up to a sweep of 80 ms
	 * here), where without that spread every one of them comes a whole interval after its
	 * open.
	 */
	@Test
	void spreadsTheFirstPingsOfConnectionsThatOpenTogether() {
		List<StreamsTestConnection> clients = new ArrayList<>();
		List<Long> opened = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			clients.add(connectAs(unique("alice"), "stream=channel:1&clients=echo"));
			opened.add(System.nanoTime());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> clients.stream().allMatch((c) -> !c.pings().isEmpty()));
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			delays.add(Duration.ofNanos(clients.get(i).pings().get(0) - opened.get(i)).toMillis());
		}
		long interval = ShortTimings.HEARTBEAT_INTERVAL_MILLIS;
		assertThat(delays).as("first pings, ms after each open").allSatisfy((delay) -> assertThat(delay)
			.isBetween(interval / 2 - 50, 3 * interval));
		assertThat(delays).as("first pings, ms after each open").anySatisfy((delay) -> assertThat(delay)
			.isLessThan(interval - 80));
	}

	@Test
	void keepsConnectionThatAnswersPingsOpenPastTheTimeout() {
		StreamsTestConnection client = join(unique("alice"), "channel:1", "echo");
		await().atMost(Duration.ofSeconds(10)).until(() -> client.pings().size() >= 8);
		assertThat(client.isClosed()).isFalse();
		assertOpen(client);
	}

	@Test
	void closesWith4408WhenClientStopsAnswering() {
		StreamsTestConnection client = join(unique("alice"), "channel:1", "echo");
		StreamConnection connection = this.registry
			.get(client.received().get(0).path("data").path("connectionId").asString());
		client.stopReading();
		await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
		client.resumeReading();
		assertClosed(client, 4408, "Heartbeat timeout");
	}

	/**
	 * A client that never sends a frame of its own but answers pings stays open while a
	 * continuous stream keeps a write in flight at every heartbeat: it reads a little
	 * slower than the server writes, through a small receive buffer. Pings go out between
	 * frames, and the pongs keep it alive past three heartbeat timeouts.
	 */
	@Test
	void keepsAReceiveOnlyClientOpenWhileFramesFlowWithoutPause() {
		String stream = "channel:" + unique("flowing");
		try (RawWebSocket client = RawWebSocket.open(this.port, "/ws?stream=" + stream + "&clients=echo",
				Map.of(AUTH_TOKEN, signIn(unique("alice"))), 8 * 1024)) {
			String welcome = client.readFrame().text();
			StreamConnection connection = this.registry
				.get(welcome.replaceAll(".*\"connectionId\":\"([^\"]+)\".*", "$1"));
			AtomicInteger pings = new AtomicInteger();
			AtomicInteger frames = new AtomicInteger();
			AtomicBoolean closed = new AtomicBoolean();
			Thread reader = new Thread(() -> {
				while (!closed.get()) {
					RawWebSocket.Frame frame = client.readFrame();
					if (frame.opcode() == 9) {
						pings.incrementAndGet();
						client.sendFrame(10, frame.payload());
					}
					else if (frame.opcode() == 8) {
						closed.set(true);
					}
					else if (frames.incrementAndGet() % 8 == 0) {
						LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
					}
				}
			}, "slow-reader");
			reader.setDaemon(true);
			reader.start();
			String payload = "x".repeat(4 * 1024);
			long deadline = System.nanoTime() + Duration.ofMillis(3 * 1500 + 1000).toNanos();
			while (System.nanoTime() < deadline && connection.isOpen()) {
				if (connection.queuedBytes() < 32 * 1024) {
					this.publisher.publish(stream, "echo", "data", payload);
				}
				else {
					LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
				}
			}
			assertThat(connection.isOpen()).as("open after %d frames read, %d pings answered", frames.get(), pings.get())
				.isTrue();
			assertThat(closed).isFalse();
			assertThat(pings.get()).isGreaterThan(3);
		}
	}

}
