package io.wsstreams.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections join and leave one stream concurrently while others stay and change their
 * status: every connection's first presence frame is {@code state}, the events that follow
 * agree with it (no {@code join} of a user it lists, no {@code leave} or {@code update} of
 * one it does not), and once the churn is over the view of every connection that stayed is
 * exactly who is present.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=" + StreamsServerTest.JETTY,
				"ws-streams.limits.connections-per-user=64" })
class PresenceJoinRaceTests {

	private static final String STREAM = "room:presence-race";

	/** Connections that stay all along; a larger state widens a join's window. */
	private static final int RESIDENTS = 100;

	/** Users of the connections that come and go: fewer than the workers, so tabs coalesce. */
	private static final int CHURN_USERS = 12;

	private static final int WORKERS = 16;

	/** Connections that join during the churn and stay until the end. */
	private static final int LATE_STAYERS = 20;

	private static final Duration CHURN = Duration.ofSeconds(5);

	/** The churn goes on past {@link #CHURN} until this many joins were made, on a slow machine. */
	private static final int MIN_JOINS = 200;

	/** The churn ends here in any case. */
	private static final Duration MAX_CHURN = Duration.ofSeconds(25);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	InMemorySessionRepository sessions;

	@Autowired
	PresenceService presence;

	@Test
	@Timeout(value = 40, unit = TimeUnit.SECONDS)
	void everyConnectionGetsStateFirstAndEventsThatAgreeWithItWhileOthersJoinAndLeave() throws Exception {
		PresenceClient.violated = false;
		Map<String, String> tokens = new HashMap<>();
		for (int i = 0; i < RESIDENTS; i++) {
			tokens.put("resident-" + i, signIn("resident-" + i));
		}
		for (int i = 0; i < CHURN_USERS; i++) {
			tokens.put("churner-" + i, signIn("churner-" + i));
		}
		ConcurrentLinkedQueue<PresenceClient> all = new ConcurrentLinkedQueue<>();
		List<PresenceClient> stayers = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger joins = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
		try {
			List<Future<PresenceClient>> opening = new ArrayList<>();
			for (int i = 0; i < RESIDENTS; i++) {
				String token = tokens.get("resident-" + i);
				opening.add(threads.submit(() -> PresenceClient.join(this.port, token)));
			}
			for (Future<PresenceClient> resident : opening) {
				stayers.add(resident.get());
			}
			all.addAll(stayers);
			long started = System.nanoTime();
			long end = started + CHURN.toNanos();
			long deadline = started + MAX_CHURN.toNanos();
			List<Future<?>> workers = new ArrayList<>();
			for (int w = 0; w < WORKERS; w++) {
				workers.add(threads.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (churning(end, deadline, joins) && !PresenceClient.violated) {
						PresenceClient client = PresenceClient
							.join(this.port, tokens.get("churner-" + random.nextInt(CHURN_USERS)));
						all.add(client);
						joins.incrementAndGet();
						TimeUnit.MILLISECONDS.sleep(random.nextInt(20));
						synchronized (stayers) {
							if (stayers.size() < RESIDENTS + LATE_STAYERS && random.nextInt(20) == 0) {
								stayers.add(client);
								continue;
							}
						}
						client.leave(random.nextBoolean());
					}
					return null;
				}));
			}
			workers.add(threads.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				String[] statuses = { "online", "away", "busy" };
				while (churning(end, deadline, joins)) {
					stayers.get(random.nextInt(RESIDENTS)).status(statuses[random.nextInt(statuses.length)]);
					TimeUnit.MILLISECONDS.sleep(10);
				}
				return null;
			}));
			for (Future<?> worker : workers) {
				worker.get();
			}
			System.out.printf("Presence race: %d joins, %d stayed, %d closed by the server%n", joins.get(),
					stayers.size(), all.stream().filter(PresenceClient::closed).count());
			List<String> violations = all.stream().map(PresenceClient::violation).filter((v) -> v != null).toList();
			assertThat(violations.size()).as("connections whose presence frames disagree with their state, such as %s",
					violations.stream().limit(3).toList()).isZero();
			assertThat(joins.get()).as("joins within " + MAX_CHURN).isGreaterThanOrEqualTo(MIN_JOINS);

			Map<String, String> present = new HashMap<>();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				present.clear();
				this.presence.users(STREAM).forEach((user) -> present.put(user.id(), user.status()));
				assertThat(present.keySet()).as("the users who stayed")
					.isEqualTo(open(stayers).stream().map(PresenceClient::user).collect(Collectors.toSet()));
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				for (PresenceClient stayer : open(stayers)) {
					assertThat(stayer.violation()).as(stayer.toString()).isNull();
					assertThat(stayer.view()).as("view of %s", stayer).isEqualTo(present);
				}
			});
		}
		finally {
			threads.shutdownNow();
			all.forEach((client) -> client.leave(false));
		}
	}

	/**
	 * The connections the server did not close: a write that fails closes a connection with
	 * 1011, which has nothing to do with presence.
	 */
	private static List<PresenceClient> open(List<PresenceClient> clients) {
		synchronized (clients) {
			return clients.stream().filter((client) -> !client.closed()).toList();
		}
	}

	private static boolean churning(long end, long deadline, AtomicInteger joins) {
		long now = System.nanoTime();
		return now < deadline && (now < end || joins.get() < MIN_JOINS);
	}

	private String signIn(String user) {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", user);
		this.sessions.save(session);
		return session.getId();
	}

	/**
	 * A connection that selected presence: checks each presence frame against the view
	 * built from its {@code state} as it arrives.
	 */
	static final class PresenceClient implements WebSocket.Listener {

		/** Whether any connection saw a frame that disagrees with its view, to stop early. */
		static volatile boolean violated;

		private final StringBuilder text = new StringBuilder();

		private final CompletableFuture<Void> stated = new CompletableFuture<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final Map<String, String> view = new HashMap<>();

		private volatile @Nullable String user;

		private volatile @Nullable String violation;

		private int presenceFrames;

		private volatile boolean leaving;

		private @Nullable WebSocket socket;

		static PresenceClient join(int port, String token) throws Exception {
			PresenceClient client = new PresenceClient();
			client.socket = HTTP.newWebSocketBuilder()
				.header("X-Auth-Token", token)
				.buildAsync(URI.create("ws://localhost:" + port + "/ws?stream=" + STREAM + "&clients=presence"),
						client)
				.get(10, TimeUnit.SECONDS);
			client.stated.get(10, TimeUnit.SECONDS);
			return client;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				JsonNode frame = JSON.readTree(this.text.toString());
				this.text.setLength(0);
				received(frame);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(1006);
		}

		private synchronized void received(JsonNode frame) {
			if ("welcome".equals(frame.path("type").asString())) {
				this.user = frame.path("data").path("user").path("id").asString();
				return;
			}
			if (!"presence".equals(frame.path("type").asString()) || this.violation != null) {
				return;
			}
			String event = frame.path("event").asString();
			JsonNode data = frame.path("data");
			String id = data.path("id").asString();
			if (this.presenceFrames++ == 0) {
				if (!"state".equals(event)) {
					fail("first presence frame is " + frame);
					return;
				}
				data.path("users").forEach((user) -> this.view.put(user.path("id").asString(),
						user.path("status").asString()));
				this.stated.complete(null);
				return;
			}
			switch (event) {
				case "join" -> {
					if (this.view.putIfAbsent(id, data.path("status").asString()) != null) {
						fail("join of " + id + ", who is present already: " + frame);
					}
				}
				case "leave" -> {
					if (this.view.remove(id) == null) {
						fail("leave of " + id + ", who is not present: " + frame);
					}
				}
				case "update" -> {
					if (this.view.replace(id, data.path("status").asString()) == null) {
						fail("update of " + id + ", who is not present: " + frame);
					}
				}
				default -> fail("unexpected " + frame);
			}
		}

		private void fail(String message) {
			this.violation = message;
			violated = true;
			this.stated.complete(null);
		}

		void status(String status) {
			this.socket.sendText("{\"type\":\"presence\",\"action\":\"status\",\"data\":{\"status\":\"" + status
					+ "\"}}", true).exceptionally((ex) -> null).join();
		}

		void leave(boolean abort) {
			this.leaving = true;
			if (abort) {
				this.socket.abort();
				return;
			}
			try {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
			}
			catch (IllegalStateException ex) {
				// Closed already.
			}
		}

		/**
		 * Whether the server closed the connection, or it failed, before the test closed it.
		 */
		boolean closed() {
			return this.closed.isDone() && !this.leaving;
		}

		@Nullable String violation() {
			return this.violation;
		}

		String user() {
			return this.user;
		}

		synchronized Map<String, String> view() {
			return new HashMap<>(this.view);
		}

		@Override
		public String toString() {
			return "connection of " + this.user;
		}

	}

}
