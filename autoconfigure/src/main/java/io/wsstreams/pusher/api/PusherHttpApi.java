package io.wsstreams.pusher.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.pusher.PusherChannelType;
import io.wsstreams.pusher.PusherNames;
import io.wsstreams.pusher.PusherRequestAuthenticator;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherChannelInfo;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherMember;
import io.wsstreams.pusher.server.PusherEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.util.UriUtils;

/**
 * Pusher's HTTP API at {@code /apps/{app_id}/…}, as Pusher's "HTTP API reference"
 * documents it, for Pusher's server libraries:
 *
 * <ul>
 * <li>{@code POST events}: {@code name}, {@code data} (a string of at most 10 KB),
 * {@code channels} (1 to 100) or {@code channel}, optional {@code socket_id} left out and
 * {@code info} ({@code subscription_count}, {@code user_count}) answered per channel;</li>
 * <li>{@code POST batch_events}: {@code batch} of 1 to 10 such events, each on one
 * {@code channel};</li>
 * <li>{@code GET channels}: the occupied channels, {@code filter_by_prefix}, and
 * {@code info=user_count} for {@code presence-} channels only;</li>
 * <li>{@code GET channels/{channel}}: {@code occupied}, and {@code info} of
 * {@code subscription_count} and, for presence channels, {@code user_count};</li>
 * <li>{@code GET channels/{channel}/users}: the members of a presence channel;</li>
 * <li>{@code POST users/{user_id}/terminate_connections}.</li>
 * </ul>
 *
 * <p>Every request is signed ({@link PusherRequestAuthenticator}) over its method, its
 * path, its query and the MD5 of its raw body; the body is read up to a limit. Statuses:
 * 200 with a JSON body; 400 for a malformed request, with the reason in plain text; 401
 * for a wrong or missing signature, an unknown key, a timestamp more than 600 s away or a
 * body that does not match {@code body_md5}; 404 for an unknown app or path; 405 for
 * another method; 413 for a body over the limit or event data over 10 KB; 501 for channel
 * information when no {@link PusherChannelDirectory} is available. Runs on the request's
 * thread; triggering hands events to the broker and never waits for sockets.
 */
public final class PusherHttpApi implements HttpRequestHandler {

	/** The path pattern the API is mapped to. */
	public static final String PATH_PATTERN = "/apps/**";

	/** The most events in one batch, as Pusher allows. */
	public static final int MAX_BATCH_SIZE = 10;

	/** The longest user id accepted, in characters. */
	static final int MAX_USER_ID_LENGTH = 200;

	private static final String SUBSCRIPTION_COUNT = "subscription_count";

	private static final String USER_COUNT = "user_count";

	private static final String PRESENCE_PREFIX = PusherChannelType.PRESENCE.prefix();

	private static final JsonMapper WRITER = JsonMapper.builder().build();

	private final PusherApps apps;

	private final PusherEvents events;

	private final Supplier<@Nullable PusherChannelDirectory> directory;

	private final Map<String, PusherRequestAuthenticator> authenticators = new LinkedHashMap<>();

	private final JsonMapper reader;

	private final int maxBodySize;

	private final int maxEventDataSize;

