package io.wsstreams.feature;

import java.util.Map;
import java.util.Set;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamError;
import io.wsstreams.StreamExceptionHandler;
import io.wsstreams.StreamFeature;
import io.wsstreams.test.RecordingStreamContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How exception handlers are declared and chosen, and which error codes an application may
 * use.
 */
class ExceptionHandlerDeclarationTests {

	private final StreamContext context = RecordingStreamContext.of("room:1", "shop");

	@Test
	void theClosestExceptionTypeWinsWithinABean() throws Throwable {
		ExceptionHandlers handlers = ExceptionHandlers.of(new Shop(), "shop");

		assertThat(handlers.handle(new IllegalArgumentException(), this.context).code()).isEqualTo("BAD_ARGUMENT");
		assertThat(handlers.handle(new IllegalStateException(), this.context).code()).isEqualTo("RUNTIME");
		assertThat(handlers.handle(new Exception(new IllegalArgumentException()), this.context).code())
			.as("a cause")
			.isEqualTo("BAD_ARGUMENT");
		assertThat(handlers.handle(new Exception(), this.context)).isNull();
	}

	@Test
	void theFeaturesOwnHandlersComeBeforeTheAdvice() throws Throwable {
		ExceptionHandlers handlers = ExceptionHandlers.of(new Shop(), "shop").then(ExceptionHandlers.of(new Advice(), "advice"));

		assertThat(handlers.handle(new IllegalStateException(), this.context).code()).isEqualTo("RUNTIME");
		assertThat(handlers.handle(new Exception(), this.context).code()).isEqualTo("ANYTHING");
	}

	@Test
	void aHandlerMustReturnStreamError() {
		assertThatIllegalStateException().isThrownBy(() -> ExceptionHandlers.of(new WrongReturn(), "wrong"))
			.withMessageContaining("must return StreamError");
	}

	@Test
	void aHandlerMustNameAnException() {
		assertThatIllegalStateException().isThrownBy(() -> ExceptionHandlers.of(new NoException(), "none"))
			.withMessageContaining("names no exception");
	}

	@Test
	void oneExceptionTypeHasOneHandlerPerBean() {
		assertThatIllegalStateException().isThrownBy(() -> ExceptionHandlers.of(new Twice(), "twice"))
			.withMessageContaining("is handled by both");
	}

	@Test
	void aFeatureBeanWithAnInvalidHandlerFailsAtStartUp() {
		assertThatIllegalStateException()
			.isThrownBy(() -> FeatureRegistry.of(Map.of("wrong", new WrongFeature()), (strategy) -> Set.of()))
			.withMessageContaining("must return StreamError");
	}

	@Test
	void errorCodesAreUpperCaseAndNotTheProtocols() {
		assertThat(StreamError.of("OUT_OF_STOCK", "Sold out").code()).isEqualTo("OUT_OF_STOCK");
		assertThat(StreamError.of("FORBIDDEN", "No").code()).isEqualTo("FORBIDDEN");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamError.of("INTERNAL_ERROR", "x"))
			.withMessageContaining("reserved");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamError.of("out-of-stock", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> StreamError.of("A".repeat(65), "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> StreamError.of("\"}", "x"));
	}

	static class Shop {

		@StreamExceptionHandler
		StreamError badArgument(IllegalArgumentException ex) {
			return StreamError.of("BAD_ARGUMENT", "Bad argument");
		}

		@StreamExceptionHandler(RuntimeException.class)
		StreamError runtime(StreamContext context) {
			return StreamError.of("RUNTIME", "On " + context.stream());
		}

	}

	static class Advice {

		@StreamExceptionHandler
		StreamError anything(Exception ex) {
			return StreamError.of("ANYTHING", "Something failed");
		}

	}

	static class WrongReturn {

		@StreamExceptionHandler
		String wrong(IllegalStateException ex) {
			return "no";
		}

	}

	static class NoException {

		@StreamExceptionHandler
		StreamError none(StreamContext context) {
			return StreamError.of("NONE", "none");
		}

	}

	static class Twice {

		@StreamExceptionHandler
		StreamError first(IllegalStateException ex) {
			return StreamError.of("FIRST", "first");
		}

		@StreamExceptionHandler(IllegalStateException.class)
		StreamError second() {
			return StreamError.of("SECOND", "second");
		}

	}

	@StreamFeature(name = "wrong")
	static class WrongFeature {

		@StreamAction
		void message() {
		}

		@StreamExceptionHandler
		void handle(IllegalStateException ex) {
		}

	}

}
