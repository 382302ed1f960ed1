package io.wsstreams.pusher;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstreams.test.StreamsTestConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens Pusher sockets to a test server and reads Pusher's messages.
 */
final class PusherTestClient {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final int port;

	PusherTestClient(int port) {
		this.port = port;
	}

	/**
	 * Opens a socket for an app key with protocol 7, as pusher-js does.
	 * @param key the app key
	 * @return the connection
	 */
	StreamsTestConnection open(String key) {
		return open("/app/" + key + "?protocol=7&client=js&version=8.4.0&flash=false", Map.of());
	}

	/**
	 * Opens a socket to a path and query of the server.
	 * @param pathAndQuery the path and query
	 * @param headers request headers
	 * @return the connection
	 */
	StreamsTestConnection open(String pathAndQuery, Map<String, String> headers) {
		return StreamsTestConnection.open(URI.create("ws://localhost:" + this.port + pathAndQuery), headers);
	}

	/**
	 * Opens a socket and reads its socket id from {@code pusher:connection_established}.
	 * @param key the app key
	 * @return the connection and its socket id
	 */
	Socket connect(String key) {
		StreamsTestConnection connection = open(key);
		JsonNode established = connection.next();
		if (!"pusher:connection_established".equals(established.path("event").asString())) {
			throw new AssertionError("Expected pusher:connection_established, got " + established);
		}
		return new Socket(connection, data(established).path("socket_id").asString());
	}

	/**
	 * The data of a message, parsed when it is a string holding JSON.
	 * @param message the message
	 * @return the data
	 */
	static JsonNode data(JsonNode message) {
		JsonNode data = message.path("data");
		return data.isString() ? MAPPER.readTree(data.asString()) : data;
	}

	static Map<String, Object> subscribe(String channel) {
		return Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel));
	}

	static Map<String, Object> subscribe(String channel, String auth) {
		return Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "auth", auth));
	}

	/**
	 * A presence subscription, authorized with the app's signatures.
	 * @param signatures the app's signatures
	 * @param socketId the socket
	 * @param channel the presence channel
	 * @param channelData the channel data, signed as given
	 * @return the {@code pusher:subscribe} message
	 */
	static Map<String, Object> presence(PusherSignatures signatures, String socketId, String channel,
			String channelData) {
		return Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "auth",
				signatures.authorizePresenceChannel(socketId, channel, channelData), "channel_data", channelData));
	}

	/**
	 * A sign-in, authenticated with the app's signatures.
	 * @param signatures the app's signatures
	 * @param socketId the socket
	 * @param userData the user data, signed as given
	 * @return the {@code pusher:signin} message
	 */
	static Map<String, Object> signin(PusherSignatures signatures, String socketId, String userData) {
		return Map.of("event", "pusher:signin", "data",
				Map.of("auth", signatures.authenticateUser(socketId, userData), "user_data", userData));
	}

	static Map<String, Object> event(String event, String channel, Object data) {
		return Map.of("event", event, "channel", channel, "data", data);
	}

	static boolean isEvent(JsonNode message, String event) {
		return event.equals(message.path("event").asString());
	}

	/**
	 * An open socket and its socket id.
	 * @param connection the connection
	 * @param socketId the socket id
	 */
	record Socket(StreamsTestConnection connection, String socketId) implements AutoCloseable {

		@Override
		public void close() {
			this.connection.close();
		}

		/**
		 * Subscribes and waits for the subscription to succeed.
		 * @param message the {@code pusher:subscribe} message
		 */
		void subscribed(Map<String, Object> message) {
			this.connection.sendJson(message);
			JsonNode reply = this.connection.next();
			if (!isEvent(reply, "pusher_internal:subscription_succeeded")) {
				throw new AssertionError("Expected subscription_succeeded, got " + reply);
			}
		}

		/**
		 * Subscribes to a presence channel as a user and waits for the members.
		 * @param signatures the app's signatures
		 * @param channel the presence channel
		 * @param channelData the channel data
		 * @return the {@code presence} object of the reply's data
		 */
		JsonNode joined(PusherSignatures signatures, String channel, String channelData) {
			this.connection.sendJson(presence(signatures, this.socketId, channel, channelData));
			JsonNode reply = this.connection.next();
			if (!isEvent(reply, "pusher_internal:subscription_succeeded")) {
				throw new AssertionError("Expected subscription_succeeded, got " + reply);
			}
			return data(reply).path("presence");
		}

		/**
		 * Pings and waits for the pong: every message sent before the ping that would
		 * reach this socket was delivered before the pong.
		 * @return the messages received before the pong
		 */
		List<JsonNode> roundTrip() {
			this.connection.sendJson(Map.of("event", "pusher:ping", "data", Map.of()));
			List<JsonNode> before = new ArrayList<>();
			for (JsonNode message = this.connection.next(); !isEvent(message, "pusher:pong"); message = this.connection
				.next()) {
				before.add(message);
			}
			return before;
		}

	}

}
