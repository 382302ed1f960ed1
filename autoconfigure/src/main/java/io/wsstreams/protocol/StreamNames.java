package io.wsstreams.protocol;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates stream and feature names and builds topic names from them.
 *
 * <p>A stream is 1 to 4 {@code type:id} pairs joined by {@code :}, each segment
 * {@code [A-Za-z0-9_.-]{1,64}}, 200 characters at most. A feature is
 * {@code [a-z][a-z0-9-]{0,31}} and not one of the reserved frame types. A topic is
 * {@code {stream}:{feature}}.
 */
public final class StreamNames {

	/** The longest stream name accepted, in characters. */
	public static final int MAX_STREAM_LENGTH = 200;

	/** Frame types used by the protocol itself, which no feature may take. */
	public static final Set<String> RESERVED_FEATURE_NAMES = Set.of("welcome", "reply", "error", "ping", "pong",
			"system");

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	private StreamNames() {
	}

	/**
	 * Whether the given text is a well-formed stream name.
	 * @param stream the candidate
	 * @return {@code true} when it is 1 to 4 {@code type:id} pairs of valid segments
	 */
	public static boolean isValidStream(String stream) {
		if (stream.isEmpty() || stream.length() > MAX_STREAM_LENGTH) {
			return false;
		}
		String[] segments = stream.split(":", -1);
		if (segments.length % 2 != 0 || segments.length > 8) {
			return false;
		}
		for (String segment : segments) {
			if (!SEGMENT.matcher(segment).matches()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the given text is a valid feature name that is not reserved.
	 * @param feature the candidate
	 * @return {@code true} when a feature may be declared with this name
	 */
	public static boolean isValidFeature(String feature) {
		return FEATURE.matcher(feature).matches() && !RESERVED_FEATURE_NAMES.contains(feature);
	}

	/**
	 * Checks a stream name, for application code that publishes.
	 * @param stream the stream name
	 * @return the stream name
	 * @throws IllegalArgumentException when it is malformed
	 */
	public static String requireValidStream(String stream) {
		if (!isValidStream(stream)) {
			throw new IllegalArgumentException("Invalid stream name '" + abbreviate(stream)
					+ "': expected 1 to 4 type:id pairs of [A-Za-z0-9_.-]{1,64}, 200 characters at most");
		}
		return stream;
	}

	/**
	 * The topic of a feature on a stream.
	 * @param stream a valid stream name
	 * @param feature a valid feature name
	 * @return {@code stream:feature}
	 */
	public static String topic(String stream, String feature) {
		return stream + ':' + feature;
	}

	static String abbreviate(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 61) + "...";
	}

}
