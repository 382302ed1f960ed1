package io.wsstreams.sample;

import java.util.Map;
import java.util.function.Supplier;

import io.wsstreams.pusher.PusherAuthResponses;
import io.wsstreams.pusher.PusherChannelType;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;

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
 * they take pusher-js' form parameters and answer as Pusher's server libraries do, through
 * {@link PusherAuthResponses}.
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
 * answered 401 (by {@link SignedInInterceptor}), a malformed socket id or channel name, or
 * a public channel, 400; both paths are guarded against foreign origins by
 * {@link OriginCheckFilter}.
 */
@RestController
@ConditionalOnBooleanProperty("ws-streams.pusher.enabled")
class PusherAuthController {

	private final PusherAuthResponses responses;

	PusherAuthController(PusherApps apps, @Value("${ws-streams.pusher.apps[0].id}") String appId) {
		PusherApp app = apps.byId(appId);
		if (app == null) {
			throw new IllegalStateException("No Pusher app with id '" + appId + "'");
		}
		this.responses = new PusherAuthResponses(app.signatures(), app.encryption());
	}

	@PostMapping(path = "/pusher/auth", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> authorizeChannel(@RequestParam(name = "socket_id", defaultValue = "") String socketId,
			@RequestParam(name = "channel_name", defaultValue = "") String channel,
			@RequestAttribute(SignedInInterceptor.USER) String user) {
		return answer(() -> switch (PusherChannelType.of(channel)) {
			case PRESENCE -> this.responses.presence(socketId, channel, user, Map.of("name", user));
			case PRIVATE, PRIVATE_ENCRYPTED -> this.responses.channel(socketId, channel);
			case PUBLIC -> throw new IllegalArgumentException("Public channels need no authorization");
		});
	}

	@PostMapping(path = "/pusher/user-auth", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> authenticateUser(@RequestParam(name = "socket_id", defaultValue = "") String socketId,
			@RequestAttribute(SignedInInterceptor.USER) String user) {
		return answer(() -> this.responses.user(socketId, user, Map.of("user_info", Map.of("name", user))));
	}

	/**
	 * The answer, or 400 with the reason when the socket id or the channel name is invalid:
	 * a socket id with a {@code ':'} in it, for one, would get a signature that is valid for
	 * another channel.
	 */
	private static Map<String, String> answer(Supplier<Map<String, String>> response) {
		try {
			return response.get();
		}
		catch (IllegalArgumentException ex) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage()), null);
		}
	}

}
