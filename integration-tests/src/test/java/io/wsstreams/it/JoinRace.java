package io.wsstreams.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
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
import io.wsstreams.test.StreamsTestConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishers append to one {@code streams} topic continuously while clients join, read a
 * little, drop and resume from the last id they saw, over and over; then every client's
 * ids across all its connections must be exactly the publishers' ids from its first one
 * on.
 *
 * @param feature the {@code streams} feature
 * @param publishers how many publishing threads
 * @param clients how many clients
 * @param run how long the clients keep rejoining
 * @param maxRead the most events a connection reads before it drops
 */
public record JoinRace(String feature, int publishers, int clients, Duration run, int maxRead) {

	/**
	 * Runs the race and checks that every client got every id once, in order.
	 * @param publish publishes message {@code n} of a publisher and returns its id
	 * @param connect connects a user, resuming after an id ({@code feature:id}) or not
	 * @param minPublished the fewest publications the run must have made
	 * @param minRejoins the fewest rejoins it must have made
	 * @throws Exception when a thread failed
	 */
	public void run(Publish publish, Connect connect, int minPublished, int minRejoins) throws Exception {
		AtomicBoolean publishing = new AtomicBoolean(true);
		ConcurrentLinkedQueue<StreamId> published = new ConcurrentLinkedQueue<>();
		AtomicInteger rejoins = new AtomicInteger();
		Queue<String> errors = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(this.publishers + this.clients);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int p = 0; p < this.publishers; p++) {
				int publisher = p;
				writers.add(threads.submit(() -> publishUntilStopped(publish, publisher, publishing, published)));
			}
			List<Future<List<StreamId>>> readers = new ArrayList<>();
			for (int c = 0; c < this.clients; c++) {
				String user = "racer-" + c;
				readers.add(threads.submit(() -> joinReadDropAndResume(connect, user, rejoins, errors)));
			}
			List<List<StreamId>> seen = new ArrayList<>();
			for (Future<List<StreamId>> reader : readers) {
				seen.add(reader.get(this.run.toSeconds() + 30, TimeUnit.SECONDS));
			}
			publishing.set(false);
			for (Future<?> writer : writers) {
				writer.get(10, TimeUnit.SECONDS);
			}
			List<StreamId> all = new ArrayList<>(published);
			Collections.sort(all);
			assertThat(all).as("ids returned to publishers").doesNotHaveDuplicates();
			assertThat(all.size()).as("published").isGreaterThan(minPublished);
			assertThat(rejoins.get()).as("rejoins").isGreaterThan(minRejoins);
			System.out.printf("Join race: %d published, %d rejoins, %d ids read, %d connections failed by the client%n",
					all.size(), rejoins.get(), seen.stream().mapToInt(List::size).sum(), errors.size());
			errors.stream().limit(1).forEach(System.out::println);
			assertThat(errors.size()).as("connections failed by the client: %s", errors.peek())
				.isLessThanOrEqualTo(1 + rejoins.get() / 100);
			for (int c = 0; c < this.clients; c++) {
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
	private static void publishUntilStopped(Publish publish, int publisher, AtomicBoolean publishing,
			ConcurrentLinkedQueue<StreamId> ids) {
		StreamId previous = null;
		int n = 0;
		while (publishing.get()) {
			for (int burst = 0; burst < 5; burst++) {
				StreamId id = StreamId.parse(publish.publish(publisher, n++));
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
	private List<StreamId> joinReadDropAndResume(Connect connect, String user, AtomicInteger rejoins,
			Queue<String> errors) {
		List<StreamId> seen = new ArrayList<>();
		long end = System.nanoTime() + this.run.toNanos();
		@Nullable StreamId last = null;
		while (System.nanoTime() < end) {
			String since = (last != null) ? this.feature + ":" + last : null;
			try (StreamsTestConnection client = connect.connect(user, since)) {
				assertThat(client.next().path("type").asString()).isEqualTo("welcome");
				int toRead = ThreadLocalRandom.current().nextInt(1, this.maxRead);
				for (int read = 0; read < toRead;) {
					JsonNode frame;
					try {
						frame = client.next();
					}
					catch (AssertionError ex) {
						if (!client.isClosed() || !client.awaitClose().reason().startsWith("error:")) {
							throw ex;
						}
						// The client's own WebSocket failed the connection: rejoin, as a
						// real client does after a network error. Counted; must stay rare.
						errors.add(client.awaitClose().reason());
						break;
					}
					if ("synced".equals(frame.path("event").asString())) {
						assertThat(frame.path("data").path("recovered").asBoolean()).as("recovered after %s", last).isTrue();
						if (last != null) {
							assertThat(frame.path("data").path("last").asString()).isEqualTo(last.toString());
						}
						continue;
					}
					assertThat(frame.path("type").asString()).isEqualTo(this.feature);
					last = StreamId.parse(frame.path("id").asString());
					seen.add(last);
					read++;
				}
			}
			rejoins.incrementAndGet();
		}
		return seen;
	}

	/** Publishes one message. */
	@FunctionalInterface
	public interface Publish {

		/**
		 * Publishes a message.
		 * @param publisher the publisher's number
		 * @param n the message's number for that publisher
		 * @return the id the publication got
		 */
		String publish(int publisher, int n);

	}

	/** Opens a client connection. */
	@FunctionalInterface
	public interface Connect {

		/**
		 * Connects a user.
		 * @param user the user
		 * @param since the resume point, {@code feature:id}, or {@code null}
		 * @return the client, whose welcome is not taken yet
		 */
		StreamsTestConnection connect(String user, @Nullable String since);

	}

}
