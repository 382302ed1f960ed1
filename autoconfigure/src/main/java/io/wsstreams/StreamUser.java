package io.wsstreams;

import org.springframework.util.Assert;

/**
 * The user of a connection, resolved from its HTTP session.
 *
 * @param id the user's id, as sent to clients in {@code welcome}, {@code from} and
 * presence frames
 */
public record StreamUser(String id) {

	public StreamUser {
		Assert.hasText(id, "User id must not be empty");
	}

}
