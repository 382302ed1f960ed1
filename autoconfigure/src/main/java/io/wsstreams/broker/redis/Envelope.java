package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;

import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * A message on a Pub/Sub channel: UTF-8 text whose header fields are separated by
 * {@code \n}, its last part (a frame's or a payload's text) taken as it is.
 *
 * <ul>
 * <li>live, on a topic's channel:
 * {@code L\n<origin>\n<excludeConnectionId or empty>\n<feature>\n<frame>}</li>
 * <li>log entry, on a topic's channel, published by the append script:
 * {@code S\n<id>\n<previous id or empty>\n<feature>\n<frame>}</li>
 * <li>presence change, on a topic's channel:
 * {@code P\n<version>\n<excludeConnectionId or empty>\n<feature>\n<frame>}, the version
 * counting the topic's changes</li>
 * <li>user message, on the users channel:
 * {@code U\n<origin>\n<userId>\n<feature>\n<event>\n<ts>\n<from or empty>\n<data JSON>},
 * where the user id, event and sender have {@code \} and line feeds escaped as
 * {@code \\} and {@code \n}</li>
 * </ul>
 *
 * <p>The origin of what a node publishes itself is {@code <node>:<number>}, the number in
 * 16 hexadecimal digits, set by {@link #number} as the publication is sent (see
 * {@link RedisCommands#sendNumbered}), so that a receiver can drop a publication that
 * Lettuce sent again.
 *
 * <p>Decoding reads the header only, on the thread that receives the message; the text is
 * decoded by {@link #text()}, on the thread that delivers it.
 */
final class Envelope {

	/** A live {@code pub-sub} publication. */
	static final char LIVE = 'L';

	/** A log entry. */
	static final char LOGGED = 'S';

	/** A presence change. */
	static final char PRESENCE = 'P';

	/** A publication to a user. */
	static final char USER = 'U';

	/** How many hexadecimal digits the number of an origin has. */
	private static final int NUMBER_DIGITS = 16;

	private final char kind;

	private final String[] header;

	private final byte[] body;

	private final int textStart;

	private Envelope(char kind, String[] header, byte[] body, int textStart) {
		this.kind = kind;
		this.header = header;
		this.body = body;
		this.textStart = textStart;
	}

	/**
	 * Reads an envelope's kind and header.
	 * @param body the message body
	 * @return the envelope, or {@code null} when the body is not one
	 */
	static @Nullable Envelope decode(byte[] body) {
		if (body.length < 2 || body[1] != '\n') {
			return null;
		}
		char kind = (char) body[0];
		int fields = switch (kind) {
			case LIVE, LOGGED, PRESENCE -> 3;
			case USER -> 6;
			default -> -1;
		};
		if (fields < 0) {
			return null;
		}
		String[] header = new String[fields];
		int start = 2;
		for (int i = 0; i < fields; i++) {
			int end = indexOf(body, (byte) '\n', start);
			if (end < 0) {
				return null;
			}
			header[i] = new String(body, start, end - start, StandardCharsets.UTF_8);
			start = end + 1;
		}
		return new Envelope(kind, header, body, start);
	}

	char kind() {
		return this.kind;
	}

	/**
	 * A header field.
	 * @param index its position after the kind
	 * @return the field, empty when absent
	 */
	String field(int index) {
		return this.header[index];
	}

	/**
	 * A header field that may be absent.
	 * @param index its position after the kind
	 * @return the field, or {@code null} when empty
	 */
	@Nullable String optionalField(int index) {
		String value = this.header[index];
		return value.isEmpty() ? null : value;
	}

	/**
	 * The text after the header: a frame, or a user message's payload.
	 * @return the text
	 */
	String text() {
		return new String(this.body, this.textStart, this.body.length - this.textStart, StandardCharsets.UTF_8);
	}

	/**
	 * The node of a live publication or a user message.
	 * @return the node, or {@code null} when the origin is not one
	 */
	@Nullable String originNode() {
		String origin = this.header[0];
		int colon = origin.lastIndexOf(':');
		return (colon > 0 && origin.length() - colon - 1 == NUMBER_DIGITS) ? origin.substring(0, colon) : null;
	}

	/**
	 * The number of a live publication or a user message among those of its node.
	 * @return the number
	 */
	long originNumber() {
		String origin = this.header[0];
		return Long.parseUnsignedLong(origin, origin.length() - NUMBER_DIGITS, origin.length(), 16);
	}

	/**
	 * A live publication, to be numbered before it is sent.
	 * @param node the publishing node
	 * @param excludeConnectionId the connection that must not receive it, or {@code null}
	 * @param feature the feature
	 * @param frame the frame's text
	 * @return the body
	 */
	static byte[] live(String node, @Nullable String excludeConnectionId, String feature, String frame) {
		return encode(LIVE, origin(node), orEmpty(excludeConnectionId), feature, frame);
	}

	/**
	 * Sets the number of a live publication or a user message.
	 * @param body the body
	 * @param number the number
	 */
	static void number(byte[] body, long number) {
		int end = indexOf(body, (byte) '\n', 2);
		for (int i = end - 1; i >= end - NUMBER_DIGITS; i--) {
			body[i] = (byte) Character.forDigit((int) (number & 0xF), 16);
			number >>>= 4;
		}
	}

	private static String origin(String node) {
		return node + ":" + "0".repeat(NUMBER_DIGITS);
	}

	/**
	 * A log entry, as the append script publishes it.
	 * @param id the entry's id
	 * @param previous the id of the entry before, or {@code null}
	 * @param feature the feature
	 * @param frame the frame's text
	 * @return the body
	 */
	static byte[] logged(StreamId id, @Nullable StreamId previous, String feature, String frame) {
		return encode(LOGGED, id.toString(), (previous != null) ? previous.toString() : "", feature, frame);
	}

	/**
	 * A presence change.
	 * @param version the topic's presence version after the change
	 * @param excludeConnectionId the connection that must not receive it, or {@code null}
	 * @param feature the feature
	 * @param frame the frame's text
	 * @return the body
	 */
	static byte[] presence(long version, @Nullable String excludeConnectionId, String feature, String frame) {
		return encode(PRESENCE, Long.toString(version), orEmpty(excludeConnectionId), feature, frame);
	}

	/**
	 * A publication to a user, to be numbered before it is sent.
	 * @param node the publishing node
	 * @param message the publication
	 * @return the body
	 */
	static byte[] user(String node, UserMessage message) {
		return encode(USER, origin(node), escape(message.userId()), message.feature(), escape(message.event()),
				Long.toString(message.ts()), (message.from() != null) ? escape(message.from()) : "",
				message.dataJson());
	}

	/**
	 * Reads a user message.
	 * @return the message
	 * @throws IllegalArgumentException when the envelope is not a user message
	 */
	UserMessage userMessage() {
		if (this.kind != USER) {
			throw new IllegalArgumentException("Not a user message: " + this.kind);
		}
		String from = optionalField(5);
		return new UserMessage(unescape(field(1)), field(2), unescape(field(3)), Long.parseLong(field(4)),
				(from != null) ? unescape(from) : null, text());
	}

	private static byte[] encode(char kind, String... parts) {
		StringBuilder out = new StringBuilder(64 + parts[parts.length - 1].length());
		out.append(kind);
		for (String part : parts) {
			out.append('\n').append(part);
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf('\n') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace("\n", "\\n");
	}

	static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				out.append((next == 'n') ? '\n' : next);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static int indexOf(byte[] bytes, byte value, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

}
