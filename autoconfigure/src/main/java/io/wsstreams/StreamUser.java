package io.wsstreams;

import java.security.Principal;

import org.springframework.util.Assert;

/**
 * The user of a connection, resolved from its HTTP session or from the principal that
 * Spring Security authenticated the handshake with. It is a {@link Principal} whose name is
 * its id.
 *
 * @param id the user's id, as sent to clients in {@code welcome}, {@code from} and
 * presence frames
 */
public record StreamUser(String id) implements Principal {

	public StreamUser {
		Assert.hasText(id, "User id must not be empty");
	}

	@Override
	public String getName() {
		return this.id;
	}

}
