package io.wsstreams.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code ws.streams.dispatch} observation: one inbound frame handled by a
 * feature's handler method.
 */
public final class DispatchContext extends Observation.Context {

	private final String feature;

	private final String action;

	private final String stream;

	private final @Nullable String user;

	private String outcome = "SUCCESS";

	/**
	 * A dispatch.
	 * @param feature the feature
	 * @param action the action
	 * @param stream the connection's stream
	 * @param user the connection's user id, or {@code null}
	 */
	public DispatchContext(String feature, String action, String stream, @Nullable String user) {
		this.feature = feature;
		this.action = action;
		this.stream = stream;
		this.user = user;
	}

	public String feature() {
		return this.feature;
	}

	public String action() {
		return this.action;
	}

	public String stream() {
		return this.stream;
	}

	public @Nullable String user() {
		return this.user;
	}

	/**
	 * How the dispatch ended: {@code SUCCESS}, an error code of the protocol
	 * ({@code VALIDATION_FAILED}, {@code FORBIDDEN}, {@code INTERNAL_ERROR}), or
	 * {@code APPLICATION} for an application's own error code.
	 * @return the outcome
	 */
	public String outcome() {
		return this.outcome;
	}

	public void outcome(String outcome) {
		this.outcome = outcome;
	}

}
