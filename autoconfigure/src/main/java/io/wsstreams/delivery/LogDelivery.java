package io.wsstreams.delivery;

import java.util.List;
import java.util.Map;

import io.wsstreams.PublishResult;
import io.wsstreams.StreamValidationException;
import io.wsstreams.broker.HistoryPage;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.Replay;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;

/**
 * {@code streams}: a publication is appended to the topic's log, which assigns its id and
 * only then delivers it; a join replays the log, and the reserved {@code history} action
 * pages back through it.
 *
 * <p>A join holds back the topic's live entries for the connection, subscribes, reads
 * the replay (the last N entries, or every entry after the client's {@code since}),
 * sends it and {@code synced}, then releases the held-back entries newer than what the
 * read covered and drops later deliveries of covered entries. An entry appended while the
 * replay runs is therefore sent exactly once, in order, whichever side of the read it
 * fell on, even when its delivery was already under way as the connection subscribed.
 */
public final class LogDelivery implements Delivery {

	private final ConnectionRegistry registry;

	private final StreamLog log;

	private final StreamsPolicy policy;

	private final OutboundFrames frames;

	public LogDelivery(ConnectionRegistry registry, StreamLog log, StreamsPolicy policy,
			OutboundFrames frames) {
		this.registry = registry;
		this.log = log;
		this.policy = policy;
		this.frames = frames;
	}

	/** The reserved action that pages back through a log. */
	public static final String HISTORY = "history";

	@Override
	public PublishResult publish(Publication publication) {
		String feature = publication.feature().name();
		LogEntry entry = this.log.append(StreamNames.topic(publication.stream(), feature), feature,
				this.policy.retention(feature), publication.timestamp(),
				(id) -> this.frames.event(feature, publication.event(), publication.stream(), id.toString(),
						publication.timestamp(), publication.from(), publication.dataJson()));
		return new PublishResult(entry.id().toString());
	}

	@Override
	public Map<String, ReservedAction> reservedActions() {
		return Map.of(HISTORY, this::history);
	}

	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		String topic = StreamNames.topic(connection.stream(), feature.name());
		LogRetention retention = this.policy.retention(feature.name());
		connection.beginReplay(topic);
		this.registry.subscribe(connection, feature.name());
		StreamId releaseAfter = null;
		try {
			Replay replay = replay(topic, feature, since, retention);
			for (LogEntry entry : replay.entries()) {
				connection.send(entry.frame());
			}
			StreamId last = lastReceived(replay, StreamId.parse(since));
			String synced = "{\"recovered\":" + replay.recovered() + ",\"last\":"
					+ ((last != null) ? "\"" + last + "\"" : "null") + "}";
			connection.send(this.frames.event(feature.name(), "synced", connection.stream(), null,
					System.currentTimeMillis(), null, synced));
			releaseAfter = replay.newest();
		}
		catch (RuntimeException ex) {
			// Without its replay the client would miss messages silently: make it reconnect.
			connection.close(CloseStatus.SERVER_ERROR);
			throw ex;
		}
		finally {
			connection.endReplay(topic, releaseAfter);
		}
	}

	private Replay replay(String topic, FeatureDefinition feature, @Nullable String since, LogRetention retention) {
		StreamId resumeFrom = StreamId.parse(since);
		if (resumeFrom != null) {
			return this.log.after(topic, resumeFrom, retention.maxCount(), retention);
		}
		Replay latest = this.log.latest(topic, this.policy.history(feature.name()), retention);
		// A resume point that is not an id cannot be honoured: history, but not recovered.
		return (since != null) ? new Replay(latest.entries(), false, latest.newest()) : latest;
	}

	private static @Nullable StreamId lastReceived(Replay replay, @Nullable StreamId resumeFrom) {
		List<LogEntry> entries = replay.entries();
		if (!entries.isEmpty()) {
			return entries.get(entries.size() - 1).id();
		}
		if (resumeFrom != null && replay.recovered()) {
			return resumeFrom;
		}
		return replay.newest();
	}

	/**
	 * Answers the {@code history} action: entries before {@code data.before} (the newest
	 * when absent), at most {@code data.limit}, capped by the policy.
	 * @param connection the connection
	 * @param feature the feature
	 * @param data the action's data
	 * @return the reply's data as JSON text
	 * @throws StreamValidationException when {@code before} or {@code limit} are invalid
	 */
	public String history(StreamConnection connection, FeatureDefinition feature, @Nullable JsonNode data) {
		StreamId before = null;
		int limit = this.policy.history(feature.name());
		if (data != null && !data.isNull()) {
			if (!data.isObject()) {
				throw new StreamValidationException("data", "must be an object");
			}
			JsonNode beforeNode = data.get("before");
			if (beforeNode != null && !beforeNode.isNull()) {
				before = beforeNode.isString() ? StreamId.parse(beforeNode.asString()) : null;
				if (before == null) {
					throw new StreamValidationException("before", "must be a message id");
				}
			}
			JsonNode limitNode = data.get("limit");
			if (limitNode != null && !limitNode.isNull()) {
				if (!limitNode.canConvertToInt() || !limitNode.isIntegralNumber() || limitNode.asInt() < 1) {
					throw new StreamValidationException("limit", "must be a positive integer");
				}
				limit = limitNode.asInt();
			}
		}
		limit = Math.max(1, Math.min(limit, this.policy.maxHistoryPage()));
		HistoryPage page = this.log.before(StreamNames.topic(connection.stream(), feature.name()), before, limit,
				this.policy.retention(feature.name()));
		StringBuilder json = new StringBuilder(64 + page.entries().size() * 128).append("{\"messages\":[");
		for (int i = 0; i < page.entries().size(); i++) {
			OutboundFrame frame = page.entries().get(i).frame();
			json.append((i > 0) ? "," : "").append(frame.text());
		}
		return json.append("],\"more\":").append(page.more()).append('}').toString();
	}

}
