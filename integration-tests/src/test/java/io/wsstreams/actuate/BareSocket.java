package io.wsstreams.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * A minimal WebSocket client for tests that open hundreds or thousands of sockets: all of
 * them share one {@link HttpClient}, and each only notes its welcome and when and how
 * the server closed it.
 */
final class BareSocket implements WebSocket.Listener {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final CompletableFuture<Void> welcomed = new CompletableFuture<>();

	private final CompletableFuture<Close> closed = new CompletableFuture<>();

	private final StringBuilder text = new StringBuilder();

	private WebSocket socket;

	private BareSocket() {
	}

	/**
	 * Connects with a session token and waits for the upgrade.
	 * @param port the server's port
	 * @param query the query string
	 * @param token the session id for {@code X-Auth-Token}
	 * @return the socket
	 * @throws Refused when the server refused the upgrade
	 */
	static BareSocket connect(int port, String query, String token) {
		BareSocket client = new BareSocket();
		try {
			client.socket = HTTP.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.header("X-Auth-Token", token)
				.buildAsync(URI.create("ws://localhost:" + port + "/ws?" + query), client)
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new Refused(handshake.getResponse().statusCode());
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
		return client;
	}

	/**
	 * Connects and waits for the welcome frame.
	 * @param port the server's port
	 * @param query the query string
	 * @param token the session id
	 * @return the welcomed socket
	 */
	static BareSocket join(int port, String query, String token) {
		BareSocket client = connect(port, query, token);
		client.awaitWelcome();
		return client;
	}

	/**
	 * Opens many sockets in parallel and waits for each welcome.
	 * @param port the server's port
	 * @param count how many
	 * @param query the query string of the i-th socket
	 * @param token the session id of the i-th socket
	 * @return the welcomed sockets
	 * @throws Exception when one could not be opened
	 */
	static List<BareSocket> joinAll(int port, int count, IntFunction<String> query, IntFunction<String> token)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<BareSocket>> opening = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String socketQuery = query.apply(i);
				String socketToken = token.apply(i);
				opening.add(threads.submit(() -> join(port, socketQuery, socketToken)));
			}
			List<BareSocket> sockets = new ArrayList<>();
			for (Future<BareSocket> socket : opening) {
				sockets.add(socket.get());
			}
			return sockets;
		}
		finally {
			threads.shutdown();
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		if (!this.welcomed.isDone()) {
			this.text.append(data);
			if (last) {
				if (this.text.indexOf("\"type\":\"welcome\"") >= 0) {
					this.welcomed.complete(null);
				}
				this.text.setLength(0);
			}
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(new Close(statusCode, reason, System.nanoTime()));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new Close(1006, String.valueOf(error), System.nanoTime()));
	}

	void awaitWelcome() {
		await(this.welcomed, "welcome");
	}

	/**
	 * Closes normally and waits for the server's close frame.
	 */
	void closeAndWait() {
		await(this.socket.sendClose(WebSocket.NORMAL_CLOSURE, ""), "close sent");
		await(this.closed, "close");
	}

	/** Drops the TCP connection without a close handshake. */
	void abort() {
		this.socket.abort();
	}

	/**
	 * Waits for the server to close the socket.
	 * @param timeout the longest wait
	 * @return how it closed
	 */
	Close awaitClose(Duration timeout) {
		try {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("Not closed within " + timeout, ex);
		}
	}

	private static <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("No " + what + " within " + TIMEOUT, ex);
		}
	}

	/**
	 * How the server closed a socket.
	 *
	 * @param code the close code
	 * @param reason the reason
	 * @param atNanos when the client saw it, as {@link System#nanoTime()}
	 */
	record Close(int code, String reason, long atNanos) {

	}

	/**
	 * The server refused the upgrade.
	 */
	static final class Refused extends RuntimeException {

		private final int status;

		Refused(int status) {
			super("Handshake refused with HTTP " + status);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
