package io.wsstreams.test;

import java.util.Objects;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Assertions on one frame the server sent.
 */
public final class FrameAssert extends AbstractAssert<FrameAssert, JsonNode> {

	FrameAssert(JsonNode actual) {
		super(actual, FrameAssert.class);
	}

	/**
	 * Checks a value in the frame's {@code data}.
	 * @param pointer a JSON pointer into {@code data}, such as {@code /text}
	 * @param expected the expected value: text, number or boolean
	 * @return this assertion
	 */
	public FrameAssert hasData(String pointer, Object expected) {
		isNotNull();
		JsonNode value = this.actual.path("data").at(pointer);
		if (value.isMissingNode() || !Objects.equals(String.valueOf(expected), value.asString(null))) {
			failWithMessage("Expected <%s> at data%s but the frame was %s", expected, pointer, this.actual);
		}
		return this;
	}

	/**
	 * Checks that the frame's {@code data} equals a JSON value.
	 * @param json the JSON text, such as {@code {"text":"Hello"}}
	 * @return this assertion
	 */
	public FrameAssert hasDataJson(String json) {
		isNotNull();
		JsonNode expected = StreamsTestConnection.JSON.readTree(json);
		if (!expected.equals(this.actual.path("data"))) {
			failWithMessage("Expected data %s but the frame was %s", expected, this.actual);
		}
		return this;
	}

	/**
	 * Checks who published the frame.
	 * @param user the user's id, or {@code null} for the application
	 * @return this assertion
	 */
	public FrameAssert isFrom(@Nullable String user) {
		isNotNull();
		JsonNode from = this.actual.path("from");
		String actual = (from.isNull() || from.isMissingNode()) ? null : from.asString(null);
		if (!Objects.equals(user, actual)) {
			failWithMessage("Expected the frame to be from <%s> but it was %s", user, this.actual);
		}
		return this;
	}

	/**
	 * Checks that the frame carries a {@code streams} id.
	 * @return this assertion
	 */
	public FrameAssert hasId() {
		isNotNull();
		if (this.actual.path("id").asString(null) == null) {
			failWithMessage("Expected the frame to carry an id but it was %s", this.actual);
		}
		return this;
	}

	/**
	 * Checks the frame's {@code id}.
	 * @param id the expected id
	 * @return this assertion
	 */
	public FrameAssert hasId(String id) {
		isNotNull();
		if (!id.equals(this.actual.path("id").asString(null))) {
			failWithMessage("Expected the id <%s> but the frame was %s", id, this.actual);
		}
		return this;
	}

}
