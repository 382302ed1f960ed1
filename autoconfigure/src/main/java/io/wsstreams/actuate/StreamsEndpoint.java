package io.wsstreams.actuate;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.broker.ClusterNodes;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.pusher.server.PusherWebSocketHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code streams} actuator endpoint: this node's connections and traffic, one
 * stream's connections, closing a stream's connections, and draining the node.
 *
 * <p>Read-only by default: closing and draining need
 * {@code management.endpoint.streams.access=unrestricted}. No session id, token or
 * message body appears in its output.
 */
@Endpoint(id = "streams", defaultAccess = Access.READ_ONLY)
public class StreamsEndpoint {

	private final ConnectionRegistry registry;

	private final StreamStatistics statistics;

	private final FeatureRegistry features;

	private final ConnectionDrainer drainer;

	private final @Nullable ClusterNodes nodes;

	private final @Nullable PusherWebSocketHandler pusher;

	public StreamsEndpoint(ConnectionRegistry registry, StreamStatistics statistics, FeatureRegistry features,
			ConnectionDrainer drainer) {
		this(registry, statistics, features, drainer, null);
	}

	/**
	 * Creates the endpoint of a node that shares a networked broker with others.
	 * @param registry this node's connections
	 * @param statistics this node's counters
	 * @param features the features
	 * @param drainer this node's drain
	 * @param nodes the nodes sharing the broker, or {@code null} for a single node
	 */
	public StreamsEndpoint(ConnectionRegistry registry, StreamStatistics statistics, FeatureRegistry features,
			ConnectionDrainer drainer, @Nullable ClusterNodes nodes) {
		this(registry, statistics, features, drainer, nodes, null);
	}

	/**
	 * Creates the endpoint of a node that may also serve Pusher's protocol.
	 * @param registry this node's connections
	 * @param statistics this node's counters
	 * @param features the features
	 * @param drainer this node's drain
	 * @param nodes the nodes sharing the broker, or {@code null} for a single node
	 * @param pusher this node's Pusher endpoint, or {@code null} when Pusher is off
	 */
	public StreamsEndpoint(ConnectionRegistry registry, StreamStatistics statistics, FeatureRegistry features,
			ConnectionDrainer drainer, @Nullable ClusterNodes nodes, @Nullable PusherWebSocketHandler pusher) {
		this.pusher = pusher;
		this.registry = registry;
		this.statistics = statistics;
		this.features = features;
		this.drainer = drainer;
		this.nodes = nodes;
	}

	@ReadOperation
	public StreamsSummary summary() {
		Map<String, Integer> connectionsByFeature = new LinkedHashMap<>();
		for (StreamConnection connection : this.registry.connections()) {
			for (String feature : connection.featureNames()) {
				connectionsByFeature.merge(feature, 1, Integer::sum);
			}
		}
		Map<String, FeatureSummary> features = new LinkedHashMap<>();
		for (FeatureDefinition feature : this.features.all()) {
			StreamStatistics.Traffic traffic = this.statistics.feature(feature.name());
			features.put(feature.name(),
					new FeatureSummary(feature.strategy().id(), connectionsByFeature.getOrDefault(feature.name(), 0),
							traffic.messagesIn(), traffic.messagesOut(), traffic.bytesIn(), traffic.bytesOut()));
		}
		StreamStatistics.Traffic total = this.statistics.total();
		long errors = this.statistics.errors().values().stream().mapToLong(Long::longValue).sum()
				+ this.statistics.applicationErrors();
		return new StreamsSummary(this.registry.size(), this.registry.streamCount(), total.messagesIn(),
				total.messagesOut(), total.bytesIn(), total.bytesOut(), errors, this.statistics.rejected(),
				this.statistics.startedAt(), features, (this.nodes != null) ? nodes(this.nodes) : null,
				(this.pusher != null) ? pusher(this.pusher) : null);
	}

	private static PusherSummary pusher(PusherWebSocketHandler pusher) {
		StreamStatistics.Traffic traffic = pusher.statistics().total();
		return new PusherSummary(pusher.appCount(), pusher.channelCount(), pusher.size(), traffic.messagesIn(),
				traffic.messagesOut(), traffic.bytesIn(), traffic.bytesOut());
	}

	private static List<NodeSummary> nodes(ClusterNodes nodes) {
		return nodes.nodes()
			.stream()
			.map((node) -> new NodeSummary(node.id(), node.connections(), node.lastSeen()))
			.toList();
	}

	@ReadOperation
	public @Nullable List<ConnectionSummary> stream(@Selector String stream) {
		List<StreamConnection> connections = this.registry.onStream(stream);
		if (connections.isEmpty()) {
			return null;
		}
		return connections.stream()
			.sorted(Comparator.comparing(StreamConnection::connectedAt).thenComparing(StreamConnection::id))
			.map((connection) -> new ConnectionSummary(connection.id(),
					(connection.user() != null) ? connection.user().id() : null, connection.featureNames(),
					connection.connectedAt(), connection.messagesIn(), connection.messagesOut()))
			.toList();
	}

