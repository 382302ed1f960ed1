package io.wsstreams.broker;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;

/**
 * A message in a topic's log, with its encoded event frame.
 *
 * @param id the entry's id
 * @param timestamp the append time in epoch milliseconds
 * @param frame the event frame sent to clients, id included
 */
public record LogEntry(StreamId id, long timestamp, OutboundFrame frame) {

}
