package io.wsstreams.pusher.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.wsstreams.StreamUser;
import io.wsstreams.pusher.PusherAuthResponses;
import io.wsstreams.pusher.PusherChannelType;
import io.wsstreams.pusher.PusherNames;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.HttpRequestHandler;

/**
 * The auth endpoints that pusher-js and Laravel Echo call, ready to use: channel
 * authorization ({@code socket_id} and {@code channel_name}) and user authentication for
 * {@code pusher.signin()} ({@code socket_id}), as form parameters of a {@code POST}, for the
 * user that the request's session (cookie or header) or Spring Security's principal names,
 * found as the ws-streams handshake finds it.
 *
 * <p>Answers: {@code {"auth"}} for {@code private-} channels, plus {@code shared_secret}
 * for {@code private-encrypted-} ones, {@code {"auth","channel_data"}} with the signed-in
 * user as {@code user_id} for {@code presence-} channels, {@code {"auth","user_data"}} with
 * the user as {@code id} for a sign-in; both carry the {@link PusherAuthorizer}'s
 * {@code user_info}, if any. 401 without a signed-in user, 403 when the {@link PusherAuthorizer} refuses or
 * the {@code Origin} is neither the request's own host nor one the app allows, 400 for a
 * missing or malformed socket id or channel name, a public channel or an unknown
 * {@code app_key}, 405 for another method.
 *
 * <p>With one app the endpoints sign for it; with several, pusher-js names the app with
 * an {@code app_key} parameter (its {@code params} option), and without one the first app
 * configured signs.
 */
public final class PusherAuthEndpoint implements HttpRequestHandler {

	private static final JsonMapper WRITER = JsonMapper.builder().build();

	private final boolean user;

	private final PusherApps apps;

	private final Function<HttpServletRequest, @Nullable StreamUser> users;

	private final PusherAuthorizer authorizer;

	private final Map<String, PusherAuthResponses> responses = new LinkedHashMap<>();

	/**
	 * Creates the channel authorization endpoint.
	 * @param apps the apps
	 * @param users finds the signed-in user of a request, or {@code null}
	 * @param authorizer decides who subscribes to what
	 * @return the endpoint
	 */
	public static PusherAuthEndpoint channels(PusherApps apps, Function<HttpServletRequest, @Nullable StreamUser> users,
			PusherAuthorizer authorizer) {
		return new PusherAuthEndpoint(false, apps, users, authorizer);
	}

	/**
	 * Creates the user authentication endpoint.
	 * @param apps the apps
	 * @param users finds the signed-in user of a request, or {@code null}
	 * @param authorizer tells what the user data carries beside the id
	 * @return the endpoint
	 */
	public static PusherAuthEndpoint users(PusherApps apps, Function<HttpServletRequest, @Nullable StreamUser> users,
			PusherAuthorizer authorizer) {
		return new PusherAuthEndpoint(true, apps, users, authorizer);
	}

	private PusherAuthEndpoint(boolean user, PusherApps apps, Function<HttpServletRequest, @Nullable StreamUser> users,
			PusherAuthorizer authorizer) {
		this.user = user;
		this.apps = apps;
		this.users = users;
		this.authorizer = authorizer;
		for (PusherApp app : apps.all()) {
			this.responses.put(app.key(), new PusherAuthResponses(app.signatures(), app.encryption()));
		}
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			write(response, 405, "Method not allowed: use POST");
			return;
		}
		String key = request.getParameter("app_key");
		PusherApp app = (key != null) ? this.apps.byKey(key) : this.apps.all().iterator().next();
		if (app == null) {
			write(response, 400, "Unknown app_key");
			return;
		}
		if (!allowsOrigin(app, request)) {
			write(response, 403, "Origin not allowed");
			return;
		}
		StreamUser signedIn = this.users.apply(request);
		if (signedIn == null) {
			write(response, 401, "Not signed in");
			return;
		}
		PusherAuthResponses signer = this.responses.get(app.key());
		Map<String, String> answer;
		try {
			String socketId = parameter(request, "socket_id");
			if (!PusherNames.isValidSocketId(socketId)) {
				throw new IllegalArgumentException("Invalid socket_id");
			}
			if (this.user) {
				Map<String, ?> info = this.authorizer.userInfo(signedIn, app.id());
				answer = signer.user(socketId, signedIn.id(), (info != null) ? Map.of("user_info", info) : null);
			}
			else {
				String channel = parameter(request, "channel_name");
				String problem = PusherNames.channelNameProblem(channel);
				if (problem != null) {
					throw new IllegalArgumentException(problem);
				}
				PusherChannelType type = PusherChannelType.of(channel);
				if (type == PusherChannelType.PUBLIC) {
					throw new IllegalArgumentException("Public channels need no authorization");
				}
				if (!this.authorizer.canSubscribe(signedIn, app.id(), channel)) {
					write(response, 403, "Not allowed to subscribe to " + channel);
					return;
				}
				answer = (type == PusherChannelType.PRESENCE)
						? signer.presence(socketId, channel, signedIn.id(), this.authorizer.userInfo(signedIn, app.id()))
						: signer.channel(socketId, channel);
			}
		}
		catch (IllegalArgumentException ex) {
			write(response, 400, String.valueOf(ex.getMessage()));
			return;
		}
		byte[] body = WRITER.writeValueAsBytes(answer);
		response.setStatus(200);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String parameter(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Missing " + name);
		}
		return value;
	}

	/**
	 * Whether the request comes from no browser, from a page of the request's own host, or
	 * from an origin the app allows.
	 */
	static boolean allowsOrigin(PusherApp app, HttpServletRequest request) {
		var origins = request.getHeaders("Origin");
		String host = request.getHeader("Host");
		while (origins != null && origins.hasMoreElements()) {
			String origin = origins.nextElement();
			if (!sameHost(origin, host) && !app.allowsOrigin(origin)) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameHost(String origin, @Nullable String host) {
		if (host == null) {
			return false;
		}
		try {
			URI uri = URI.create(origin);
			String authority = uri.getRawAuthority();
			return authority != null && authority.equalsIgnoreCase(host);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void write(HttpServletResponse response, int status, String message) throws IOException {
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