	@DeleteOperation
	public CloseResult closeStream(@Selector String stream) {
		List<StreamConnection> connections = this.registry.onStream(stream);
		connections.forEach((connection) -> connection.close(CloseCodes.goingAway()));
		return new CloseResult(stream, connections.size());
	}

	/**
	 * Starts or ends a drain of this node. {@code {"rate":n}} drains at {@code n}
	 * connections per second (or changes the rate of a drain under way);
	 * {@code {"draining":false}} ends a drain. {@code "draining":true} may accompany a
	 * rate; anything else, such as neither field or a rate with {@code "draining":false},
	 * is refused with 400.
	 * @param rate connections to close per second
	 * @param draining {@code false} to end a drain
	 * @return the node's draining state
	 */
	@WriteOperation
	public DrainResult drain(@Nullable Double rate, @Nullable Boolean draining) {
		if (Boolean.FALSE.equals(draining)) {
			if (rate != null) {
				throw new InvalidEndpointRequestException(
						"Give either a rate to drain at or \"draining\":false to end a drain, not both",
						"Both rate and draining=false");
			}
			this.drainer.resume();
			return new DrainResult(false, this.registry.size(), 0);
		}
		if (rate == null) {
			throw new InvalidEndpointRequestException(
					"Give a rate to drain at, such as {\"rate\":100}, or {\"draining\":false} to end a drain",
					"Missing rate");
		}
		if (!(rate > 0) || Double.isInfinite(rate)) {
			throw new InvalidEndpointRequestException("Drain rate must be a positive number of connections per second",
					"Invalid drain rate");
		}
		int open = this.registry.size();
		this.drainer.drain(rate);
		return new DrainResult(true, open, rate);
	}

	/**
	 * This node's totals.
	 *
	 * @param connections open connections
	 * @param streams streams with at least one connection
	 * @param messagesIn frames received
	 * @param messagesOut frames sent
	 * @param bytesIn bytes received
	 * @param bytesOut bytes sent
	 * @param errors error frames sent
	 * @param handshakesRejected refused connection attempts by reason
	 * @param startedAt when this node started counting
	 * @param features counters by feature
	 * @param nodes the nodes sharing the broker, with Redis only
	 * @param pusher this node's Pusher sockets, when Pusher is on
	 */
	public record StreamsSummary(int connections, int streams, long messagesIn, long messagesOut, long bytesIn,
			long bytesOut, long errors, Map<String, Long> handshakesRejected, Instant startedAt,
			Map<String, FeatureSummary> features,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<NodeSummary> nodes,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable PusherSummary pusher) {

	}

	/**
	 * This node's Pusher sockets, which the other counters leave out.
	 *
	 * @param apps the configured apps
	 * @param channels channels with at least one subscriber on this node
	 * @param connections open Pusher sockets
	 * @param messagesIn messages received
	 * @param messagesOut messages sent
	 * @param bytesIn bytes received
	 * @param bytesOut bytes sent
	 */
	public record PusherSummary(int apps, int channels, int connections, long messagesIn, long messagesOut,
			long bytesIn, long bytesOut) {

	}

	/**
	 * A node sharing the broker, as it last reported itself.
	 *
	 * @param id the node's id
	 * @param connections its open connections
	 * @param lastSeen when it reported
	 */
	public record NodeSummary(String id, int connections, Instant lastSeen) {

	}

	/**
	 * One feature's counters.
	 *
	 * @param strategy {@code streams} or {@code pub-sub}
	 * @param connections open connections that selected it
	 * @param messagesIn frames received for it
	 * @param messagesOut events delivered for it
	 * @param bytesIn bytes received for it
	 * @param bytesOut bytes delivered for it
	 */
	public record FeatureSummary(String strategy, int connections, long messagesIn, long messagesOut, long bytesIn,
			long bytesOut) {

	}

	/**
	 * One connection.
	 *
	 * @param id the connection id
	 * @param user the user id, or {@code null} when anonymous
	 * @param clients the selected features
	 * @param connectedAt when it opened
	 * @param messagesIn frames received
	 * @param messagesOut frames sent
	 */
	public record ConnectionSummary(String id, @Nullable String user, List<String> clients, Instant connectedAt,
			long messagesIn, long messagesOut) {

	}

	/**
	 * The outcome of closing a stream.
	 *
	 * @param stream the stream
	 * @param closed how many connections were closed with 1001
	 */
	public record CloseResult(String stream, int closed) {

	}

	/**
	 * The outcome of starting or ending a drain.
	 *
	 * @param draining whether the node is now draining
	 * @param connections connections open when the drain started or ended
	 * @param rate connections closed per second, 0 once a drain has ended
	 */
	public record DrainResult(boolean draining, int connections, double rate) {

	}

}
