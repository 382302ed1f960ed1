// What the tests with Pusher's own clients share: signing in to the sample over HTTP, pusher-js
// and Pusher's Node server library pointed at the sample as docs/pusher.md configures them,
// and waiting for events with a
// timeout. Every client a test opens is disconnected after it, also when it fails (an open
// client's timers would keep the test process alive).
import { afterEach, test as nodeTest } from "node:test";

import Echo from "laravel-echo";
import PusherServer from "pusher";
import Pusher from "pusher-js";

/** The sample's base URL, such as http://localhost:8080, from the JUnit test that started it. */
export const SAMPLE_URL = required("SAMPLE_URL");

/** The sample's host and port. */
export const { hostname: HOST, port: PORT } = new URL(SAMPLE_URL);

const open = new Set();

let names = 0;

afterEach(() => {
	for (const client of open) client.disconnect();
	open.clear();
});

function required(name) {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: these tests run from PusherClientTests`);
	return value;
}

/**
 * node:test's test, failing after 15 s.
 * @param {string} name the test's name
 * @param {Function} fn the test function
 * @returns {Promise<void>} as node:test's test
 */
export function test(name, fn) {
	return nodeTest(name, { timeout: 15_000 }, fn);
}

/**
 * A user name no other test uses.
 * @param {string} prefix a readable prefix
 * @returns {string} the name
 */
export function unique(prefix) {
	return `${prefix}-${process.pid}-${++names}`;
}

/**
 * Signs a user in with POST /api/login.
 * @param {string} name the user id
 * @returns {Promise<{user: string, token: string}>} the user and the session's X-Auth-Token
 */
export async function signIn(name) {
	const response = await fetch(`${SAMPLE_URL}/api/login`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ name }),
	});
	if (response.status !== 200) throw new Error(`sign-in of ${name}: ${response.status}`);
	return { user: name, token: response.headers.get("X-Auth-Token") };
}

/**
 * A pusher-js client of the sample's demo app, connected, and disconnected after the test.
 * @param {string} [token] the session's X-Auth-Token, for the auth endpoints
 * @returns {Promise<Pusher>} the client, once its connection is established
 */
export async function connect(token) {
	const headers = token ? { "X-Auth-Token": token } : {};
	const pusher = new Pusher("app-key", {
		cluster: "unused", // pusher-js requires one; ws-streams ignores it
		wsHost: HOST,
		wsPort: Number(PORT),
		forceTLS: false,
		enabledTransports: ["ws"],
		channelAuthorization: { endpoint: `${SAMPLE_URL}/pusher/auth`, transport: "ajax", headers },
		userAuthentication: { endpoint: `${SAMPLE_URL}/pusher/user-auth`, transport: "ajax", headers },
	});
	track(pusher);
	await connected(pusher);
	return pusher;
}

/**
 * Laravel Echo for the sample, as docs/pusher.md configures it.
 * @param {string} [token] the session's X-Auth-Token
 * @returns {Echo} the client, disconnected after the test
 */
export function echo(token) {
	const headers = token ? { "X-Auth-Token": token } : {};
	const client = new Echo({
		broadcaster: "pusher",
		Pusher,
		key: "app-key",
		cluster: "unused",
		wsHost: HOST,
		wsPort: Number(PORT),
		forceTLS: false,
		enabledTransports: ["ws"],
		authEndpoint: `${SAMPLE_URL}/pusher/auth`,
		auth: { headers },
	});
	return track(client);
}

/**
 * Disconnects a client after the test.
 * @param {{disconnect: Function}} client a pusher-js or Laravel Echo client
 * @returns {object} the client
 */
export function track(client) {
	open.add(client);
	return client;
}

/**
 * Resolves once a client's connection is established.
 * @param {Pusher} pusher the client
 * @returns {Promise<string>} its socket id
 */
export function connected(pusher) {
	return new Promise((resolve, reject) => {
		if (pusher.connection.state === "connected") {
			resolve(pusher.connection.socket_id);
			return;
		}
		pusher.connection.bind("connected", () => resolve(pusher.connection.socket_id));
		pusher.connection.bind("failed", () => reject(new Error("pusher-js could not connect")));
	});
}

/**
 * Subscribes to a channel and resolves once the server confirmed it.
 * @param {Pusher} pusher the client
 * @param {string} name the channel
 * @returns {Promise<object>} the channel
 */
export function subscribe(pusher, name) {
	const channel = pusher.subscribe(name);
	return new Promise((resolve, reject) => {
		channel.bind("pusher:subscription_succeeded", () => resolve(channel));
		channel.bind("pusher:subscription_error", (error) =>
			reject(new Error(`subscription to ${name} failed: ${JSON.stringify(error)}`)));
	});
}

/**
 * Resolves with the next event of a name on a channel, or rejects after a timeout.
 * @param {{bind: Function, unbind: Function}} channel a pusher-js channel
 * @param {string} event the event name
 * @param {number} [timeoutMs=5000] how long to wait
 * @returns {Promise<any>} the event's data
 */
export function next(channel, event, timeoutMs = 5000) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			channel.unbind(event, handler);
			reject(new Error(`no ${event} within ${timeoutMs} ms`));
		}, timeoutMs);
		const handler = (data) => {
			clearTimeout(timer);
			channel.unbind(event, handler);
			resolve(data);
		};
		channel.bind(event, handler);
	});
}

/**
 * Resolves once a condition holds, checking it every 20 ms, or rejects after a timeout.
 * @param {() => boolean|Promise<boolean>} condition the condition
 * @param {string} what what is awaited, for the error
 * @param {number} [timeoutMs=5000] how long to wait
 * @returns {Promise<void>} resolves once it holds
 */
export async function until(condition, what, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/**
 * Posts a notification to a channel of the sample, which also triggers the Pusher event
 * "notification" on the public channel channel-{id}.
 * @param {string} token the session's X-Auth-Token
 * @param {string} id the channel id
 * @param {string} text the text
 * @returns {Promise<void>} resolves once the sample accepted it
 */
export async function notify(token, id, text) {
	const response = await fetch(`${SAMPLE_URL}/api/channels/${id}/notifications`, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-Auth-Token": token },
		body: JSON.stringify({ text }),
	});
	if (response.status !== 202) throw new Error(`notification: ${response.status}`);
}

/**
 * Pusher's Node server library for the sample's demo app, as docs/pusher.md configures it:
 * its HTTP API at /apps/app-id, with the demo secret and encryption master key.
 * @returns {PusherServer} the library
 */
export function server() {
	const pusher = new PusherServer({
		appId: "app-id",
		key: "app-key",
		secret: "app-secret",
		encryptionMasterKeyBase64: "d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=",
		host: HOST,
		port: PORT,
		useTLS: false,
	});
	return pusher;
}

/**
 * The number of subscriptions to a channel on every node, as the HTTP API counts them.
 * @param {string} channel the channel
 * @returns {Promise<number>} its subscription_count
 */
export async function subscribers(channel) {
	const response = await server().get({ path: `/channels/${channel}`, params: { info: "subscription_count" } });
	return (await response.json()).subscription_count ?? 0;
}
