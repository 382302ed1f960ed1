package io.wsstreams.protocol;

/**
 * An encoded server frame, shared by every connection it is sent to.
 *
 * @param text the frame's JSON text
 * @param bytes its size in UTF-8, counted once so that queues and meters need not
 */
public record OutboundFrame(String text, int bytes) {

	/**
	 * Wraps encoded text, counting its UTF-8 size.
	 * @param text the JSON text
	 * @return the frame
	 */
	public static OutboundFrame of(String text) {
		return new OutboundFrame(text, utf8Length(text));
	}

	/**
	 * The UTF-8 size of a string without encoding it.
	 * @param text the text
	 * @return its size in bytes
	 */
	public static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

}
