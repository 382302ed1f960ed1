package io.wsstreams.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.it.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand clients closing within one second, on Tomcat: a thousand users on four
 * streams with {@code presence} selected, so that every close fans a {@code leave} out to
 * the other clients of its stream, most of them closing too, and with a {@code pub-sub}
 * feature that receives a steady publication throughout.
 *
 * <p>Proves that every client sees its close handshake complete with {@code 1000}, not
 * {@code 1006}; that the registry empties; and that HTTP requests made during the burst
 * are answered, each within 5 seconds. Tomcat answers a client's close frame on the
 * container thread that read it, and the answer waits until the frame in flight to that
 * socket has completed, a completion that runs on another container thread. Completions
 * used to write the next queued frame too, and the {@code leave} events give every socket
 * a queue in such a burst: completions came late, answers waited, and soon every
 * container thread waited for a completion that no thread was left to run, until the
 * close timeout. The clients then got {@code 1006}, and HTTP waited all along.
 *
 * <p>The clients are plain sockets, one reading thread each, that read every frame as it
 * comes: the JDK's client fails a few of the fragmented {@code state} frames that a busy
 * stream's presence sends, reporting invalid UTF-8 in frames that are valid.
 */
@OperationsTest
class CloseBurstTests extends OperationsTestSupport {

	private static final int SOCKETS = 1000;

	private static final int STREAMS = 4;

	/** Closes are sent in this many batches, evenly over one second. */
	private static final int BATCHES = Integer.getInteger("close-burst.batches", 10);

	private static final Duration GENEROUS = Duration.ofSeconds(30);

	@Autowired
	private ConnectionRegistry registry;

	@Test
	@Timeout(180)
	void aThousandClientsClosingWithinOneSecondAllCloseNormallyWhileHttpIsAnswered() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
		List<Client> clients = openAll();
		ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
		HttpProbe probe = new HttpProbe(this.port);
		try {
			await().atMost(GENEROUS).until(() -> this.registry.size() == SOCKETS);
			// The joins fan presence out to everyone: let that traffic drain first.
			await().atMost(GENEROUS)
				.until(() -> this.registry.connections().stream().allMatch((connection) -> connection.queuedBytes() == 0));
			AtomicInteger tick = new AtomicInteger();
			load.scheduleAtFixedRate(() -> {
				int n = tick.incrementAndGet();
				for (int stream = 0; stream < STREAMS; stream++) {
					this.publisher.publish("burst:" + stream, "echo", Map.of("tick", n));
				}
			}, 0, 100, TimeUnit.MILLISECONDS);
			// Publications flow before the closes start.
			await().atMost(GENEROUS).until(() -> tick.get() >= 5);

			long started = System.nanoTime();
			CompletableFuture<Void> probing = CompletableFuture.runAsync(probe, load);
			for (int batch = 0; batch < BATCHES; batch++) {
				for (int i = batch; i < SOCKETS; i += BATCHES) {
					clients.get(i).startClose();
				}
				Thread.sleep(1000 / BATCHES);
			}
			List<Integer> codes = new ArrayList<>();
			for (Client client : clients) {
				codes.add(client.closed.get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS));
			}
			await().atMost(GENEROUS).pollInterval(Duration.ofMillis(20)).until(() -> this.registry.size() == 0);
			Duration emptied = Duration.ofNanos(System.nanoTime() - started);
			probe.stop();
			probing.get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
			long abnormal = codes.stream().filter((code) -> code != 1000).count();
			System.out.printf("Close burst: registry empty %d ms after the first close, %d of %d closes not 1000, "
					+ "%d HTTP requests, median %d ms, slowest %d ms%n", emptied.toMillis(), abnormal, SOCKETS,
					probe.answered(), probe.median().toMillis(), probe.slowest().toMillis());
			assertThat(codes).allSatisfy((code) -> assertThat(code).isEqualTo(1000));
			assertThat(this.registry.size()).isZero();
			assertThat(probe.failures()).isEmpty();
			assertThat(probe.answered()).isPositive();
			assertThat(probe.slowest()).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			probe.stop();
			load.shutdownNow();
			clients.forEach((client) -> client.socket.abort());
		}
	}

	private List<Client> openAll() throws Exception {
		List<String> tokens = new ArrayList<>();
		for (int user = 0; user < SOCKETS; user++) {
			tokens.add(signIn("burst-" + user));
		}
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Client>> opening = new ArrayList<>();
			for (int i = 0; i < SOCKETS; i++) {
				String query = "/ws?stream=burst:" + (i % STREAMS) + "&clients=echo,presence";
				String token = tokens.get(i);
				opening.add(threads.submit(() -> Client.open(this.port, query, token)));
			}
			List<Client> clients = new ArrayList<>();
			for (Future<Client> client : opening) {
				clients.add(client.get());
			}
			return clients;
		}
		finally {
			threads.shutdown();
		}
	}

	/**
	 * A client on a plain socket whose thread reads every frame, notes the welcome, and
	 * on the server's close frame notes its code and closes the socket.
	 */
	private static final class Client extends Thread {

		private static final byte[] NORMAL_CLOSURE = { 0x03, (byte) 0xE8 };

		private final RawWebSocket socket;

		private final CompletableFuture<Void> welcomed = new CompletableFuture<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private Client(RawWebSocket socket) {
			super("burst-client");
			setDaemon(true);
			this.socket = socket;
		}

		static Client open(int port, String query, String token) throws Exception {
			RawWebSocket socket = RawWebSocket.open(port, query, Map.of("X-Auth-Token", token));
			assertThat(socket.status()).isEqualTo(101);
			socket.readTimeout(Duration.ZERO);
			Client client = new Client(socket);
			client.start();
			client.welcomed.get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
			return client;
		}

		@Override
		public void run() {
			try {
				while (true) {
					RawWebSocket.Frame frame = this.socket.readFrame();
					if (frame.opcode() == 0x8) {
						byte[] payload = frame.payload();
						int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
						this.closed.complete(code);
						this.socket.close();
						return;
					}
					if (!this.welcomed.isDone() && frame.text().contains("\"type\":\"welcome\"")) {
						this.welcomed.complete(null);
					}
				}
			}
			catch (RuntimeException ex) {
				// The connection ended without a close frame.
				this.welcomed.completeExceptionally(ex);
				this.closed.complete(1006);
			}
		}

		void startClose() {
			this.socket.sendFrame(0x8, NORMAL_CLOSURE);
		}

	}

	/**
	 * Asks for {@code /actuator/health} one request at a time until stopped, noting how
	 * long each answer took.
	 */
	private static final class HttpProbe implements Runnable {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(GENEROUS).build();

		private final HttpRequest request;

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

		HttpProbe(int port) {
			this.request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
				.timeout(GENEROUS)
				.build();
		}

		@Override
		public void run() {
			while (!this.stopped.get()) {
				long started = System.nanoTime();
				try {
					int status = this.http.send(this.request, BodyHandlers.discarding()).statusCode();
					if (status != 200) {
						this.failures.add("HTTP " + status);
					}
					this.latencies.add(System.nanoTime() - started);
				}
				catch (Exception ex) {
					this.failures.add(ex.toString());
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		void stop() {
			this.stopped.set(true);
		}

		List<String> failures() {
			return List.copyOf(this.failures);
		}

		int answered() {
			return this.latencies.size();
		}

		Duration median() {
			List<Long> sorted = this.latencies.stream().sorted().toList();
			return Duration.ofNanos(sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2));
		}

		Duration slowest() {
			return Duration.ofNanos(this.latencies.stream().mapToLong(Long::longValue).max().orElse(0));
		}

	}

}
