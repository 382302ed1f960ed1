package io.wsstreams.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A ws-streams connection over the JDK's WebSocket client: keeps every frame it receives
 * as JSON and the close code the server sends.
 */
final class StreamSocket implements WebSocket.Listener, AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final List<JsonNode> frames = new CopyOnWriteArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private volatile String closeReason = "";

	private WebSocket socket;

	private StreamSocket() {
	}

	/**
	 * Opens a connection and waits for the upgrade.
	 * @param port the server's port
	 * @param query the query, such as {@code stream=channel:1&clients=typing}
	 * @param headers request headers as name, value pairs
	 * @return the open connection
	 * @throws HandshakeRefused when the server answers the upgrade with an HTTP status
	 */
	static StreamSocket open(int port, String query, String... headers) {
		StreamSocket client = new StreamSocket();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			client.socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/ws?" + query), client)
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new HandshakeRefused(refused.getResponse().statusCode());
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return client;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.frames.add(SampleHttpClient.JSON.readTree(this.partial.toString()));
			this.partial.setLength(0);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeCode.complete(1006);
	}

	/**
	 * Sends a text frame.
	 * @param json the frame
	 */
	void send(String json) {
		this.socket.sendText(json, true).join();
	}

	/**
	 * Waits for a frame.
	 * @param matcher which frame
	 * @return the first frame received that matches
	 */
	JsonNode awaitFrame(Predicate<JsonNode> matcher) {
		return await().atMost(TIMEOUT).until(() -> find(matcher), Optional::isPresent).get();
	}

	/**
	 * Waits for a frame of a type.
	 * @param type the frame's {@code type}
	 * @return the first such frame
	 */
	JsonNode awaitFrame(String type) {
		return awaitFrame(ofType(type));
	}

	/**
	 * Waits for the answer to a frame that carried a {@code ref}.
	 * @param ref the ref
	 * @return the reply or error frame
	 */
	JsonNode awaitAnswer(String ref) {
		return awaitFrame((frame) -> ref.equals(frame.path("ref").asString(null)));
	}

	/**
	 * Every frame received so far, in order.
	 * @return a snapshot
	 */
	List<JsonNode> frames() {
		return List.copyOf(this.frames);
	}

	/**
	 * Waits for the server to close the connection.
	 * @param timeout how long to wait
	 * @return the close code
	 */
	int awaitClose(Duration timeout) {
		await().atMost(timeout).until(this.closeCode::isDone);
		return this.closeCode.join();
	}

	String closeReason() {
		return this.closeReason;
	}

	static Predicate<JsonNode> ofType(String type) {
		return (frame) -> type.equals(frame.path("type").asString(null));
	}

	static Predicate<JsonNode> ofEvent(String event) {
		return (frame) -> event.equals(frame.path("event").asString(null));
	}

	private Optional<JsonNode> find(Predicate<JsonNode> matcher) {
		return this.frames.stream().filter(matcher).findFirst();
	}

	@Override
	public void close() {
		if (!this.closeCode.isDone()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
			this.socket.abort();
		}
	}

	/**
	 * The server answered the upgrade request with an HTTP status instead.
	 */
	static final class HandshakeRefused extends RuntimeException {

		private final int status;

		HandshakeRefused(int status) {
			super("Handshake refused with HTTP " + status);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
