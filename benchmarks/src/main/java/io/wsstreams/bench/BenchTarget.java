package io.wsstreams.bench;

/**
 * What every server of the comparison benchmarks offers the publisher: a publication to
 * every connection on a stream, and how many connections are ready to receive.
 *
 * <p>Streams are named as ws-streams names them: {@code bench:1} for the fan-out,
 * {@code user:<i>} for a connection's own topic and {@code group:<g>} for the topic of
 * its group of ten.
 */
public interface BenchTarget {

	/**
	 * Sends one payload to every connection on a stream, encoding it once.
	 * @param stream the stream
	 * @param payload the payload
	 */
	void publish(String stream, Payload payload);

	/**
	 * The connections that are subscribed to all their topics.
	 * @return the number of ready connections
	 */
	int connections();

}
