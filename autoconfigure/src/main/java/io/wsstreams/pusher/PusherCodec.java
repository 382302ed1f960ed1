package io.wsstreams.pusher;

import java.util.Map;

import io.wsstreams.protocol.InboundFrameReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON messages of Pusher's protocol:
 * {@code {"event":…,"channel":…,"data":…}}.
 *
 * <p>As Pusher sends them, the {@code data} of channel events and of
 * {@code pusher:connection_established} and {@code pusher_internal:} events is a string
 * holding JSON ("double encoding"), while {@code pusher:error}, {@code pusher:pong} and
 * {@code pusher:signin_success} carry an object. Reading accepts {@code data} as any JSON
 * value, within the given nesting and string limits.
 */
public final class PusherCodec {

	/** The event that opens every connection. */
	public static final String CONNECTION_ESTABLISHED = "pusher:connection_established";

	/** The event of errors. */
	public static final String ERROR = "pusher:error";

	/** The heartbeat request. */
	public static final String PING = "pusher:ping";

	/** The heartbeat reply. */
	public static final String PONG = "pusher:pong";

	/** A client subscribes. */
	public static final String SUBSCRIBE = "pusher:subscribe";

	/** A client unsubscribes. */
	public static final String UNSUBSCRIBE = "pusher:unsubscribe";

	/** A client signs a user in. */
	public static final String SIGNIN = "pusher:signin";

	/** The reply to a successful sign-in. */
	public static final String SIGNIN_SUCCESS = "pusher:signin_success";

	/** The reply to a successful subscription. */
	public static final String SUBSCRIPTION_SUCCEEDED = "pusher_internal:subscription_succeeded";

	/** The event that refuses a subscription over a limit. */
	public static final String SUBSCRIPTION_ERROR = "pusher:subscription_error";

	/** A member joined a presence channel. */
	public static final String MEMBER_ADDED = "pusher_internal:member_added";

	/** A member left a presence channel. */
	public static final String MEMBER_REMOVED = "pusher_internal:member_removed";

	private final JsonMapper mapper;

	/**
	 * Creates a codec.
	 * @param maxDepth the deepest nesting of arrays and objects read
	 * @param maxStringLength the longest string value read, in characters
	 */
	public PusherCodec(int maxDepth, int maxStringLength) {
		this.mapper = InboundFrameReader.boundedMapper(maxDepth, maxStringLength);
	}

