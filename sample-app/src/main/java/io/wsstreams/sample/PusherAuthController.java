package io.wsstreams.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wsstreams.pusher.PusherChannelType;
import io.wsstreams.pusher.PusherEncryption;
import io.wsstreams.pusher.PusherNames;
import io.wsstreams.pusher.PusherSignatures;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auth endpoints of Pusher clients (pusher-js, Laravel Echo), for signed-in users only:
 * they take pusher-js' form parameters and answer as Pusher's server libraries do.
 *
 * <ul>
 * <li>{@code POST /pusher/auth} with {@code socket_id} and {@code channel_name}: a
 * {@code private-} channel gets {@code {"auth"}}, a {@code presence-} channel
 * {@code {"auth","channel_data"}} whose {@code user_id} is the signed-in user, and a
 * {@code private-encrypted-} channel {@code {"auth","shared_secret"}}.</li>
 * <li>{@code POST /pusher/user-auth} with {@code socket_id}: {@code {"auth","user_data"}},
 * for {@code pusher.signin()}.</li>
 * </ul>
 *
 * <p>Every signed-in user may join every channel in this demo; an application with
 * members would decide here who may join which channel. A request without a session is
 * answered 401, a malformed socket id or channel name, or a public channel, 400; both
 * paths are guarded against foreign origins by {@link OriginCheckFilter}.
 */
@RestController
@ConditionalOnBooleanProperty("ws-streams.pusher.enabled")
class PusherAuthController {

	private final PusherApp app;

	private final JsonMapper json;

	PusherAuthController(PusherApps apps, @Value("${ws-streams.pusher.apps[0].id}") String appId, JsonMapper json) {
		PusherApp app = apps.byId(appId);
		if (app == null) {
			throw new IllegalStateException("No Pusher app with id '" + appId + "'");
		}
		this.app = app;
		this.json = json;
	}

	@PostMapping(path = "/pusher/auth", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> authorizeChannel(@RequestParam(name = "socket_id", required = false) String socketId,
			@RequestParam(name = "channel_name", required = false) String channel,
			@RequestAttribute(SignedInInterceptor.USER) String user) {
		requireSocketId(socketId);
		String problem = (channel != null) ? PusherNames.channelNameProblem(channel) : "channel_name is required";
		if (problem != null) {
			throw badRequest(problem);
		}
		PusherSignatures signatures = this.app.signatures();
		Map<String, String> answer = new LinkedHashMap<>();
		switch (PusherChannelType.of(channel)) {
			case PRIVATE -> answer.put("auth", signatures.authorizeChannel(socketId, channel));
			case PRESENCE -> {
				String channelData = userJson("user_id", user);
				answer.put("auth", signatures.authorizePresenceChannel(socketId, channel, channelData));
				answer.put("channel_data", channelData);
			}
			case PRIVATE_ENCRYPTED -> {
				PusherEncryption encryption = this.app.encryption();
				if (encryption == null) {
					throw new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail
						.forStatusAndDetail(HttpStatus.FORBIDDEN, "Encrypted channels need an encryption master key"),
							null);
				}
				answer.put("auth", signatures.authorizeChannel(socketId, channel));
				answer.put("shared_secret", encryption.sharedSecretBase64(channel));
			}
			default -> throw badRequest("Public channels need no authorization");
		}
		return answer;
	}

	@PostMapping(path = "/pusher/user-auth", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> authenticateUser(@RequestParam(name = "socket_id", required = false) String socketId,
			@RequestAttribute(SignedInInterceptor.USER) String user) {
		requireSocketId(socketId);
		String userData = userJson("id", user);
		return Map.of("auth", this.app.signatures().authenticateUser(socketId, userData), "user_data", userData);
	}

	private static void requireSocketId(String socketId) {
		// A socket id with a ':' in it would get a signature that is valid for another channel.
		if (!PusherNames.isValidSocketId(socketId)) {
			throw badRequest("socket_id must be a socket id such as 123.456");
		}
	}

	/**
	 * The user as Pusher's {@code channel_data} ({@code user_id}) or {@code user_data}
	 * ({@code id}) describes one, with the name as its {@code user_info}.
	 */
	private String userJson(String idField, String user) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put(idField, user);
		value.put("user_info", Map.of("name", user));
		return this.json.writeValueAsString(value);
	}

	private static ErrorResponseException badRequest(String detail) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
	}

}
