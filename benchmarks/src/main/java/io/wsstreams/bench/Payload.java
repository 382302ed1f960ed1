package io.wsstreams.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One publication of the comparison benchmarks: its number, the time it was meant to be
 * sent (from {@link System#nanoTime()}, which every process on the machine reads from
 * the same monotonic clock), and the padding that gives the payload its size.
 *
 * @param number the publication's number, from 0
 * @param intended when the publication was meant to be sent, in nanoseconds
 * @param padding the filler that makes up the payload's size
 */
public record Payload(long number, long intended, String padding) {

	/**
	 * The filler for a payload of about the given size.
	 * @param size the payload's size in bytes
	 * @return the padding
	 */
	public static String padding(int size) {
		return "x".repeat(Math.max(0, size - 40));
	}

	/**
	 * The payload as the data of a ws-streams publication.
	 * @return a map of {@code n}, {@code t} and {@code p}
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("n", this.number);
		data.put("t", this.intended);
		data.put("p", this.padding);
		return data;
	}

	/**
	 * The payload as JSON.
	 * @return the JSON object
	 */
	public String json() {
		return "{\"n\":" + this.number + ",\"t\":" + this.intended + ",\"p\":\"" + this.padding + "\"}";
	}

	/**
	 * The frame that ws-streams would send for this payload, so that every server puts
	 * the same bytes on the wire.
	 * @param stream the stream the payload is published on
	 * @return the frame's text
	 */
	public String frame(String stream) {
		return "{\"type\":\"bench\",\"event\":\"message\",\"stream\":\"" + stream + "\",\"ts\":"
				+ System.currentTimeMillis() + ",\"from\":null,\"data\":" + json() + "}";
	}

}
