package io.wsstreams.observation;

import io.micrometer.observation.Observation;

/**
 * The context of a {@code ws.streams.publish} observation: one publication to a topic,
 * from a handler or from the application.
 */
public final class PublishContext extends Observation.Context {

	private final String stream;

	private final String feature;

	private final String strategy;

	private String outcome = "SUCCESS";

	/**
	 * A publication.
	 * @param stream the stream
	 * @param feature the feature
	 * @param strategy the feature's strategy id, {@code streams} or {@code pub-sub}
	 */
	public PublishContext(String stream, String feature, String strategy) {
		this.stream = stream;
		this.feature = feature;
		this.strategy = strategy;
	}

	public String stream() {
		return this.stream;
	}

	public String feature() {
		return this.feature;
	}

	public String strategy() {
		return this.strategy;
	}

	/**
	 * How the publication ended: {@code SUCCESS} or {@code ERROR} (the broker refused it,
	 * as when Redis is unreachable).
	 * @return the outcome
	 */
	public String outcome() {
		return this.outcome;
	}

	public void outcome(String outcome) {
		this.outcome = outcome;
	}

}
