package io.wsstreams.session;

import java.security.Principal;

import io.wsstreams.StreamUser;
import io.wsstreams.StreamUserResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * Reads the user from a session attribute holding a {@link String} id, a
 * {@link StreamUser} or a {@link Principal}.
 */
public final class SessionAttributeUserResolver implements StreamUserResolver {

	private final String attribute;

	public SessionAttributeUserResolver(String attribute) {
		this.attribute = attribute;
	}

	@Override
	public @Nullable StreamUser resolve(Session session) {
		Object value = session.getAttribute(this.attribute);
		if (value instanceof StreamUser user) {
			return user;
		}
		if (value instanceof String id && !id.isBlank()) {
			return new StreamUser(id);
		}
		if (value instanceof Principal principal && principal.getName() != null && !principal.getName().isBlank()) {
			return new StreamUser(principal.getName());
		}
		return null;
	}

}
