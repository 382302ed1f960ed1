package io.wsstreams.client;

import java.util.List;

import io.wsstreams.client.NodeTestRunner.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the TAP report of Node's test runner: tests in suites, failures with their
 * diagnostics, skips, and escaped names.
 */
class NodeTestRunnerTests {

	private static final String REPORT = """
			TAP version 13
			# (node:7156) ExperimentalWarning: The MockTimers API is an experimental feature
			# Subtest: top \\# one
			ok 1 - top \\# one
			  ---
			  duration_ms: 2.7
			  ...
			# Subtest: group
			    # Subtest: inner ok
			    ok 1 - inner ok
			      ---
			      duration_ms: 0.2
			      ...
			    # Subtest: nested
			        # Subtest: deep
			        ok 1 - deep # SKIP no server
			          ---
			          duration_ms: 0.1
			          ...
			        1..1
			    ok 2 - nested
			      ---
			      duration_ms: 0.5
			      type: 'suite'
			      ...
			    # Subtest: inner fail
			    not ok 3 - inner fail
			      ---
			      duration_ms: 1.8
			      error: |-
			        nope
			      code: 'ERR_ASSERTION'
			      ...
			    1..3
			not ok 2 - group
			  ---
			  duration_ms: 3.2
			  type: 'suite'
			  failureType: 'subtestsFailed'
			  error: '1 subtest failed'
			  ...
			# Subtest: hook
			    # Subtest: child
			    ok 1 - child
			      ---
			      duration_ms: 0.1
			      ...
			    1..1
			not ok 3 - hook
			  ---
			  failureType: 'hookFailed'
			  error: 'after failed'
			  ...
			1..3
			# tests 4
			""";

	@Test
	void readsEveryTestWithItsSuitesResultAndDiagnostics() {
		List<Result> results = NodeTestRunner.parse(REPORT);
		assertThat(results).extracting(Result::name)
			.containsExactly("top # one", "group › inner ok", "group › nested › deep", "group › inner fail",
					"hook › child", "hook");
		assertThat(results).extracting(Result::ok).containsExactly(true, true, true, false, true, false);
		assertThat(results.get(2).skip()).isEqualTo("SKIP: no server");
		assertThat(results.get(3).diagnostics()).contains("error: |-\n  nope\n").contains("code: 'ERR_ASSERTION'");
		assertThat(results.get(5).diagnostics()).contains("after failed");
	}

	@Test
	void readsNoTestFromOutputWithoutTestPoints() {
		assertThat(NodeTestRunner.parse("TAP version 13\nSyntaxError: Unexpected token\n1..0\n")).isEmpty();
	}

}