	/**
	 * Reads a message sent by a client.
	 * @param text the text frame
	 * @return the message
	 * @throws InvalidPusherMessageException when it is not a JSON object with a string
	 * {@code event} and, if any, a string {@code channel}
	 */
	public PusherMessage read(String text) {
		JsonNode root;
		try {
			root = this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidPusherMessageException("Message is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidPusherMessageException("Message must be a JSON object");
		}
		JsonNode event = root.get("event");
		if (event == null || !event.isString() || event.asString().isEmpty()) {
			throw new InvalidPusherMessageException("Message must have a string 'event'");
		}
		JsonNode channel = root.get("channel");
		if (channel != null && !channel.isNull() && !channel.isString()) {
			throw new InvalidPusherMessageException("'channel' must be a string");
		}
		JsonNode data = root.get("data");
		return new PusherMessage(event.asString(), (channel != null && channel.isString()) ? channel.asString() : null,
				(data == null || data.isNull()) ? null : data);
	}

	/**
	 * Reads data that a client may send either as an object or as a string holding one,
	 * such as the {@code user_data} or {@code channel_data} JSON strings.
	 * @param json the JSON text
	 * @return the object
	 * @throws InvalidPusherMessageException when it is not a JSON object
	 */
	public ObjectNode readObject(String json) {
		JsonNode node;
		try {
			node = this.mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidPusherMessageException("Data is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new InvalidPusherMessageException("Data must be a JSON object");
		}
		return (ObjectNode) node;
	}

	/**
	 * Reads a JSON value of any kind, such as a member's {@code user_info}.
	 * @param json the JSON text
	 * @return the value
	 * @throws InvalidPusherMessageException when it is not valid JSON
	 */
	public JsonNode readValue(String json) {
		try {
			JsonNode node = this.mapper.readTree(json);
			if (node == null || node.isMissingNode()) {
				throw new InvalidPusherMessageException("Data is not valid JSON");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new InvalidPusherMessageException("Data is not valid JSON");
		}
	}

	/**
	 * Writes {@code pusher:subscription_error} for a channel, as Pusher-compatible servers
	 * send it when a subscription goes over a limit: its data an object with the
	 * {@code type} of the error, a description in {@code error}, and a {@code status}
	 * code.
	 * @param channel the channel
	 * @param type the type of the error, such as {@code LimitReached}
	 * @param error the description
	 * @param status the status code
	 * @return the message
	 */
	public String subscriptionError(String channel, String type, String error, int status) {
		ObjectNode message = message(SUBSCRIPTION_ERROR, channel);
		ObjectNode data = message.putObject("data");
		data.put("type", type);
		data.put("error", error);
		data.put("status", status);
		return write(message);
	}

	/**
	 * Writes a channel event, its data sent as a string.
	 * @param event the event name
	 * @param channel the channel
	 * @param data the data, usually JSON text
	 * @param userId the member who sent a client event on a presence channel, or
	 * {@code null}
	 * @return the message
	 */
	public String channelEvent(String event, String channel, String data, @Nullable String userId) {
		ObjectNode message = message(event, channel);
		message.put("data", data);
		if (userId != null) {
			message.put("user_id", userId);
		}
		return write(message);
	}

	/**
	 * Writes {@code pusher:connection_established}, its data a string holding
	 * {@code socket_id} and {@code activity_timeout}.
	 * @param socketId the connection's socket id
	 * @param activityTimeoutSeconds the seconds of inactivity after which the client
	 * should ping
	 * @return the message
	 */
	public String connectionEstablished(String socketId, int activityTimeoutSeconds) {
		ObjectNode data = this.mapper.createObjectNode();
		data.put("socket_id", socketId);
		data.put("activity_timeout", activityTimeoutSeconds);
		return withStringData(CONNECTION_ESTABLISHED, null, data);
	}

	/**
	 * Writes {@code pusher:error}, its data an object with {@code code} and
	 * {@code message}.
	 * @param code the error code, or {@code null} for an error without one
	 * @param message the description
	 * @return the message
	 */
	public String error(@Nullable Integer code, String message) {
		ObjectNode error = message(ERROR, null);
		ObjectNode data = error.putObject("data");
		data.put("code", code);
		data.put("message", message);
		return write(error);
	}

	/**
	 * Writes {@code pusher:error} for a documented error code, with its message.
	 * @param code the error code
	 * @return the message
	 */
	public String error(PusherErrorCode code) {
		return error(code.code(), code.message());
	}

	/**
	 * Writes {@code pusher:ping}, with empty data.
	 * @return the message
	 */
	public String ping() {
		return withEmptyData(PING);
	}

	/**
	 * Writes {@code pusher:pong}, with empty data.
	 * @return the message
	 */
	public String pong() {
		return withEmptyData(PONG);
	}

	/**
	 * Writes {@code pusher:signin_success}, its data an object with the signed-in
	 * {@code user_data} string.
	 * @param userData the user data JSON string, as signed
	 * @return the message
	 */
	public String signinSuccess(String userData) {
		ObjectNode message = message(SIGNIN_SUCCESS, null);
		message.putObject("data").put("user_data", userData);
		return write(message);
	}

	/**
	 * Writes {@code pusher_internal:subscription_succeeded} for a channel without
	 * presence, its data the string {@code {}}.
	 * @param channel the channel
	 * @return the message
	 */
	public String subscriptionSucceeded(String channel) {
		return withStringData(SUBSCRIPTION_SUCCEEDED, channel, this.mapper.createObjectNode());
	}

	/**
	 * Writes {@code pusher_internal:subscription_succeeded} for a presence channel, its
	 * data a string holding {@code presence} with the member {@code ids}, their
	 * {@code hash} of user info and their {@code count}.
	 * @param channel the channel
	 * @param members the user info of each member, by user id, in the order to list them
	 * @return the message
	 */
	public String presenceSubscriptionSucceeded(String channel, Map<String, JsonNode> members) {
		ObjectNode data = this.mapper.createObjectNode();
		ObjectNode presence = data.putObject("presence");
		ArrayNode ids = presence.putArray("ids");
		members.keySet().forEach(ids::add);
		ObjectNode hash = presence.putObject("hash");
		members.forEach(hash::set);
		presence.put("count", members.size());
		return withStringData(SUBSCRIPTION_SUCCEEDED, channel, data);
	}

	/**
	 * Writes {@code pusher_internal:member_added}, its data a string holding
	 * {@code user_id} and {@code user_info}.
	 * @param channel the presence channel
	 * @param userId the member's user id
	 * @param userInfo the member's user info, or {@code null}
	 * @return the message
	 */
	public String memberAdded(String channel, String userId, @Nullable JsonNode userInfo) {
		ObjectNode data = this.mapper.createObjectNode();
		data.put("user_id", userId);
		if (userInfo != null) {
			data.set("user_info", userInfo);
		}
		return withStringData(MEMBER_ADDED, channel, data);
	}

	/**
	 * Writes {@code pusher_internal:member_removed}, its data a string holding
	 * {@code user_id}.
	 * @param channel the presence channel
	 * @param userId the member's user id
	 * @return the message
	 */
	public String memberRemoved(String channel, String userId) {
		ObjectNode data = this.mapper.createObjectNode();
		data.put("user_id", userId);
		return withStringData(MEMBER_REMOVED, channel, data);
	}

	private String withStringData(String event, @Nullable String channel, ObjectNode data) {
		ObjectNode message = message(event, channel);
		message.put("data", write(data));
		return write(message);
	}

	private String withEmptyData(String event) {
		ObjectNode message = message(event, null);
		message.putObject("data");
		return write(message);
	}

	private String write(JsonNode node) {
		return this.mapper.writeValueAsString(node);
	}

	private ObjectNode message(String event, @Nullable String channel) {
		ObjectNode message = this.mapper.createObjectNode();
		message.put("event", event);
		if (channel != null) {
			message.put("channel", channel);
		}
		return message;
	}

}
