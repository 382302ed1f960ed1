// The client modules as the starter serves them, for the tests beside this file, with
// mockConnection tracked so that every test's connections are closed after it, also when
// it fails (an open connection's timers would keep the test process alive), and test with
// a timeout, so that a promise that never settles fails its test instead of hanging.
import { afterEach, test as nodeTest } from "node:test";

import { mockConnection as mockConnectionOf } from "../../../../autoconfigure/src/main/resources/META-INF/resources/ws-streams/ws-streams-testing.js";

export * from "../../../../autoconfigure/src/main/resources/META-INF/resources/ws-streams/ws-streams.js";
export * from "../../../../autoconfigure/src/main/resources/META-INF/resources/ws-streams/ws-streams-testing.js";

const open = new Set();

afterEach(() => {
	for (const connection of open) connection.close();
	open.clear();
});

/**
 * The testing module's mockConnection, closed after the test.
 * @param {object} options the connection's options
 * @returns {object} the connection
 */
export function mockConnection(options) {
	const connection = mockConnectionOf(options);
	open.add(connection);
	return connection;
}

/**
 * Lets pending promise callbacks, microtasks and immediates run.
 * @returns {Promise<void>} resolves after them
 */
export function settle() {
	return new Promise((resolve) => setImmediate(resolve));
}

/**
 * node:test's test, failing after 10 s unless its options give another timeout.
 * @param {string} name the test's name
 * @param {object|Function} options the options, or the test function
 * @param {Function} [fn] the test function
 * @returns {Promise<void>} as node:test's test
 */
export function test(name, options, fn) {
	return typeof options === "function" ? nodeTest(name, { timeout: 10_000 }, options)
		: nodeTest(name, { timeout: 10_000, ...options }, fn);
}

/**
 * Resolves with a store's value once it matches, or rejects after a timeout.
 * @param {{subscribe: Function}} store a connection or a feature
 * @param {(value: object) => boolean} matcher the condition
 * @param {number} [timeoutMs=5000] how long to wait
 * @returns {Promise<object>} the matching value
 */
export function when(store, matcher, timeoutMs = 5000) {
	return new Promise((resolve, reject) => {
		let last;
		let unsubscribe = null;
		const timer = setTimeout(() => {
			unsubscribe?.();
			reject(new Error(`Timed out after ${timeoutMs} ms; last value: ${JSON.stringify(last)}`));
		}, timeoutMs);
		unsubscribe = store.subscribe((value) => {
			last = value;
			if (matcher(value)) {
				clearTimeout(timer);
				queueMicrotask(() => unsubscribe?.());
				resolve(value);
			}
		});
	});
}
