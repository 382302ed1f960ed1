package io.wsstreams.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.it.TestClient.HandshakeFailed;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Base class for tests through real sockets: signs users in through the session store,
 * opens clients that are closed after each test, and names users and streams uniquely so
 * that tests sharing a server do not meet.
 */
public abstract class SocketTestSupport {

	/** The header that carries the session id. */
	protected static final String AUTH_TOKEN = "X-Auth-Token";

	private static final AtomicInteger sequence = new AtomicInteger();

	private final List<TestClient> clients = new ArrayList<>();

	@LocalServerPort
	protected int port;

	@Autowired
	protected InMemorySessionRepository sessions;

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		this.clients.clear();
	}

	/**
	 * A name no other test uses.
	 * @param prefix the start of the name
	 * @return {@code prefix-N}
	 */
	protected static String unique(String prefix) {
		return prefix + "-" + sequence.incrementAndGet();
	}

	/**
	 * Stores a session whose {@code user} attribute names the user.
	 * @param user the user id
	 * @return the session id
	 */
	protected String signIn(String user) {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", user);
		this.sessions.save(session);
		return session.getId();
	}

	protected URI uri(String query) {
		return URI.create("ws://localhost:" + this.port + "/ws" + (query.isEmpty() ? "" : "?" + query));
	}

	/**
	 * Opens a socket.
	 * @param query the query string
	 * @param headers the request headers
	 * @return the client, closed after the test
	 */
	protected TestClient connect(String query, Map<String, String> headers) {
		TestClient client = TestClient.connect(uri(query), headers);
		this.clients.add(client);
		return client;
	}

	protected TestClient connectWithSession(String sessionId, String query) {
		return connect(query, Map.of(AUTH_TOKEN, sessionId));
	}

	protected TestClient connectAs(String user, String query) {
		return connectWithSession(signIn(user), query);
	}

	/**
	 * Opens a socket for a user and takes its welcome frame.
	 * @param user the user id
	 * @param stream the stream
	 * @param clients the {@code clients} parameter
	 * @return the welcomed client
	 */
	protected TestClient join(String user, String stream, String clients) {
		return welcomed(connectAs(user, "stream=" + stream + "&clients=" + clients));
	}

	/**
	 * Sends an {@code echo} frame of 4 KiB on a new connection and checks that it comes
	 * back whole: frames larger than the container's message buffers are assembled.
	 * @param stream the stream to join
	 */
	protected void assertLargeFrameEchoed(String stream) {
		TestClient client = join(unique("alice"), stream, "echo");
		String text = "y".repeat(4096);
		client.send("{\"type\":\"echo\",\"ref\":\"big\",\"data\":\"" + text + "\"}");
		JsonNode reply = client.next();
		assertThat(reply.path("ref").asString()).isEqualTo("big");
		assertThat(reply.path("data").asString()).isEqualTo(text);
	}

	/**
	 * Takes a client's welcome frame.
	 * @param client the client
	 * @return the client
	 */
	public static TestClient welcomed(TestClient client) {
		JsonNode welcome = client.next();
		assertThat(welcome.path("type").asString()).as("first frame %s", welcome).isEqualTo("welcome");
		return client;
	}

	/**
	 * The HTTP status of a handshake that must be refused.
	 * @param query the query string
	 * @param headers the request headers
	 * @return the status
	 */
	protected int refusedStatus(String query, Map<String, String> headers) {
		HandshakeFailed failure = catchThrowableOfType(HandshakeFailed.class, () -> connect(query, headers));
		assertThat(failure).as("handshake refused").isNotNull();
		return failure.status();
	}

	/**
	 * Checks that the server closed a client's socket with a code and reason.
	 * @param client the client
	 * @param code the close code
	 * @param reason the close reason
	 */
	protected static void assertClosed(TestClient client, int code, String reason) {
		assertThat(client.awaitClose()).as("close code").isEqualTo(code);
		assertThat(client.closeReason()).isEqualTo(reason);
	}

	/**
	 * Proves that a client's connection is open and that everything before was answered:
	 * an application ping's pong is the next frame.
	 * @param client the client
	 */
	public static void assertOpen(TestClient client) {
		String ref = unique("alive");
		client.send("{\"type\":\"ping\",\"ref\":\"" + ref + "\"}");
		JsonNode pong = client.next();
		assertThat(pong.path("type").asString()).as("answer to ping %s: %s", ref, pong).isEqualTo("pong");
		assertThat(pong.path("ref").asString()).isEqualTo(ref);
	}

	/**
	 * Checks that a browser's handshake, which offers {@code permessage-deflate}, is
	 * upgraded without any extension, and that the welcome arrives uncompressed.
	 */
	protected void assertNoExtensionNegotiatedForBrowsers() {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/ws?stream=channel:1&clients=echo",
				Map.of(AUTH_TOKEN, signIn(unique("alice"))))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.header("Sec-WebSocket-Extensions")).isNull();
			RawWebSocket.Frame welcome = socket.readFrame();
			assertThat(welcome.opcode()).isEqualTo(1);
			assertThat(welcome.compressed()).isFalse();
			assertThat(welcome.text()).startsWith("{\"type\":\"welcome\"");
		}
	}

	/**
	 * Checks that a handshake offering {@code Sec-WebSocket-Protocol: ws-streams, <token>},
	 * as a page with a bearer token does, is answered with the marker {@code ws-streams}
	 * alone and that the token appears nowhere in the response, through a raw socket and
	 * through the JDK's client; and that a handshake offering no protocol gets none.
	 */
	protected void assertTokenSubprotocolAnsweredWithMarkerOnly() {
		String token = "token-" + unique("secret");
		String query = "stream=channel:1&clients=echo";
		Map<String, String> headers = Map.of(AUTH_TOKEN, signIn(unique("alice")), "Sec-WebSocket-Protocol",
				"ws-streams, " + token);
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/ws?" + query, headers)) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.header("Sec-WebSocket-Protocol")).isEqualTo("ws-streams");
			assertThat(socket.headers()).allSatisfy((name, value) -> assertThat(name + ": " + value).doesNotContain(token));
			assertThat(socket.readFrame().text()).startsWith("{\"type\":\"welcome\"");
		}
		WebSocket offered = subprotocolClient(query, "ws-streams", token);
		assertThat(offered.getSubprotocol()).isEqualTo("ws-streams");
		WebSocket none = subprotocolClient(query);
		assertThat(none.getSubprotocol()).isEmpty();
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/ws?" + query,
				Map.of(AUTH_TOKEN, signIn(unique("alice"))))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.header("Sec-WebSocket-Protocol")).isNull();
		}
	}

	private WebSocket subprotocolClient(String query, String... protocols) {
		WebSocket.Builder builder = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header(AUTH_TOKEN, signIn(unique("alice")));
		if (protocols.length > 0) {
			builder.subprotocols(protocols[0], Arrays.copyOfRange(protocols, 1, protocols.length));
		}
		WebSocket socket = builder.buildAsync(uri(query), new WebSocket.Listener() {
		}).orTimeout(10, TimeUnit.SECONDS).join();
		socket.abort();
		return socket;
	}

}
