package io.wsstreams.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of one kind of failure is logged once per interval, with the count of those not
 * logged; other kinds are logged on their own.
 */
class FailureLogTests {

	private final List<String> logged = new ArrayList<>();

	private final NoOpLog log = new NoOpLog() {

		@Override
		public void error(Object message, Throwable failure) {
			FailureLogTests.this.logged.add(message + " / " + failure.getClass().getSimpleName());
		}

	};

	@Test
	void logsTheFirstOfARunAndCountsTheOthersUntilTheIntervalPassed() {
		FailureLog failures = new FailureLog(this.log, Long.MAX_VALUE);
		failures.error("chat.send", "first", new IllegalStateException());
		failures.error("chat.send", "second", new IllegalStateException());
		failures.error("chat.send", "other kind", new IllegalArgumentException());
		failures.error("chat.edit", "other place", new IllegalStateException());
		assertThat(this.logged).containsExactly("first / IllegalStateException",
				"other kind / IllegalArgumentException", "other place / IllegalStateException");
	}

	@Test
	void logsAgainOnceTheIntervalPassedWithHowManyWereNotLogged() {
		long[] now = { 1_000 };
		FailureLog failures = new FailureLog(this.log, 100, () -> now[0]);
		failures.error("chat.send", "first", new IllegalStateException());
		now[0] += 50;
		failures.error("chat.send", "second", new IllegalStateException());
		failures.error("chat.send", "third", new IllegalStateException());
		now[0] += 100;
		failures.error("chat.send", "fourth", new IllegalStateException());
		assertThat(this.logged).containsExactly("first / IllegalStateException",
				"fourth (2 more failures like it since the last one logged) / IllegalStateException");
	}

}
