package io.wsstreams.sample;

import java.util.Map;

import io.wsstreams.StreamUser;
import io.wsstreams.pusher.auth.PusherAuthorizer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * What the Pusher auth endpoints that ws-streams serves ({@code POST /pusher/auth} and
 * {@code POST /pusher/user-auth}) tell of a signed-in user: the name, as the members of
 * presence channels show it. Every signed-in user may join every channel in this demo; an
 * application with members would also override
 * {@link PusherAuthorizer#canSubscribe(StreamUser, String, String)}.
 */
@Component
@ConditionalOnBooleanProperty("ws-streams.pusher.enabled")
class PusherMembers implements PusherAuthorizer {

	@Override
	public Map<String, ?> userInfo(StreamUser user, String appId) {
		return Map.of("name", user.id());
	}

}
