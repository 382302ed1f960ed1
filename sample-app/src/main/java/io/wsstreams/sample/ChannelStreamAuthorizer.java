package io.wsstreams.sample;

import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Lets users open channel streams only: {@code channel:{id}} and the streams nested under
 * one, such as {@code channel:1:thread:2}. Clients choose the stream they connect to, so
 * without this any stream name would be accepted; a connection to another kind of stream
 * is closed with {@code 4403 Forbidden: <feature>}.
 *
 * <p>Every signed-in user may use every channel in this demo. An application with
 * members would also look up here whether the user belongs to the channel.
 */
@Component
final class ChannelStreamAuthorizer implements StreamAuthorizer {

	/** The stream type the sample serves. */
	static final String CHANNEL = "channel";

	@Override
	public boolean canSubscribe(@Nullable StreamUser user, String stream, String feature) {
		return isChannel(stream);
	}

	@Override
	public boolean canSend(@Nullable StreamUser user, String stream, String feature, String action) {
		return isChannel(stream);
	}

	/**
	 * Whether a stream is a channel or nested under one.
	 * @param stream a valid stream name, such as {@code channel:1:thread:2}
	 * @return {@code true} when its first segment is the type {@code channel}
	 */
	static boolean isChannel(String stream) {
		int colon = stream.indexOf(':');
		return colon > 0 && colon < stream.length() - 1 && CHANNEL.equals(stream.substring(0, colon));
	}

}
