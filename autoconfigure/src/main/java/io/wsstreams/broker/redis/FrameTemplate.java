package io.wsstreams.broker.redis;

import java.util.function.Function;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;

/**
 * An entry's frame around its id, which only Redis assigns: the text before the id and
 * the text after it, stored with the entry and joined again around the id by the append
 * script and by every read.
 *
 * @param head the frame's text before the id
 * @param tail the frame's text after the id
 */
record FrameTemplate(String head, String tail) {

	/** An id whose text no frame holds by chance. */
	private static final StreamId MARK = new StreamId(Long.MAX_VALUE, Long.MAX_VALUE - 1);

	/** A second id, whose text differs from {@link #MARK}'s from the first character. */
	private static final StreamId OTHER = new StreamId(1, 0);

	/**
	 * Encodes a frame with a placeholder id and splits it at the id.
	 * @param encoder encodes the frame for an id
	 * @return the template
	 * @throws IllegalArgumentException when the frame does not hold the id exactly once
	 */
	static FrameTemplate of(Function<StreamId, OutboundFrame> encoder) {
		String mark = MARK.toString();
		String text = encoder.apply(MARK).text();
		int at = text.indexOf(mark);
		if (at >= 0 && text.indexOf(mark, at + 1) < 0) {
			return new FrameTemplate(text.substring(0, at), text.substring(at + mark.length()));
		}
		// The mark is in the payload as well: the id is where a frame with another id
		// starts to differ.
		String other = OTHER.toString();
		String otherText = encoder.apply(OTHER).text();
		int start = 0;
		while (start < text.length() && start < otherText.length() && text.charAt(start) == otherText.charAt(start)) {
			start++;
		}
		String tail = (text.startsWith(mark, start)) ? text.substring(start + mark.length()) : null;
		if (tail == null || !otherText.startsWith(other, start)
				|| !otherText.substring(start + other.length()).equals(tail)) {
			throw new IllegalArgumentException("An entry's frame must hold its id exactly once");
		}
		return new FrameTemplate(text.substring(0, start), tail);
	}

	/**
	 * The frame of an entry.
	 * @param id the entry's id
	 * @return the frame
	 */
	OutboundFrame frame(StreamId id) {
		return frame(id.toString());
	}

	/**
	 * The frame of an entry.
	 * @param id the entry's id as text
	 * @return the frame
	 */
	OutboundFrame frame(String id) {
		return OutboundFrame.of(this.head + id + this.tail);
	}

}
