package io.wsstreams.broker;

import java.util.List;

/**
 * A page of older entries, for scrolling back.
 *
 * @param entries the entries, oldest first
 * @param more whether older entries remain
 */
public record HistoryPage(List<LogEntry> entries, boolean more) {

}
