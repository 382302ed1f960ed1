package io.wsstreams.test;

import java.util.Optional;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link StreamsTestConnection}; those about what arrives wait for it up to
 * the connection's timeout.
 */
public final class ConnectionAssert extends AbstractAssert<ConnectionAssert, StreamsTestConnection> {

	ConnectionAssert(StreamsTestConnection actual) {
		super(actual, ConnectionAssert.class);
	}

	/**
	 * Checks that the connection is welcomed, and returns the welcome for more assertions.
	 * @return assertions on the {@code welcome} frame
	 */
	public FrameAssert isWelcomed() {
		isNotNull();
		return new FrameAssert(this.actual.welcome());
	}

	/**
	 * Waits for a frame of a feature and event that no earlier wait took.
	 * @param type the feature
	 * @param event the event, or {@code null} for any
	 * @return assertions on that frame
	 */
	public FrameAssert receives(String type, @Nullable String event) {
		isNotNull();
		return new FrameAssert(this.actual.awaitFrame(type, event));
	}

	/**
	 * Checks, after a ping round trip, that no frame of this feature and event arrived that
	 * no earlier wait took.
	 * @param type the feature
	 * @param event the event, or {@code null} for any
	 * @return this assertion
	 */
	public ConnectionAssert receivesNo(String type, @Nullable String event) {
		isNotNull();
		this.actual.assertNoFrame(type, event);
		return this;
	}

	/**
	 * Waits for the connection to close and checks the code.
	 * @param code the expected close code, such as 4401
	 * @return this assertion
	 */
	public ConnectionAssert closesWith(int code) {
		isNotNull();
		CloseStatus status = this.actual.awaitClose();
		if (status.code() != code) {
			failWithMessage("Expected the connection to close with %d but it closed with %s", code, status);
		}
		return this;
	}

	/**
	 * Waits for the connection to close and checks the code and the reason.
	 * @param code the expected close code, such as 1008
	 * @param reason the expected reason, such as {@code Unknown client: chat}
	 * @return this assertion
	 */
	public ConnectionAssert closesWith(int code, String reason) {
		closesWith(code);
		CloseStatus status = this.actual.awaitClose();
		if (!reason.equals(status.reason())) {
			failWithMessage("Expected the close reason <%s> but was <%s>", reason, status.reason());
		}
		return this;
	}

	/**
	 * Checks, after a ping round trip, that the connection is open.
	 * @return this assertion
	 */
	public ConnectionAssert isOpen() {
		isNotNull();
		Optional<CloseStatus> status = this.actual.closeStatus();
		if (status.isPresent()) {
			failWithMessage("Expected the connection to be open but it closed with %s", status.get());
		}
		this.actual.ping();
		return this;
	}

}
