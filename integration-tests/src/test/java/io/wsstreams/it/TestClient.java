package io.wsstreams.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client over the JDK's HTTP client, for tests: collects text frames as
 * JSON, records the close code, and can stop reading to simulate a stalled consumer.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

	private final List<JsonNode> all = new ArrayList<>();

	private final CompletableFuture<int[]> closed = new CompletableFuture<>();

	private final AtomicBoolean reading = new AtomicBoolean(true);

	private final List<Long> pingNanos = new CopyOnWriteArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private volatile String closeReason;

	private volatile long readDelayMillis;

	private volatile WebSocket socket;

	private TestClient() {
	}

	/**
	 * Connects and waits for the upgrade.
	 * @param uri the ws:// uri
	 * @param headers extra request headers
	 * @return the connected client
	 * @throws HandshakeFailed when the server refused the upgrade
	 */
	public static TestClient connect(URI uri, Map<String, String> headers) {
		TestClient client = new TestClient();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		try {
			client.socket = builder.buildAsync(uri, client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new HandshakeFailed(handshake.getResponse().statusCode());
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return client;
	}

	public static TestClient connect(URI uri) {
		return connect(uri, Map.of());
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			JsonNode node = MAPPER.readTree(this.partial.toString());
			this.partial.setLength(0);
			synchronized (this.all) {
				this.all.add(node);
			}
			this.frames.add(node);
		}
		if (this.reading.get()) {
			long delay = this.readDelayMillis;
			if (delay > 0) {
				CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> webSocket.request(1));
			}
			else {
				webSocket.request(1);
			}
		}
		return null;
	}

	@Override
	public java.util.concurrent.CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		webSocket.request(1);
		return null;
	}

	@Override
	public java.util.concurrent.CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		this.pingNanos.add(System.nanoTime());
		if (this.reading.get()) {
			webSocket.request(1);
		}
		return null;
	}

	@Override
	public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closed.complete(new int[] { statusCode });
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		java.io.StringWriter trace = new java.io.StringWriter();
		error.printStackTrace(new java.io.PrintWriter(trace));
		this.closeReason = "error: " + trace;
		this.closed.complete(new int[] { 1006 });
	}

	/**
	 * When each protocol ping arrived, as {@link System#nanoTime()}.
	 * @return the arrival times, oldest first
	 */
	public List<Long> pings() {
		return List.copyOf(this.pingNanos);
	}

	/**
	 * Reads slowly: waits the given time after each text frame before reading on, as a
	 * client on a slow network or a busy device does. Pings are answered as they are read.
	 * @param delay the pause after each frame
	 */
	public void readSlowly(Duration delay) {
		this.readDelayMillis = delay.toMillis();
	}

	/** Stops reading from the socket, so that the server's writes back up. */
	public void stopReading() {
		this.reading.set(false);
	}

	/** Resumes reading. */
	public void resumeReading() {
		this.reading.set(true);
		this.socket.request(Long.MAX_VALUE);
	}

	public WebSocket socket() {
		return this.socket;
	}

	/**
	 * Sends a text frame.
	 * @param text the text
	 */
	public void send(String text) {
		this.socket.sendText(text, true).join();
	}

	/**
	 * Sends a binary frame.
	 * @param bytes the payload
	 */
	public void sendBinary(byte[] bytes) {
		this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	/**
	 * Sends a JSON value as a text frame.
	 * @param value the value
	 */
	public void sendJson(Object value) {
		send(MAPPER.writeValueAsString(value));
	}

	/**
	 * The next frame, waiting up to 10 seconds.
	 * @return the frame
	 */
	public JsonNode next() {
		try {
			JsonNode node = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (node == null) {
				throw new AssertionError("No frame within " + TIMEOUT + "; closed: "
						+ (this.closed.isDone() ? this.closed.join()[0] + " " + this.closeReason : "no"));
			}
			return node;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The next frame that matches, skipping others.
	 * @param matcher the condition
	 * @return the frame
	 */
	public JsonNode next(Predicate<JsonNode> matcher) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				JsonNode node = this.frames.poll(100, TimeUnit.MILLISECONDS);
				if (node != null && matcher.test(node)) {
					return node;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("No matching frame within " + TIMEOUT);
	}

	/**
	 * The next frame of a type.
	 * @param type the frame type
	 * @return the frame
	 */
	public JsonNode next(String type) {
		return next((node) -> type.equals(node.path("type").asString()));
	}

	/**
	 * Takes the event of a publication and the answer to the frame that published it, in
	 * whichever order they arrive: a publisher's reply is sent once the publication is
	 * made, not after its event reached the publisher. Then checks that neither comes
	 * again: the answer to a ping is the next frame.
	 * @param feature the feature of the event
	 * @param ref the {@code ref} of the frame that published
	 * @return the event and the answer
	 */
	public EventAndAnswer nextEventAndAnswer(String feature, String ref) {
		JsonNode event = null;
		JsonNode answer = null;
		while (event == null || answer == null) {
			JsonNode frame = next();
			if (answer == null && ref.equals(frame.path("ref").asString())) {
				answer = frame;
			}
			else if (event == null && feature.equals(frame.path("type").asString()) && !frame.has("ref")) {
				event = frame;
			}
			else {
				throw new AssertionError("Expected the " + feature + " event and the answer to " + ref
						+ " once each, but got " + frame);
			}
		}
		String ping = "after-" + ref;
		send("{\"type\":\"ping\",\"ref\":\"" + ping + "\"}");
		JsonNode pong = next();
		if (!"pong".equals(pong.path("type").asString()) || !ping.equals(pong.path("ref").asString())) {
			throw new AssertionError("Expected the pong to " + ping + ", but got " + pong);
		}
		return new EventAndAnswer(event, answer);
	}

	/**
	 * Frames received and not yet taken.
	 * @return the frames
	 */
	public List<JsonNode> drain() {
		List<JsonNode> drained = new ArrayList<>();
		this.frames.drainTo(drained);
		return drained;
	}

	/**
	 * Every frame received so far.
	 * @return a copy
	 */
	public List<JsonNode> received() {
		synchronized (this.all) {
			return new ArrayList<>(this.all);
		}
	}

	/**
	 * Waits for the server to close the connection.
	 * @return the close code
	 */
	public int awaitClose() {
		return awaitClose(TIMEOUT);
	}

	public int awaitClose(Duration timeout) {
		try {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS)[0];
		}
		catch (Exception ex) {
			throw new AssertionError("Not closed within " + timeout, ex);
		}
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	public String closeReason() {
		return this.closeReason;
	}

	@Override
	public void close() {
		if (!this.closed.isDone()) {
			try {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
			}
			catch (CompletionException | IllegalStateException ex) {
				// Already closing.
			}
			this.socket.abort();
		}
	}

	/**
	 * The frames a publishing client receives for its publication.
	 *
	 * @param event the publication's event
	 * @param answer the answer to the frame that published
	 */
	public record EventAndAnswer(JsonNode event, JsonNode answer) {

	}

	/**
	 * The server refused the upgrade with an HTTP status.
	 */
	public static final class HandshakeFailed extends RuntimeException {

		private final int status;

		HandshakeFailed(int status) {
			super("Handshake failed with HTTP " + status);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

}