	/**
	 * Creates the API.
	 * @param apps the apps
	 * @param events triggers the events
	 * @param directory the directory of channels, looked up at each request that needs it,
	 * or a supplier of {@code null} when there is none
	 * @param reader the mapper request bodies are read with, bounded
	 * @param clock the clock request timestamps are checked against
	 * @param maxBodySize the largest body read, in bytes
	 * @param maxEventDataSize the largest {@code data} of an event, in UTF-8 bytes
	 */
	public PusherHttpApi(PusherApps apps, PusherEvents events, Supplier<@Nullable PusherChannelDirectory> directory,
			JsonMapper reader, Clock clock, int maxBodySize, int maxEventDataSize) {
		this.apps = apps;
		this.events = events;
		this.directory = directory;
		this.reader = reader;
		this.maxBodySize = maxBodySize;
		this.maxEventDataSize = maxEventDataSize;
		for (PusherApp app : apps.all()) {
			this.authenticators.put(app.id(), new PusherRequestAuthenticator(app.signatures(), clock));
		}
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			write(response, 200, "application/json", WRITER.writeValueAsBytes(handle(request)));
		}
		catch (ApiException ex) {
			if (ex.status == 405) {
				response.setHeader("Allow", ex.allow);
			}
			write(response, ex.status, "text/plain;charset=UTF-8", ex.getMessage().getBytes(StandardCharsets.UTF_8));
		}
	}

	private JsonNode handle(HttpServletRequest request) throws IOException {
		List<String> segments = segments(request);
		Route route = Route.of(segments);
		if (!route.method.equals(request.getMethod())) {
			throw new ApiException(405, "Method not allowed: use " + route.method, route.method);
		}
		String appId = segments.get(1);
		PusherApp app = this.apps.byId(appId);
		PusherRequestAuthenticator authenticator = this.authenticators.get(appId);
		if (app == null || authenticator == null) {
			throw new ApiException(404, "Unknown app");
		}
		byte[] body = body(request);
		Map<String, String> query = query(request.getQueryString());
		PusherRequestAuthenticator.Result result = authenticator.verify(request.getMethod(), "/" + String.join("/", segments),
				query, body);
		if (!result.valid()) {
			throw new ApiException(401, String.valueOf(result.reason()));
		}
		return switch (route) {
			case EVENTS -> events(app, object(body));
			case BATCH_EVENTS -> batchEvents(app, object(body));
			case CHANNELS -> channels(app, query);
			case CHANNEL -> channel(app, validChannel(segments.get(3)), query);
			case USERS -> users(app, validChannel(segments.get(3)));
			case TERMINATE -> terminate(app, segments.get(3));
		};
	}

	private JsonNode events(PusherApp app, JsonNode body) {
		Trigger trigger = trigger(body, false);
		PusherChannelDirectory directory = trigger.info.isEmpty() ? null : directory();
		publish(app, List.of(trigger));
		ObjectNode reply = WRITER.createObjectNode();
		if (directory != null) {
			ObjectNode channels = reply.putObject("channels");
			for (String channel : trigger.channels) {
				channels.set(channel, attributes(directory.channel(app.id(), channel), trigger.info, channel));
			}
		}
		return reply;
	}

	private JsonNode batchEvents(PusherApp app, JsonNode body) {
		JsonNode batch = body.get("batch");
		if (batch == null || !batch.isArray()) {
			throw new ApiException(400, "Missing batch: an array of events");
		}
		if (batch.isEmpty() || batch.size() > MAX_BATCH_SIZE) {
			throw new ApiException(400, "A batch holds 1 to " + MAX_BATCH_SIZE + " events, not " + batch.size());
		}
		List<Trigger> triggers = new ArrayList<>();
		for (JsonNode event : batch) {
			triggers.add(trigger(event, true));
		}
		boolean info = triggers.stream().anyMatch((trigger) -> !trigger.info.isEmpty());
		PusherChannelDirectory directory = info ? directory() : null;
		publish(app, triggers);
		ObjectNode reply = WRITER.createObjectNode();
		if (directory != null) {
			ArrayNode array = reply.putArray("batch");
			for (Trigger trigger : triggers) {
				String channel = trigger.channels.iterator().next();
				array.add(trigger.info.isEmpty() ? WRITER.createObjectNode()
						: attributes(directory.channel(app.id(), channel), trigger.info, channel));
			}
		}
		return reply;
	}

	private void publish(PusherApp app, List<Trigger> triggers) {
		for (Trigger trigger : triggers) {
			try {
				this.events.trigger(app.id(), trigger.channels, trigger.name, trigger.data, trigger.socketId);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiException(400, String.valueOf(ex.getMessage()));
			}
		}
	}

	private static ObjectNode attributes(PusherChannelInfo info, Set<String> attributes, String channel) {
		ObjectNode node = WRITER.createObjectNode();
		if (attributes.contains(SUBSCRIPTION_COUNT)) {
			node.put(SUBSCRIPTION_COUNT, info.subscriptionCount());
		}
		if (attributes.contains(USER_COUNT) && channel.startsWith(PRESENCE_PREFIX)) {
			node.put(USER_COUNT, info.userCount());
		}
		return node;
	}

	private JsonNode channels(PusherApp app, Map<String, String> query) {
		String prefix = query.get("filter_by_prefix");
		Set<String> info = info(query.get("info"), Set.of(USER_COUNT));
		if (info.contains(USER_COUNT) && (prefix == null || !prefix.startsWith(PRESENCE_PREFIX))) {
			throw new ApiException(400,
					"info=user_count is only allowed for presence channels: add filter_by_prefix=" + PRESENCE_PREFIX);
		}
		Map<String, PusherChannelInfo> occupied = new TreeMap<>(directory().channels(app.id(), prefix));
		ObjectNode reply = WRITER.createObjectNode();
		ObjectNode channels = reply.putObject("channels");
		occupied.forEach((name, counts) -> {
			if (counts.occupied() && (prefix == null || name.startsWith(prefix))) {
				channels.set(name, attributes(counts, info, name));
			}
		});
		return reply;
	}

	private JsonNode channel(PusherApp app, String channel, Map<String, String> query) {
		Set<String> info = info(query.get("info"), Set.of(SUBSCRIPTION_COUNT, USER_COUNT));
		if (info.contains(USER_COUNT) && !channel.startsWith(PRESENCE_PREFIX)) {
			throw new ApiException(400, "info=user_count is only allowed for presence channels");
		}
		PusherChannelInfo counts = directory().channel(app.id(), channel);
		ObjectNode reply = WRITER.createObjectNode();
		reply.put("occupied", counts.occupied());
		reply.setAll(attributes(counts, info, channel));
		return reply;
	}

	private JsonNode users(PusherApp app, String channel) {
		if (!channel.startsWith(PRESENCE_PREFIX)) {
			throw new ApiException(400, "Users can only be retrieved for presence channels");
		}
		ObjectNode reply = WRITER.createObjectNode();
		ArrayNode users = reply.putArray("users");
		for (PusherMember member : directory().members(app.id(), channel)) {
			users.addObject().put("id", member.userId());
		}
		return reply;
	}

	private JsonNode terminate(PusherApp app, String userId) {
		if (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH || OutboundFrame.hasUnpairedSurrogate(userId)
				|| userId.chars().anyMatch(Character::isISOControl)) {
			throw new ApiException(400, "Invalid user id: 1 to " + MAX_USER_ID_LENGTH + " characters, no control characters");
		}
		directory().terminate(app.id(), userId);
		return WRITER.createObjectNode();
	}

	private Trigger trigger(JsonNode event, boolean batch) {
		if (!event.isObject()) {
			throw new ApiException(400, "An event must be a JSON object");
		}
		String name = requiredString(event, "name");
		String problem = PusherNames.eventNameProblem(name);
		if (problem != null) {
			throw new ApiException(400, problem);
		}
		String data = requiredString(event, "data");
		if (OutboundFrame.utf8Length(data) > this.maxEventDataSize) {
			throw new ApiException(413, "Event data is too large: at most " + this.maxEventDataSize + " bytes");
		}
		Set<String> channels = new LinkedHashSet<>();
		JsonNode list = event.get("channels");
		if (list != null && !list.isNull() && !batch) {
			if (event.hasNonNull("channel")) {
				throw new ApiException(400, "Give either channels or channel, not both");
			}
			if (!list.isArray() || list.isEmpty() || list.size() > PusherEvents.MAX_CHANNELS) {
				throw new ApiException(400, "channels must be an array of 1 to " + PusherEvents.MAX_CHANNELS + " names");
			}
			for (JsonNode channel : list) {
				if (!channel.isString()) {
					throw new ApiException(400, "channels must be an array of channel names");
				}
				channels.add(triggerChannel(channel.asString()));
			}
		}
		else {
			channels.add(triggerChannel(requiredString(event, "channel")));
		}
		String socketId = optionalString(event, "socket_id");
		if (socketId != null && !PusherNames.isValidSocketId(socketId)) {
			throw new ApiException(400, "Invalid socket_id");
		}
		Set<String> info = info(optionalString(event, "info"), Set.of(SUBSCRIPTION_COUNT, USER_COUNT));
		return new Trigger(name, data, channels, socketId, info);
	}

	private static String validChannel(String channel) {
		return checked(channel, PusherNames.channelNameProblem(channel));
	}

	/** A channel events may be triggered on, {@code #server-to-user-<id>} included. */
	private static String triggerChannel(String channel) {
		return checked(channel, PusherEvents.channelProblem(channel));
	}

	private static String checked(String channel, @Nullable String problem) {
		if (problem != null) {
			throw new ApiException(400, problem);
		}
		return channel;
	}

	private static Set<String> info(@Nullable String info, Set<String> known) {
		Set<String> attributes = new LinkedHashSet<>();
		if (info != null) {
			for (String attribute : info.split(",", -1)) {
				String trimmed = attribute.trim();
				if (trimmed.isEmpty()) {
					continue;
				}
				if (!known.contains(trimmed)) {
					throw new ApiException(400, "Unknown info attribute '" + printable(trimmed) + "': expected one of "
							+ String.join(", ", new TreeSet<>(known)));
				}
				attributes.add(trimmed);
			}
		}
		return attributes;
	}

	private static String requiredString(JsonNode node, String field) {
		String value = optionalString(node, field);
		if (value == null) {
			throw new ApiException(400, "Missing " + field);
		}
		return value;
	}

	private static @Nullable String optionalString(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new ApiException(400, field + " must be a string");
		}
		String text = value.asString();
		if (OutboundFrame.hasUnpairedSurrogate(text)) {
			throw new ApiException(400, field + " must be valid Unicode: it holds an unpaired surrogate");
		}
		return text;
	}

	private PusherChannelDirectory directory() {
		PusherChannelDirectory directory = this.directory.get();
		if (directory == null) {
			throw new ApiException(501, "Channel information is not available on this server");
		}
		return directory;
	}

	private JsonNode object(byte[] body) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ApiException(400, "Request body must be encoded as UTF-8");
		}
		JsonNode root;
		try {
			root = this.reader.readTree(text);
		}
		catch (StreamConstraintsException ex) {
			throw new ApiException(400, "Request body exceeds the JSON limits");
		}
		catch (JacksonException ex) {
			throw new ApiException(400, "Request body must be valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new ApiException(400, "Request body must be a JSON object");
		}
		return root;
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw new ApiException(413, "Request body is too large: at most " + this.maxBodySize + " bytes");
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(this.maxBodySize + 1);
			if (body.length > this.maxBodySize) {
				throw new ApiException(413, "Request body is too large: at most " + this.maxBodySize + " bytes");
			}
			return body;
		}
	}

	/**
	 * The decoded query parameters, in order; a parameter given twice is refused, so that
	 * what is signed is what is read.
	 */
	static Map<String, String> query(@Nullable String queryString) {
		Map<String, String> query = new LinkedHashMap<>();
		if (queryString == null || queryString.isEmpty()) {
			return query;
		}
		Set<String> names = new LinkedHashSet<>();
		for (String pair : queryString.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (!names.add(name.toLowerCase(Locale.ROOT))) {
				throw new ApiException(401, "Query parameter '" + printable(name) + "' is given twice");
			}
			query.put(name, value);
		}
		return query;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(400, "Malformed query string");
		}
	}

	/** The decoded segments of the path within the application, {@code apps} first. */
	private static List<String> segments(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/", -1)) {
			segments.add(segment);
		}
		if (segments.isEmpty() || !segments.get(0).isEmpty()) {
			throw new ApiException(404, "Not found");
		}
		segments.remove(0);
		try {
			segments.replaceAll((segment) -> UriUtils.decode(segment, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(400, "Malformed path");
		}
		return segments;
	}

	/** A string cut short and stripped of control characters, for error messages. */
	private static String printable(String text) {
		String cut = (text.length() > 64) ? text.substring(0, 64) + "…" : text;
		return cut.codePoints()
			.map((c) -> (Character.isISOControl(c) || Character.isSurrogate((char) c)) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
			throws IOException {
		response.setStatus(status);
		response.setContentType(contentType);
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** The API's endpoints, by the segments of their paths. */
	private enum Route {

		EVENTS("POST"), BATCH_EVENTS("POST"), CHANNELS("GET"), CHANNEL("GET"), USERS("GET"), TERMINATE("POST");

		private final String method;

		Route(String method) {
			this.method = method;
		}

		static Route of(List<String> segments) {
			int size = segments.size();
			if (size < 3 || !segments.get(0).equals("apps") || segments.stream().anyMatch(String::isEmpty)) {
				throw new ApiException(404, "Not found");
			}
			String resource = segments.get(2);
			if (size == 3 && resource.equals("events")) {
				return EVENTS;
			}
			if (size == 3 && resource.equals("batch_events")) {
				return BATCH_EVENTS;
			}
			if (resource.equals("channels")) {
				if (size == 3) {
					return CHANNELS;
				}
				if (size == 4) {
					return CHANNEL;
				}
				if (size == 5 && segments.get(4).equals("users")) {
					return USERS;
				}
			}
			if (size == 5 && resource.equals("users") && segments.get(4).equals("terminate_connections")) {
				return TERMINATE;
			}
			throw new ApiException(404, "Not found");
		}

	}

	/** An event to trigger, checked. */
	private record Trigger(String name, String data, Set<String> channels, @Nullable String socketId,
			Set<String> info) {
	}

	/** A refused request: its status and the reason sent as plain text. */
	private static final class ApiException extends RuntimeException {

		private final int status;

		private final String allow;

		ApiException(int status, String message) {
			this(status, message, "");
		}

		ApiException(int status, String message, String allow) {
			super(message, null, false, false);
			this.status = status;
			this.allow = allow;
		}

	}

}
