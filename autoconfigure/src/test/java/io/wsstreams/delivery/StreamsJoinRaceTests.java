package io.wsstreams.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.wsstreams.protocol.StreamId;
import io.wsstreams.test.StreamsSocketSupport;
import io.wsstreams.test.TestApplication;
import io.wsstreams.test.TestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static io.wsstreams.test.StreamsSocketSupport.JETTY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishers append to one topic continuously while clients join, read a little, drop
 * and resume from the last id they saw, over and over: every client's ids across all its
 * connections must be exactly the publishers' ids from its first one on.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { JETTY, "ws-streams.limits.max-outbound-queue=32MB", "ws-streams.limits.connections-per-user=64",
				"ws-streams.streams.features.chat.max-count=1000000" })
class StreamsJoinRaceTests extends StreamsSocketSupport {

	private static final String STREAM = "room:race";

	private static final int PUBLISHERS = 4;

	private static final int CLIENTS = 6;

	private static final Duration CLIENT_RUN = Duration.ofSeconds(8);

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS)
	void clientsThatRejoinWithTheLastIdTheySawWhilePublishersRunGetEveryIdOnceInOrder() throws Exception {
		AtomicBoolean publishing = new AtomicBoolean(true);
		ConcurrentLinkedQueue<StreamId> published = new ConcurrentLinkedQueue<>();
		AtomicInteger rejoins = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(PUBLISHERS + CLIENTS);
		try {
			List<Future<?>> publishers = new ArrayList<>();
			for (int p = 0; p < PUBLISHERS; p++) {
				int publisher = p;
				publishers.add(threads.submit(() -> publishUntilStopped(publisher, publishing, published)));
			}
			List<Future<List<StreamId>>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				String user = "racer-" + c;
				clients.add(threads.submit(() -> joinReadDropAndResume(user, rejoins)));
			}
			List<List<StreamId>> seen = new ArrayList<>();
			for (Future<List<StreamId>> client : clients) {
				seen.add(client.get(CLIENT_RUN.toSeconds() + 8, TimeUnit.SECONDS));
			}
			publishing.set(false);
			for (Future<?> publisher : publishers) {
				publisher.get(5, TimeUnit.SECONDS);
			}
			List<StreamId> all = new ArrayList<>(published);
			Collections.sort(all);
			assertThat(all).as("ids returned to publishers").doesNotHaveDuplicates();
			assertThat(all.size()).as("published").isGreaterThan(2000);
			assertThat(rejoins.get()).as("rejoins").isGreaterThan(CLIENTS * 10);
			System.out.printf("Join race: %d published, %d rejoins, %d ids read%n", all.size(), rejoins.get(),
					seen.stream().mapToInt(List::size).sum());
			for (int c = 0; c < CLIENTS; c++) {
				List<StreamId> ids = seen.get(c);
				assertThat(ids).as("client %d", c).isNotEmpty().isSorted().doesNotHaveDuplicates();
				int from = Collections.binarySearch(all, ids.get(0));
				assertThat(from).as("client %d's first id was published", c).isNotNegative();
				assertThat(ids).as("client %d: every id from its first on, once, in order", c)
					.containsExactlyElementsOf(all.subList(from, from + ids.size()));
			}
		}
		finally {
			publishing.set(false);
			threads.shutdownNow();
		}
	}

	/** Publishes in small bursts, so that many ids share a millisecond. */
	private void publishUntilStopped(int publisher, AtomicBoolean publishing, ConcurrentLinkedQueue<StreamId> ids) {
		StreamId previous = null;
		int n = 0;
		while (publishing.get()) {
			for (int burst = 0; burst < 5; burst++) {
				StreamId id = StreamId.parse(this.publisher.publish(STREAM, "chat", Map.of("p", publisher, "n", n++)).id());
				assertThat(id).isNotNull();
				if (previous != null) {
					assertThat(id).isGreaterThan(previous);
				}
				previous = id;
				ids.add(id);
			}
			LockSupport.parkNanos(Duration.ofMillis(4).toNanos());
		}
	}

	/**
	 * Joins, reads a random number of the feature's events (replayed or live), drops the
	 * connection and resumes from the last id read, until the run is over.
	 * @return every id read, across all connections
	 */
	private List<StreamId> joinReadDropAndResume(String user, AtomicInteger rejoins) {
		List<StreamId> seen = new ArrayList<>();
		long end = System.nanoTime() + CLIENT_RUN.toNanos();
		@Nullable StreamId last = null;
		while (System.nanoTime() < end) {
			String since = (last != null) ? "chat:" + last : null;
			try (TestClient client = this.sockets.connect(user, STREAM, "chat", since)) {
				assertThat(client.next().path("type").asString()).isEqualTo("welcome");
				int toRead = ThreadLocalRandom.current().nextInt(1, 300);
				for (int read = 0; read < toRead;) {
					JsonNode frame = client.next();
					if ("synced".equals(frame.path("event").asString())) {
						assertThat(frame.path("data").path("recovered").asBoolean()).as("recovered after %s", last).isTrue();
						if (last != null) {
							assertThat(frame.path("data").path("last").asString()).isEqualTo(last.toString());
						}
						continue;
					}
					assertThat(frame.path("type").asString()).isEqualTo("chat");
					last = StreamId.parse(frame.path("id").asString());
					seen.add(last);
					read++;
				}
			}
			rejoins.incrementAndGet();
		}
		return seen;
	}

}
