package io.wsstreams.test;

import java.util.Objects;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the {@link Answer} to a request.
 */
public final class AnswerAssert extends AbstractAssert<AnswerAssert, Answer> {

	AnswerAssert(Answer actual) {
		super(actual, AnswerAssert.class);
	}

	/**
	 * Checks that the answer is a {@code reply}.
	 * @return this assertion
	 */
	public AnswerAssert isReply() {
		isNotNull();
		if (!this.actual.isReply()) {
			failWithMessage("Expected a reply but got %s", this.actual);
		}
		return this;
	}

	/**
	 * Checks that the answer is an {@code error} with a code.
	 * @param code the code, such as {@code VALIDATION_FAILED}
	 * @return this assertion
	 */
	public AnswerAssert isError(String code) {
		isNotNull();
		if (this.actual.isReply() || !code.equals(this.actual.code())) {
			failWithMessage("Expected the error %s but got %s", code, this.actual);
		}
		return this;
	}

	/**
	 * Checks that the reply carries the id of a {@code streams} append.
	 * @return this assertion
	 */
	public AnswerAssert hasId() {
		isReply();
		if (this.actual.id() == null) {
			failWithMessage("Expected the reply to carry an id but got %s", this.actual);
		}
		return this;
	}

	/**
	 * Checks a value in the answer's {@code data} (for an error: the whole frame, so that
	 * {@code /details/0/field} can be checked).
	 * @param pointer a JSON pointer, such as {@code /text}
	 * @param expected the expected value: text, number or boolean
	 * @return this assertion
	 */
	public AnswerAssert hasData(String pointer, Object expected) {
		isNotNull();
		String actual = (this.actual.isReply() ? this.actual.data() : this.actual.frame()).at(pointer).asString(null);
		if (!Objects.equals(String.valueOf(expected), actual)) {
			failWithMessage("Expected <%s> at %s but got %s", expected, pointer, this.actual);
		}
		return this;
	}

}
