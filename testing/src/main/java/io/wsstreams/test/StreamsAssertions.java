package io.wsstreams.test;

import tools.jackson.databind.JsonNode;

/**
 * AssertJ entry points for ws-streams tests, beside {@code Assertions.assertThat}:
 *
 * <pre class="code">
 * import static io.wsstreams.test.StreamsAssertions.assertThat;
 *
 * assertThat(connection).receives("chat", "message").hasData("/text", "Hello").isFrom("alice");
 * assertThat(connection.request("chat", "send", Map.of("text", ""))).isError("VALIDATION_FAILED");
 * assertThat(connection).closesWith(4401, "Session ended");
 * </pre>
 */
public final class StreamsAssertions {

	private StreamsAssertions() {
	}

	/**
	 * Assertions on a connection, which wait up to its timeout.
	 * @param actual the connection
	 * @return the assertion
	 */
	public static ConnectionAssert assertThat(StreamsTestConnection actual) {
		return new ConnectionAssert(actual);
	}

	/**
	 * Assertions on the answer to a request.
	 * @param actual the answer
	 * @return the assertion
	 */
	public static AnswerAssert assertThat(Answer actual) {
		return new AnswerAssert(actual);
	}

	/**
	 * Assertions on one frame.
	 * @param actual the frame
	 * @return the assertion
	 */
	public static FrameAssert assertThatFrame(JsonNode actual) {
		return new FrameAssert(actual);
	}

}
