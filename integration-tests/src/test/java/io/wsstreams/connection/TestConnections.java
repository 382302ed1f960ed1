package io.wsstreams.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.wsstreams.StreamUser;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Open connections over a sink that records what they write and completes every write at
 * once, for unit tests of the layers above connections.
 */
public final class TestConnections {

	private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "test-connections-timer");
		thread.setDaemon(true);
		return thread;
	});

	private TestConnections() {
	}

	/**
	 * An open, welcomed connection; the welcome itself is not recorded.
	 * @param id the connection id
	 * @param stream the stream
	 * @param user the user, or {@code null} when anonymous
	 * @param features the selected features
	 * @return the connection and what it writes
	 */
	public static Recorded open(String id, String stream, @Nullable String user,
			Map<String, FeatureDefinition> features) {
		return open(id, stream, user, null, features);
	}

	/**
	 * An open, welcomed connection of an HTTP session; the welcome itself is not recorded.
	 * @param id the connection id
	 * @param stream the stream
	 * @param user the user, or {@code null} when anonymous
	 * @param httpSessionId the HTTP session, or {@code null}
	 * @param features the selected features
	 * @return the connection and what it writes
	 */
	public static Recorded open(String id, String stream, @Nullable String user, @Nullable String httpSessionId,
			Map<String, FeatureDefinition> features) {
		List<String> written = new CopyOnWriteArrayList<>();
		boolean[] welcomed = { false };
		StreamConnection connection = new StreamConnection(id, stream, (user != null) ? new StreamUser(user) : null,
				httpSessionId, features,
				new ConnectionSettings(65536, 1 << 20, 20, 40, Duration.ofSeconds(25), Duration.ofSeconds(60),
						Duration.ofSeconds(5)),
				new ConnectionCloser(TIMER, Duration.ofSeconds(5)), (created) -> new FrameSink() {

					@Override
					public void sendText(String text) {
						if (welcomed[0]) {
							written.add(text);
						}
						welcomed[0] = true;
						created.onSendComplete(null);
					}

					@Override
					public void sendPing() {
					}

					@Override
					public boolean isOpen() {
						return true;
					}

					@Override
					public void close(CloseStatus status) {
					}

				}, new StreamStatistics());
		connection.open(OutboundFrame.of("{\"type\":\"welcome\"}"));
		connection.release();
		return new Recorded(connection, written);
	}

	/**
	 * A connection and the frames it wrote after its welcome.
	 *
	 * @param connection the connection
	 * @param written the frames' text, in order
	 */
	public record Recorded(StreamConnection connection, List<String> written) {
	}

}
