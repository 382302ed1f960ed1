package io.wsstreams.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Connects tests to a running ws-streams application, such as a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}. An instance holds the server's
 * address and the credentials to send; the {@code with…} methods return a copy with more.
 *
 * <pre class="code">
 * StreamsTestClient client = StreamsTestClient.forPort(port).signIn("/api/login", Map.of("name", "alice"));
 * try (StreamsTestConnection chat = client.connect("channel:1", "chat")) {
 *     Answer answer = chat.request("chat", "send", Map.of("text", "Hello"));
 *     assertThat(answer).isReply().hasId();
 * }
 * </pre>
 *
 * A session can come from the application's own sign-in endpoint ({@link #signIn}), from
 * a {@link StreamsTestSessions session made in the repository}, or as a cookie or token
 * ({@link #withSession}, {@link #withToken}); Spring Security's stateless schemes as
 * {@link #withBasic} and {@link #withBearer}.
 */
public final class StreamsTestClient {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern CSRF_FIELD = Pattern
		.compile("name=\"_csrf\"[^>]*?value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*?name=\"_csrf\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();

	private final URI base;

	private final String path;

	private final Map<String, String> headers;

	private final Map<String, String> cookies;

	private final List<String> subprotocols;

	private final Duration timeout;

	private StreamsTestClient(URI base, String path, Map<String, String> headers, Map<String, String> cookies,
			List<String> subprotocols, Duration timeout) {
		this.base = base;
		this.path = path;
		this.headers = Map.copyOf(headers);
		this.cookies = new LinkedHashMap<>(cookies);
		this.subprotocols = List.copyOf(subprotocols);
		this.timeout = timeout;
	}

	/**
	 * A client of the application on {@code localhost} at a port, such as the one
	 * {@code @LocalServerPort} gives.
	 * @param port the port
	 * @return the client, with no credentials
	 */
	public static StreamsTestClient forPort(int port) {
		return forUri(URI.create("http://localhost:" + port));
	}

	/**
	 * A client of the application at a base URI.
	 * @param base {@code http://} or {@code https://}, host and port, such as
	 * {@code http://localhost:8080}
	 * @return the client, with no credentials
	 */
	public static StreamsTestClient forUri(URI base) {
		Assert.isTrue("http".equals(base.getScheme()) || "https".equals(base.getScheme()),
				() -> "The base URI must be http:// or https://, not " + base);
		return new StreamsTestClient(base, "/ws", Map.of(), Map.of(), List.of(), DEFAULT_TIMEOUT);
	}

	/**
	 * Uses another endpoint path than {@code /ws} ({@code ws-streams.path}).
	 * @param path the path
	 * @return a copy with that path
	 */
	public StreamsTestClient withPath(String path) {
		return new StreamsTestClient(this.base, path, this.headers, this.cookies, this.subprotocols, this.timeout);
	}

	/**
	 * How long every wait of the connections made by this client may take (10 s by default).
	 * @param timeout the timeout
	 * @return a copy with that timeout
	 */
	public StreamsTestClient withTimeout(Duration timeout) {
		return new StreamsTestClient(this.base, this.path, this.headers, this.cookies, this.subprotocols, timeout);
	}

	/**
	 * Sends a request header with the handshake and with {@link #post}.
	 * @param name the header's name, such as {@code Origin}
	 * @param value its value
	 * @return a copy that sends the header
	 */
	public StreamsTestClient withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new StreamsTestClient(this.base, this.path, headers, this.cookies, this.subprotocols, this.timeout);
	}

	/**
	 * Sends a cookie.
	 * @param name the cookie's name
	 * @param value its value
	 * @return a copy that sends the cookie
	 */
	public StreamsTestClient withCookie(String name, String value) {
		Map<String, String> cookies = new LinkedHashMap<>(this.cookies);
		cookies.put(name, value);
		return new StreamsTestClient(this.base, this.path, this.headers, cookies, this.subprotocols, this.timeout);
	}

	/**
	 * Sends a browser's {@code Origin}.
	 * @param origin the origin, such as {@code https://app.example.com}
	 * @return a copy that sends it
	 */
	public StreamsTestClient withOrigin(String origin) {
		return withHeader("Origin", origin);
	}

	/**
	 * Sends a Spring Session id as the {@code SESSION} cookie, as a browser does: Base64
	 * encoded, the way Spring Session's {@code DefaultCookieSerializer} writes it unless told
	 * otherwise. For a cookie of another name or encoding use {@link #withCookie}.
	 * @param sessionId the session's id
	 * @return a copy that sends it
	 */
	public StreamsTestClient withSession(String sessionId) {
		return withCookie("SESSION", Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Sends a Spring Session id in the {@code X-Auth-Token} header, as native clients do.
	 * @param token the session's id
	 * @return a copy that sends it
	 */
	public StreamsTestClient withToken(String token) {
		return withHeader("X-Auth-Token", token);
	}

	/**
	 * Sends {@code Authorization: Bearer}, for an application whose Spring Security checks
	 * bearer tokens.
	 * @param token the token
	 * @return a copy that sends it
	 */
	public StreamsTestClient withBearer(String token) {
		return withHeader("Authorization", "Bearer " + token);
	}

	/**
	 * Sends a bearer token the way a browser can: in {@code Sec-WebSocket-Protocol}, after
	 * the marker {@code ws-streams}.
	 * @param token the token
	 * @return a copy that offers both as subprotocols
	 */
	public StreamsTestClient withBearerSubprotocol(String token) {
		return new StreamsTestClient(this.base, this.path, this.headers, this.cookies, List.of("ws-streams", token),
				this.timeout);
	}

	/**
	 * Sends HTTP Basic credentials.
	 * @param user the user name
	 * @param password the password
	 * @return a copy that sends them
	 */
	public StreamsTestClient withBasic(String user, String password) {
		String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return withHeader("Authorization", "Basic " + credentials);
	}

	/**
	 * Signs in through the application's own endpoint: posts a JSON body and keeps the
	 * cookies the answer sets and its {@code X-Auth-Token}, if any, for what this client
	 * does next.
	 * @param path the sign-in path, such as {@code /api/login}
	 * @param body the request's body, anything Jackson writes
	 * @return a signed-in copy
	 * @throws AssertionError when the answer is not 2xx or carries no session
	 */
	public StreamsTestClient signIn(String path, Object body) {
		return signedIn(path, post(path, body));
	}

	/**
	 * Signs in through a form, such as Spring Security's form login: submits the fields as
	 * {@link #submitForm} does and keeps the cookies the answer sets and its
	 * {@code X-Auth-Token}. A redirect after the sign-in counts as success.
	 * @param path the sign-in path, such as {@code /login}
	 * @param fields the form's fields, such as {@code username} and {@code password}
	 * @return a signed-in copy
	 * @throws AssertionError when the answer is not 2xx or 3xx or carries no session
	 */
	public StreamsTestClient signInWithForm(String path, Map<String, String> fields) {
		FormPost post = formPost(path, fields);
		return post.client().signedIn(path, post.response());
	}

	/**
	 * Submits a form with this client's credentials, as a browser does: fetches the form
	 * first, so that its CSRF token (a hidden {@code _csrf} field, as Spring Security's
	 * pages have) goes with the post, then posts the fields form-encoded. For Spring
	 * Security's {@code /logout}, say.
	 * @param path the form's path
	 * @param fields the fields
	 * @return the answer to the post
	 */
	public HttpResponse<String> submitForm(String path, Map<String, String> fields) {
		return formPost(path, fields).response();
	}

	private FormPost formPost(String path, Map<String, String> fields) {
		StreamsTestClient client = this;
		Map<String, String> form = new LinkedHashMap<>(fields);
		HttpResponse<String> page = send(request(path).GET());
		if (page.statusCode() == 200) {
			client = client.withCookies(page);
			Matcher csrf = CSRF_FIELD.matcher(page.body());
			if (csrf.find() && !form.containsKey("_csrf")) {
				form.put("_csrf", (csrf.group(1) != null) ? csrf.group(1) : csrf.group(2));
			}
		}
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return new FormPost(client, client.send(client.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))));
	}

	private record FormPost(StreamsTestClient client, HttpResponse<String> response) {
	}

	private StreamsTestClient withCookies(HttpResponse<String> response) {
		StreamsTestClient client = this;
		for (String header : response.headers().allValues("Set-Cookie")) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			if (equals > 0) {
				client = client.withCookie(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
			}
		}
		return client;
	}

	private StreamsTestClient signedIn(String path, HttpResponse<String> response) {
		if (response.statusCode() / 100 != 2 && response.statusCode() / 100 != 3) {
			throw new AssertionError("Sign-in at " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		StreamsTestClient client = withCookies(response);
		Optional<String> token = response.headers().firstValue("X-Auth-Token");
		if (token.isPresent()) {
			client = client.withToken(token.get());
		}
		if (client == this) {
			throw new AssertionError("Sign-in at " + path + " set no cookie and no X-Auth-Token");
		}
		return client;
	}

	/**
	 * Posts JSON to the application with this client's credentials: to sign out, or to call
	 * an API that publishes.
	 * @param path the path, such as {@code /api/logout}
	 * @param body the body, anything Jackson writes, or {@code null} for none
	 * @return the response
	 */
	public HttpResponse<String> post(String path, @Nullable Object body) {
		HttpRequest.Builder request = request(path);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(StreamsTestConnection.JSON.writeValueAsString(body)));
		}
		else {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		return send(request);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(this.timeout);
		httpHeaders().forEach(request::header);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.build();
		try {
			return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not send " + built.method() + " " + built.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The session id this client sends: its {@code X-Auth-Token}, else its {@code SESSION}
	 * cookie decoded from Base64 (as it is written by default).
	 * @return the session id, or {@code null}
	 */
	public @Nullable String sessionId() {
		String token = this.headers.get("X-Auth-Token");
		String cookie = this.cookies.get("SESSION");
		if (token != null || cookie == null) {
			return token;
		}
		try {
			return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return cookie;
		}
	}

	/**
	 * Connects to a stream with features and waits for the upgrade (not for the welcome:
	 * a connection closed with 1008 or 4403 right after the upgrade is returned too, to be
	 * asserted on).
	 * @param stream the stream, such as {@code channel:1}
	 * @param clients the features, each {@code name} or {@code name:strategy}
	 * @return the connection
	 * @throws HandshakeRefusedException when the server refused the upgrade with an HTTP status
	 */
	public StreamsTestConnection connect(String stream, String... clients) {
		return connect(stream, List.of(clients), Map.of());
	}

	/**
	 * Connects to a stream with features, resuming {@code streams} features after the
	 * given ids.
	 * @param stream the stream
	 * @param clients the features
	 * @param since the last id received per {@code streams} feature
	 * @return the connection
	 */
	public StreamsTestConnection connect(String stream, List<String> clients, Map<String, String> since) {
		List<String> query = new ArrayList<>();
		query.add("stream=" + encode(stream));
		query.add("clients=" + encode(String.join(",", clients)));
		if (!since.isEmpty()) {
			query.add("since=" + encode(since.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + ":" + entry.getValue())
				.collect(Collectors.joining(","))));
		}
		return connectWithQuery(String.join("&", query));
	}

	/**
	 * Connects with a query as it is, such as a malformed one.
	 * @param query the query without {@code ?}, such as {@code stream=channel:1&clients=}
	 * @return the connection
	 */
	public StreamsTestConnection connectWithQuery(String query) {
		String scheme = "https".equals(this.base.getScheme()) ? "wss" : "ws";
		URI uri = URI.create(scheme + "://" + this.base.getRawAuthority() + this.path + "?" + query);
		return StreamsTestConnection.open(uri, httpHeaders(), this.subprotocols, this.timeout);
	}

	private Map<String, String> httpHeaders() {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		if (!this.cookies.isEmpty()) {
			headers.put("Cookie", this.cookies.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
		return headers;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":").replace("%2C", ",");
	}

}
