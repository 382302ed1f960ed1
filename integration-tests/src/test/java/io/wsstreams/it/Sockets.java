package io.wsstreams.it;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.StreamsTestConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.session.MapSession;

/**
 * Opens test connections to a running application: signed in through a fresh session, or
 * anonymous.
 */
public final class Sockets {

	private final int port;

	private final InMemorySessionRepository sessions;

	public Sockets(int port, InMemorySessionRepository sessions) {
		this.port = port;
		this.sessions = sessions;
	}

	/**
	 * Connects as a user, with a new session.
	 * @param user the user id, or {@code null} for an anonymous connection
	 * @param stream the stream
	 * @param clients the selected features, comma separated
	 * @param since resume points such as {@code log:1-0}, or {@code null}
	 * @return the client, whose welcome frame is not taken yet
	 */
	public StreamsTestConnection connect(@Nullable String user, String stream, String clients, @Nullable String since) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (user != null) {
			MapSession session = this.sessions.createSession();
			session.setAttribute("user", user);
			this.sessions.save(session);
			headers.put("X-Auth-Token", session.getId());
		}
		String query = "stream=" + stream + "&clients=" + clients + ((since != null) ? "&since=" + since : "");
		return StreamsTestConnection.open(URI.create("ws://localhost:" + this.port + "/ws?" + query), headers);
	}

	/**
	 * Connects as a user and takes the welcome frame.
	 * @param user the user id, or {@code null} for an anonymous connection
	 * @param stream the stream
	 * @param clients the selected features, comma separated
	 * @return the client
	 */
	public StreamsTestConnection join(@Nullable String user, String stream, String clients) {
		StreamsTestConnection client = connect(user, stream, clients, null);
		client.next("welcome");
		return client;
	}

	/**
	 * The ids of event frames, in order.
	 * @param frames the frames
	 * @return the ids
	 */
	public static List<String> ids(List<JsonNode> frames) {
		return frames.stream().map((frame) -> frame.path("id").asString()).toList();
	}

	/**
	 * Takes the feature's frames up to and including its {@code synced} event, skipping
	 * other features' frames.
	 * @param client the client
	 * @param feature the feature
	 * @return the replayed frames and the {@code synced} event
	 */
	public static Join untilSynced(StreamsTestConnection client, String feature) {
		List<JsonNode> replay = new ArrayList<>();
		while (true) {
			JsonNode frame = client.next();
			if (feature.equals(frame.path("type").asString())) {
				if ("synced".equals(frame.path("event").asString())) {
					return new Join(replay, frame.path("data"));
				}
				replay.add(frame);
			}
		}
	}

	/**
	 * What a connection received when joining a {@code streams} feature.
	 *
	 * @param replay the replayed events, in order
	 * @param synced the {@code synced} event's data
	 */
	public record Join(List<JsonNode> replay, JsonNode synced) {

		public List<String> ids() {
			return Sockets.ids(this.replay);
		}

		public boolean recovered() {
			return this.synced.path("recovered").asBoolean();
		}

		public @Nullable String last() {
			JsonNode last = this.synced.path("last");
			return last.isNull() ? null : last.asString();
		}

	}

}
