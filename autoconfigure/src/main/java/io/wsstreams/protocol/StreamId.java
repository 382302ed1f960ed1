package io.wsstreams.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A log id in Redis Streams form, {@code <epochMillis>-<seq>}, ordered by time then
 * sequence.
 *
 * @param millis the epoch milliseconds part
 * @param sequence the sequence within that millisecond
 */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

	/**
	 * Parses an id.
	 * @param text the id text
	 * @return the id, or {@code null} when the text is not of the form
	 */
	public static @Nullable StreamId parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		int dash = text.indexOf('-');
		if (dash <= 0 || dash == text.length() - 1 || text.length() > 41) {
			return null;
		}
		try {
			long millis = Long.parseLong(text, 0, dash, 10);
			long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
			return (millis >= 0 && sequence >= 0) ? new StreamId(millis, sequence) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The id that follows the last one for a publication at the given time: strictly
	 * greater even when the clock stands still or steps back.
	 * @param last the last id of the log, or {@code null}
	 * @param now the current epoch milliseconds
	 * @return the next id
	 */
	public static StreamId next(@Nullable StreamId last, long now) {
		if (last == null || now > last.millis) {
			return new StreamId(now, 0);
		}
		return new StreamId(last.millis, last.sequence + 1);
	}

	@Override
	public int compareTo(StreamId other) {
		int byMillis = Long.compare(this.millis, other.millis);
		return (byMillis != 0) ? byMillis : Long.compare(this.sequence, other.sequence);
	}

	@Override
	public String toString() {
		return this.millis + "-" + this.sequence;
	}

}
