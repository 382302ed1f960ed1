package io.wsstreams.test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One real WebSocket connection to a ws-streams endpoint, over the JDK's HTTP client, for
 * tests. It keeps every frame the server sends as JSON and the close status, and offers two
 * ways to read them:
 * <ul>
 * <li>by matching: {@link #awaitFrame(String, String)}, {@link #awaitFrames},
 * {@link #request} and {@link #welcome()} find frames among all received, in any order; each
 * frame matches one {@code awaitFrame} call at most, so awaiting the same event twice gives
 * two frames;</li>
 * <li>in arrival order: {@link #next()} and its variants take frames one by one, as a
 * protocol test wants.</li>
 * </ul>
 * Every wait ends after the connection's timeout (10 s unless
 * {@link StreamsTestClient#withTimeout(Duration)} says otherwise) with an
 * {@link AssertionError} that lists what did arrive. Close it with {@code try}-with-resources.
 *
 * @see StreamsTestClient
 * @see StreamsAssertions
 */
public final class StreamsTestConnection implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The close code the JDK client reports when the connection broke without a close frame. */
	public static final int ABNORMAL_CLOSURE = 1006;

	private final Duration timeout;

	private final Listener listener = new Listener();

	private final Object lock = new Object();

	private final List<JsonNode> received = new ArrayList<>();

	private final BitSet matched = new BitSet();

	private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final AtomicBoolean reading = new AtomicBoolean(true);

	private final AtomicInteger refs = new AtomicInteger();

	private final List<Long> pingNanos = new CopyOnWriteArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private volatile long readDelayMillis;

	private volatile @Nullable WebSocket socket;

	private StreamsTestConnection(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Opens a connection to any WebSocket URI and waits for the upgrade: for a query that
	 * {@link StreamsTestClient#connect(String, String...)} does not build, such as a
	 * malformed one.
	 * @param uri the {@code ws://} or {@code wss://} URI with its query
	 * @return the open connection
	 * @throws HandshakeRefusedException when the server answered the upgrade with an HTTP status
	 */
	public static StreamsTestConnection open(URI uri) {
		return open(uri, Map.of());
	}

	/**
	 * Opens a connection to any WebSocket URI with request headers and waits for the upgrade.
	 * @param uri the {@code ws://} or {@code wss://} URI with its query
	 * @param headers request headers, such as {@code Cookie} or {@code Origin}
	 * @return the open connection
	 * @throws HandshakeRefusedException when the server answered the upgrade with an HTTP status
	 */
	public static StreamsTestConnection open(URI uri, Map<String, String> headers) {
		return open(uri, headers, List.of(), Duration.ofSeconds(10));
	}

	static StreamsTestConnection open(URI uri, Map<String, String> headers, List<String> subprotocols,
			Duration timeout) {
		StreamsTestConnection connection = new StreamsTestConnection(timeout);
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout);
		headers.forEach(builder::header);
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0),
					subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
		}
		try {
			connection.socket = builder.buildAsync(uri, connection.listener)
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new HandshakeRefusedException(refused.getResponse().statusCode());
			}
			throw new IllegalStateException("Could not connect to " + uri, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No upgrade from " + uri + " within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return connection;
	}

	// Sending

	/**
	 * Sends a frame without a {@code ref}: the server answers it only when it fails.
	 * @param type the feature
	 * @param action the action
	 * @param data the action's input, anything Jackson writes, or {@code null} for none
	 */
	public void send(String type, String action, @Nullable Object data) {
		sendJson(frame(type, action, null, data));
	}

	/**
	 * Sends a frame with a new {@code ref} and waits for its answer, a {@code reply} or an
	 * {@code error}.
	 * @param type the feature
	 * @param action the action
	 * @param data the action's input, or {@code null} for none
	 * @return the answer
	 */
	public Answer request(String type, String action, @Nullable Object data) {
		String ref = "t" + this.refs.incrementAndGet();
		sendJson(frame(type, action, ref, data));
		return new Answer(awaitUnmatched((frame) -> ref.equals(frame.path("ref").asString(null)),
				"the answer to ref " + ref, true));
	}

	/**
	 * Sends an application-level {@code ping} and waits for its {@code pong}. Since the server
	 * answers frames in order, every frame it sent this connection before the pong has
	 * arrived when this returns.
	 * @return the pong
	 */
	public JsonNode ping() {
		String ref = "ping-" + this.refs.incrementAndGet();
		sendJson(Map.of("type", "ping", "ref", ref));
		return awaitUnmatched((frame) -> "pong".equals(frame.path("type").asString(null))
				&& ref.equals(frame.path("ref").asString(null)), "the pong to " + ref, true);
	}

	/**
	 * Sends a value as JSON in one text frame.
	 * @param value anything Jackson writes
	 */
	public void sendJson(Object value) {
		sendText(JSON.writeValueAsString(value));
	}

	/**
	 * Sends a text frame as it is, valid JSON or not.
	 * @param text the text
	 */
	public void sendText(String text) {
		join(socket().sendText(text, true));
	}

	/**
	 * Sends a binary frame (which the protocol answers with {@code INVALID_MESSAGE}).
	 * @param bytes the payload
	 */
	public void sendBinary(byte[] bytes) {
		join(socket().sendBinary(ByteBuffer.wrap(bytes), true));
	}

	// Matching

	/**
	 * The {@code welcome} frame, waiting for it.
	 * @return the welcome frame
	 */
	public JsonNode welcome() {
		return awaitUnmatched((frame) -> "welcome".equals(frame.path("type").asString(null)), "the welcome", false);
	}

	/**
	 * The connection's id from its welcome.
	 * @return the id
	 */
	public String connectionId() {
		return welcome().path("data").path("connectionId").asString();
	}

	/**
	 * Waits for a frame of a feature and event that no earlier {@code awaitFrame} took.
	 * @param type the frame's {@code type}: a feature, or {@code error}
	 * @param event the frame's {@code event}, such as {@code message}, {@code synced} or
	 * {@code join}; {@code null} for any
	 * @return the first such frame
	 */
	public JsonNode awaitFrame(String type, @Nullable String event) {
		return awaitFrame(Frames.of(type, event));
	}

	/**
	 * Waits for a frame that matches and that no earlier {@code awaitFrame} took.
	 * @param matcher the condition, such as one of {@link Frames}
	 * @return the first such frame
	 */
	public JsonNode awaitFrame(Predicate<JsonNode> matcher) {
		return awaitUnmatched(matcher, "a matching frame", true);
	}

	/**
	 * Waits for {@code count} frames of a feature and event that no earlier
	 * {@code awaitFrame} took.
	 * @param type the feature
	 * @param event the event, {@code null} for any
	 * @param count how many
	 * @return the frames, in arrival order
	 */
	public List<JsonNode> awaitFrames(String type, @Nullable String event, int count) {
		List<JsonNode> frames = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			frames.add(awaitFrame(type, event));
		}
		return frames;
	}

	/**
	 * Checks that no frame of this feature and event arrived that no {@code awaitFrame}
	 * took, after a {@link #ping()} round trip has made sure that everything the server sent
	 * before has arrived.
	 * @param type the feature
	 * @param event the event, {@code null} for any
	 */
	public void assertNoFrame(String type, @Nullable String event) {
		ping();
		Predicate<JsonNode> matcher = Frames.of(type, event);
		synchronized (this.lock) {
			for (int i = 0; i < this.received.size(); i++) {
				if (!this.matched.get(i) && matcher.test(this.received.get(i))) {
					throw new AssertionError("Expected no " + type + "/" + event + " frame, but got "
							+ this.received.get(i));
				}
			}
		}
	}

	/**
	 * Every frame received so far, in arrival order.
	 * @return a copy
	 */
	public List<JsonNode> received() {
		synchronized (this.lock) {
			return List.copyOf(this.received);
		}
	}

	// Arrival order

	/**
	 * The next frame in arrival order that {@code next} did not take yet, waiting for it.
	 * @return the frame
	 */
	public JsonNode next() {
		try {
			JsonNode frame = this.unread.poll(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("No frame within " + this.timeout + describeClose());
			}
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The next frame in arrival order that matches; those before it are taken and dropped.
	 * @param matcher the condition
	 * @return the frame
	 */
	public JsonNode next(Predicate<JsonNode> matcher) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<JsonNode> skipped = new ArrayList<>();
		try {
			for (long left = this.timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
				JsonNode frame = this.unread.poll(left, TimeUnit.NANOSECONDS);
				if (frame != null && matcher.test(frame)) {
					return frame;
				}
				if (frame != null) {
					skipped.add(frame);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		throw new AssertionError("No matching frame within " + this.timeout + "; skipped " + skipped + describeClose());
	}

	/**
	 * The next frame of a type in arrival order; those before it are taken and dropped.
	 * @param type the frame's {@code type}
	 * @return the frame
	 */
	public JsonNode next(String type) {
		return next(Frames.of(type, null));
	}

	/**
	 * Takes every frame that arrived and that {@code next} did not take yet, without waiting.
	 * @return the frames
	 */
	public List<JsonNode> drain() {
		List<JsonNode> drained = new ArrayList<>();
		this.unread.drainTo(drained);
		return drained;
	}

	// Closing

	/**
	 * Waits until the connection is closed, by the server or by a broken network.
	 * @return how it closed
	 */
	public CloseStatus awaitClose() {
		return awaitClose(this.timeout);
	}

	/**
	 * Waits until the connection is closed.
	 * @param timeout how long to wait
	 * @return how it closed
	 */
	public CloseStatus awaitClose(Duration timeout) {
		try {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Not closed within " + timeout + "; received " + received());
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How the connection closed, if it did.
	 * @return the close status, or empty while open
	 */
	public Optional<CloseStatus> closeStatus() {
		return Optional.ofNullable(this.closed.getNow(null));
	}

	/**
	 * Whether the connection is closed.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed.isDone();
	}

	/**
	 * Closes the connection with 1000, if it is still open, and drops it.
	 */
	@Override
	public void close() {
		WebSocket socket = this.socket;
		if (socket != null && !this.closed.isDone()) {
			try {
				socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
			}
			catch (CompletionException | IllegalStateException ex) {
				// Closing already.
			}
			socket.abort();
		}
	}

	/**
	 * Breaks the connection without a close frame, as a network failure would.
	 */
	public void abort() {
		socket().abort();
	}

	// Flow control

	/**
	 * Stops reading, so that the server's writes back up as they would for a client that
	 * stalled: the way to test a slow consumer.
	 */
	public void stopReading() {
		this.reading.set(false);
	}

	/**
	 * Reads again after {@link #stopReading()}.
	 */
	public void resumeReading() {
		this.reading.set(true);
		socket().request(Long.MAX_VALUE);
	}

	/**
	 * Waits the given time after each text frame before reading on, as a client on a slow
	 * network does. Protocol pings are answered as they are read.
	 * @param delay the pause after each frame
	 */
	public void readSlowly(Duration delay) {
		this.readDelayMillis = delay.toMillis();
	}

	/**
	 * When each protocol ping from the server arrived.
	 * @return the arrival times as {@link System#nanoTime()}, oldest first
	 */
	public List<Long> pings() {
		return List.copyOf(this.pingNanos);
	}

	/**
	 * The JDK socket underneath, for what this class does not offer.
	 * @return the socket
	 */
	public WebSocket socket() {
		WebSocket socket = this.socket;
		if (socket == null) {
			throw new IllegalStateException("Not connected");
		}
		return socket;
	}

	Duration timeout() {
		return this.timeout;
	}

	// Internals

	private static ObjectNode frame(String type, String action, @Nullable String ref, @Nullable Object data) {
		ObjectNode frame = JSON.createObjectNode();
		frame.put("type", type);
		frame.put("action", action);
		if (ref != null) {
			frame.put("ref", ref);
		}
		if (data != null) {
			frame.set("data", JSON.valueToTree(data));
		}
		return frame;
	}

	private JsonNode awaitUnmatched(Predicate<JsonNode> matcher, String what, boolean take) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		int from = 0;
		synchronized (this.lock) {
			while (true) {
				for (int i = from; i < this.received.size(); i++) {
					if (!this.matched.get(i) && matcher.test(this.received.get(i))) {
						if (take) {
							this.matched.set(i);
						}
						return this.received.get(i);
					}
				}
				from = this.received.size();
				long left = deadline - System.nanoTime();
				if (left <= 0 || (this.closed.isDone() && from == this.received.size())) {
					throw new AssertionError("Expected " + what + " within " + this.timeout + describeClose()
							+ "; received " + this.received);
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	private String describeClose() {
		CloseStatus status = this.closed.getNow(null);
		return (status != null) ? "; the connection closed with " + status : "";
	}

	private void join(CompletableFuture<WebSocket> sent) {
		try {
			sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Could not send within " + this.timeout + describeClose());
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not send" + describeClose(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void receive(JsonNode frame) {
		synchronized (this.lock) {
			this.received.add(frame);
			this.lock.notifyAll();
		}
		this.unread.add(frame);
	}

	private void closed(CloseStatus status) {
		this.closed.complete(status);
		synchronized (this.lock) {
			this.lock.notifyAll();
		}
	}

	private final class Listener implements WebSocket.Listener {

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			StreamsTestConnection connection = StreamsTestConnection.this;
			connection.partial.append(data);
			if (last) {
				String text = connection.partial.toString();
				connection.partial.setLength(0);
				receive(parse(text));
			}
			if (connection.reading.get()) {
				long delay = connection.readDelayMillis;
				if (delay > 0) {
					CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> webSocket.request(1));
				}
				else {
					webSocket.request(1);
				}
			}
			return null;
		}

		private JsonNode parse(String text) {
			try {
				return JSON.readTree(text);
			}
			catch (RuntimeException ex) {
				Map<String, String> invalid = new LinkedHashMap<>();
				invalid.put("type", "invalid-json");
				invalid.put("text", text);
				return JSON.valueToTree(invalid);
			}
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
			StreamsTestConnection.this.pingNanos.add(System.nanoTime());
			if (StreamsTestConnection.this.reading.get()) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed(new CloseStatus(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			StringWriter trace = new StringWriter();
			error.printStackTrace(new PrintWriter(trace));
			closed(new CloseStatus(ABNORMAL_CLOSURE, "error: " + trace));
		}

	}

}
