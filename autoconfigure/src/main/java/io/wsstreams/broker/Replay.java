package io.wsstreams.broker;

import java.util.List;

import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * The entries a joining client receives before live traffic.
 *
 * @param entries the entries, oldest first
 * @param recovered whether the client misses nothing: {@code false} when its resume
 * point is unknown, older than retention, or the log was lost
 * @param newest the newest id in the log when it was read, or {@code null} when empty;
 * live entries up to it are already accounted for by the replay
 */
public record Replay(List<LogEntry> entries, boolean recovered, @Nullable StreamId newest) {

}
