// The client's connection: URLs, token subprotocol, close-code rules, backoff with jitter,
// timeouts, the offline queue, resume with since, heartbeats and counters. Timers are
// node:test's mock timers wherever time matters.
import assert from "node:assert/strict";

import { DEFAULTS, MockWebSocket, StreamsError, connect, mockConnection, settle, test } from "./support.mjs";

const STREAM = { stream: "channel:1", clients: ["chat:streams", "presence"] };

function useMockTimers(t) {
	t.mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
}

/** A WebSocket constructor that records how it was called. */
function recordingWebSocket() {
	const calls = [];
	const Recording = class extends MockWebSocket {
		constructor(...args) {
			super(...args);
			calls.push({ args, socket: this });
		}
	};
	return { Recording, calls };
}

async function rejection(promise) {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	assert.fail("expected a rejection");
}

function query(socket) {
	return new URL(socket.url).searchParams;
}

test("connects to the url with the stream and the clients", () => {
	const ws = mockConnection({ ...STREAM, url: "ws://localhost:8080/ws" });
	assert.equal(ws.state, "connecting");
	const socket = ws.mock.socket;
	assert.equal(socket.url.split("?")[0], "ws://localhost:8080/ws");
	assert.equal(query(socket).get("stream"), "channel:1");
	assert.equal(query(socket).get("clients"), "chat:streams,presence");
	assert.equal(query(socket).get("since"), null);
	ws.close();
});

test("a url list is tried in turn, and a url function is asked with the attempt's number", async () => {
	const list = mockConnection({ ...STREAM, url: ["ws://a/ws", "ws://b/ws?x=1"] });
	const urls = [list.mock.socket.url];
	for (let i = 0; i < 2; i++) {
		list.mock.close();
		urls.push((await list.mock.nextSocket()).url);
	}
	assert.deepEqual(urls.map((url) => url.split("&")[0].replace(/\?stream.*/, "")), ["ws://a/ws", "ws://b/ws?x=1", "ws://a/ws"]);
	list.close();

	const attempts = [];
	const fn = mockConnection({ ...STREAM, url: (attempt) => (attempts.push(attempt), `ws://node-${attempt}/ws`) });
	fn.mock.close();
	await fn.mock.nextSocket();
	assert.deepEqual(attempts, [0, 1]);
	assert.ok(fn.mock.socket.url.startsWith("ws://node-1/ws?stream="));
	fn.close();
});

test("without a url it connects to /ws on the page's origin, wss on https", () => {
	const { Recording, calls } = recordingWebSocket();
	for (const [protocol, scheme] of [["http:", "ws:"], ["https:", "wss:"]]) {
		globalThis.location = { protocol, host: "example.com:8443" };
		try {
			connect({ ...STREAM, WebSocket: Recording }).close();
			connect({ ...STREAM, WebSocket: Recording, path: "/streams" }).close();
		} finally {
			delete globalThis.location;
		}
		assert.ok(calls.at(-2).socket.url.startsWith(`${scheme}//example.com:8443/ws?stream=`));
		assert.ok(calls.at(-1).socket.url.startsWith(`${scheme}//example.com:8443/streams?stream=`));
	}
});

test("without a url and a page location, or without a WebSocket, connect fails clearly", () => {
	assert.throws(() => connect({ ...STREAM, WebSocket: MockWebSocket }),
		(error) => error instanceof StreamsError && error.code === "INVALID_OPTIONS" && /url option is required/.test(error.message));
	const original = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
	delete globalThis.WebSocket;
	try {
		assert.throws(() => connect({ ...STREAM, url: "ws://localhost/ws" }),
			(error) => error.code === "INVALID_OPTIONS" && /No WebSocket here/.test(error.message));
	} finally {
		if (original) Object.defineProperty(globalThis, "WebSocket", original);
	}
});

test("the WebSocket option defaults to globalThis.WebSocket", () => {
	const { Recording, calls } = recordingWebSocket();
	const original = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
	globalThis.WebSocket = Recording;
	try {
		connect({ ...STREAM, url: "ws://localhost/ws" }).close();
	} finally {
		if (original) Object.defineProperty(globalThis, "WebSocket", original);
		else delete globalThis.WebSocket;
	}
	assert.equal(calls.length, 1);
});

test("a token is offered as the subprotocol next to ws-streams; without one no subprotocol is offered", async () => {
	const { Recording, calls } = recordingWebSocket();
	connect({ ...STREAM, url: "ws://localhost/ws", WebSocket: Recording, token: "t0ken" }).close();
	assert.deepEqual(calls[0].args.slice(1), [["ws-streams", "t0ken"]]);
	connect({ ...STREAM, url: "ws://localhost/ws", WebSocket: Recording }).close();
	assert.equal(calls[1].args.length, 1, "no protocols argument at all");

	let n = 0;
	const ws = mockConnection({ ...STREAM, token: async () => `token-${++n}` });
	await settle();
	assert.deepEqual(ws.mock.socket.protocols, ["ws-streams", "token-1"]);
	ws.mock.close();
	await ws.mock.nextSocket();
	assert.deepEqual(ws.mock.socket.protocols, ["ws-streams", "token-2"], "asked again on every attempt");
	ws.close();
});

test("welcome opens the connection and fills the store value", () => {
	const ws = mockConnection(STREAM);
	const welcome = ws.mock.welcome({ user: { id: "alice" }, connectionId: "c1" });
	assert.equal(ws.state, "open");
	assert.deepEqual(ws.value.welcome, welcome.data);
	assert.deepEqual(ws.value.user, { id: "alice" });
	assert.equal(ws.value.connectionId, "c1");
	assert.equal(ws.chat.strategy, "streams");
	assert.equal(ws.presence.strategy, "pub-sub");
	ws.close();
	assert.equal(ws.state, "closed");
	assert.equal(ws.value.error, null);
	assert.deepEqual(ws.mock.socket.closedByClient, { code: 1000, reason: "Closed by the client" });
});

test("send resolves with the reply, and rejects with the error frame's code, message and details", async () => {
	const ws = mockConnection(STREAM);
	ws.mock.welcome();
	const sent = ws.chat.send("send", { text: "Hi" });
	const frame = ws.mock.lastSent();
	assert.deepEqual(Object.keys(frame), ["type", "action", "ref", "data"], "type, action and ref come first");
	ws.mock.reply(frame, null, { id: "1-0" });
	assert.equal((await sent).id, "1-0");

	const invalid = ws.chat.send("send", { text: "" });
	ws.mock.error(ws.mock.lastSent(), "VALIDATION_FAILED", "text: must not be blank", [{ field: "text", message: "must not be blank" }]);
	const error = await rejection(invalid);
	assert.ok(error instanceof StreamsError);
	assert.equal(error.code, "VALIDATION_FAILED");
	assert.equal(error.message, "text: must not be blank");
	assert.deepEqual(error.details, [{ field: "text", message: "must not be blank" }]);

	const published = ws.presence.publish({ x: 1 });
	assert.deepEqual(ws.mock.lastSent().action, "message");
	ws.mock.reply();
	await published;

	const notJson = await rejection(ws.chat.send("send", { n: 1n }));
	assert.equal(notJson.code, "INVALID_MESSAGE");
	ws.close();
});

test("an error frame that answers no send is an error event of the connection", () => {
	const ws = mockConnection(STREAM);
	ws.mock.welcome();
	const errors = [];
	ws.on("error", (error) => errors.push(error));
	ws.mock.error(null, "RATE_LIMITED", "Too many frames");
	assert.equal(errors.length, 1);
	assert.equal(errors[0].code, "RATE_LIMITED");
	ws.close();
});

test("a send without an answer within replyTimeoutMs rejects with TIMEOUT, and its late answer is ignored", async (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, replyTimeoutMs: 1000 });
	ws.mock.welcome();
	const slow = ws.chat.send("send", { text: "a" });
	const frame = ws.mock.lastSent();
	const custom = ws.chat.send("send", { text: "b" }, { timeoutMs: 5000 });
	t.mock.timers.tick(999);
	t.mock.timers.tick(1);
	const error = await rejection(slow);
	assert.equal(error.code, "TIMEOUT");
	ws.mock.reply(frame, "late");
	t.mock.timers.tick(3999);
	ws.mock.reply(ws.mock.lastSent(), "in time");
	assert.equal((await custom).data, "in time");
	ws.close();
});

test("sends while not connected wait in order and go out after the welcome", async () => {
	const ws = mockConnection(STREAM);
	const first = ws.chat.send("send", { text: "1" });
	const second = ws.chat.send("send", { text: "2" });
	assert.deepEqual(ws.mock.frames(), []);
	ws.mock.welcome();
	assert.deepEqual(ws.mock.frames().map((frame) => frame.data.text), ["1", "2"]);
	ws.mock.reply(ws.mock.frames()[0], "one");
	ws.mock.reply(ws.mock.frames()[1], "two");
	assert.deepEqual([(await first).data, (await second).data], ["one", "two"]);
	ws.close();
});

test("a full queue rejects the new send with QUEUE_FULL and keeps what it holds", async () => {
	const ws = mockConnection({ ...STREAM, queueLimit: 2 });
	const queued = [ws.chat.send("send", { text: "1" }), ws.chat.send("send", { text: "2" })];
	const full = await rejection(ws.chat.send("send", { text: "3" }));
	assert.equal(full.code, "QUEUE_FULL");
	const offline = await rejection(ws.chat.send("send", { text: "typing" }, { queue: false }));
	assert.equal(offline.code, "OFFLINE");
	ws.mock.welcome();
	assert.deepEqual(ws.mock.frames().map((frame) => frame.data.text), ["1", "2"]);
	for (const frame of ws.mock.frames()) ws.mock.reply(frame);
	await Promise.all(queued);
	ws.close();
});

test("close rejects queued and unanswered sends with CLOSED, and later sends too", async () => {
	const ws = mockConnection(STREAM);
	ws.mock.welcome();
	const unanswered = ws.chat.send("send", { text: "1" });
	ws.mock.close(1006);
	const queued = ws.chat.send("send", { text: "2" });
	assert.equal((await rejection(unanswered)).code, "CONNECTION_LOST");
	ws.close();
	assert.equal((await rejection(queued)).code, "CLOSED");
	assert.equal((await rejection(ws.chat.send("send", {}))).code, "CLOSED");
});

for (const [code, reason] of [[1008, "Unknown client: nope"], [4403, "Forbidden: chat"]]) {
	test(`close ${code} fails the connection for good with its code and reason`, async (t) => {
		useMockTimers(t);
		const ws = mockConnection({ ...STREAM, baseDelayMs: 500 });
		const queued = ws.chat.send("send", {});
		const closes = [];
		ws.on("close", (event) => closes.push(event));
		ws.mock.close(code, reason);
		assert.equal(ws.state, "failed");
		assert.equal(ws.value.closeCode, code);
		assert.equal(ws.value.closeReason, reason);
		assert.equal(ws.value.error.code, "FAILED");
		assert.equal(ws.value.error.closeCode, code);
		assert.deepEqual(closes, [{ code, reason, delay: null }]);
		assert.equal((await rejection(queued)).code, "FAILED");
		t.mock.timers.tick(600_000);
		assert.equal(ws.mock.sockets.length, 1, "no new attempt");
	});
}

test("close 4401 ends in signed-out, and open() starts again after signing in", async (t) => {
	useMockTimers(t);
	const ws = mockConnection(STREAM);
	ws.mock.welcome();
	const pending = ws.chat.send("send", {});
	ws.mock.close(4401, "Session ended");
	assert.equal(ws.state, "signed-out");
	assert.equal(ws.value.error.code, "SIGNED_OUT");
	assert.equal((await rejection(pending)).code, "CONNECTION_LOST");
	t.mock.timers.tick(600_000);
	assert.equal(ws.mock.sockets.length, 1);
	ws.open();
	assert.equal(ws.state, "connecting");
	assert.equal(ws.mock.sockets.length, 2);
	ws.close();
});

test("checkSession answering false after an attempt that was not welcomed ends in signed-out", async () => {
	let signedIn = true;
	const ws = mockConnection({ ...STREAM, checkSession: async () => signedIn });
	ws.mock.close(1006);
	await ws.mock.nextSocket();
	assert.equal(ws.state, "reconnecting");
	signedIn = false;
	ws.mock.close(1006);
	await settle();
	assert.equal(ws.state, "signed-out");
	assert.equal(ws.mock.sockets.length, 2);
});

test("after 4429 the next attempt waits at least laterDelayMs", (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, baseDelayMs: 500, laterDelayMs: 10_000, random: () => 0.5 });
	ws.mock.close(4429, "Too many connections");
	assert.equal(ws.state, "reconnecting");
	assert.equal(ws.value.delay, 10_000);
	t.mock.timers.tick(9_999);
	assert.equal(ws.mock.sockets.length, 1);
	t.mock.timers.tick(1);
	assert.equal(ws.mock.sockets.length, 2);
	ws.close();
});

for (const [code, reason] of [[1001, "Going away"], [1006, ""], [1011, ""], [1012, "Service restart"],
	[4408, "Heartbeat timeout"], [4509, "Slow consumer"], [1000, ""]]) {
	test(`close ${code} reconnects with backoff`, (t) => {
		useMockTimers(t);
		const ws = mockConnection({ ...STREAM, baseDelayMs: 500, random: () => 0.5 });
		ws.mock.welcome();
		const closes = [];
		ws.on("close", (event) => closes.push(event));
		ws.mock.close(code, reason);
		assert.equal(ws.state, "reconnecting");
		assert.deepEqual(closes, [{ code, reason, delay: 250 }]);
		assert.equal(ws.value.delay, 250);
		t.mock.timers.tick(249);
		assert.equal(ws.mock.sockets.length, 1);
		t.mock.timers.tick(1);
		assert.equal(ws.mock.sockets.length, 2);
		assert.equal(ws.state, "reconnecting");
		assert.equal(ws.value.delay, null, "no delay while the attempt runs");
		ws.mock.welcome();
		assert.equal(ws.state, "open");
		assert.equal(ws.value.reconnects, 1);
		ws.close();
	});
}

test("the frame that caused 1009 is rejected with FRAME_TOO_LARGE and never sent again", async () => {
	const ws = mockConnection(STREAM);
	ws.mock.welcome();
	const small = ws.chat.send("send", { text: "small" });
	const large = ws.chat.send("send", { text: "x".repeat(70_000) });
	ws.mock.close(1009, "Frame too large");
	const tooLarge = await rejection(large);
	assert.equal(tooLarge.code, "FRAME_TOO_LARGE");
	assert.equal(tooLarge.closeCode, 1009);
	assert.equal((await rejection(small)).code, "CONNECTION_LOST");
	const queued = ws.chat.send("send", { text: "after" });
	await ws.mock.nextSocket();
	ws.mock.welcome();
	const resent = ws.mock.socket.sent.map((text) => JSON.parse(text)).filter((frame) => frame.type === "chat");
	assert.deepEqual(resent.map((frame) => frame.data.text), ["after"]);
	ws.mock.reply(resent[0]);
	await queued;
	ws.close();
});

test("backoff: full jitter below base x 2^n, capped at maxDelayMs, and reset once a connection stayed stable", (t) => {
	useMockTimers(t);
	const draws = [0.999, 0.5, 0, 0.999, 0.999, 0.999, 0.999];
	const ws = mockConnection({ ...STREAM, baseDelayMs: 100, maxDelayMs: 1000, stableMs: 5000, random: () => draws.shift() });
	const delays = [];
	for (let i = 0; i < 6; i++) {
		ws.mock.close(1006);
		delays.push(ws.value.delay);
		t.mock.timers.tick(ws.value.delay);
	}
	assert.deepEqual(delays, [99.9, 100, 0, 799.2, 999, 999]);
	ws.mock.welcome();
	t.mock.timers.tick(4999);
	ws.mock.close(1006);
	assert.equal(ws.value.delay, 999, "not stable yet: still capped");
	t.mock.timers.tick(999);
	ws.mock.welcome();
	t.mock.timers.tick(5000);
	draws.push(0.999);
	ws.mock.close(1006);
	assert.equal(ws.value.delay, 99.9, "stable: starts over");
	ws.close();
});

test("backoff with Math.random stays within its bounds", (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, baseDelayMs: 100, maxDelayMs: 800 });
	const seen = new Set();
	for (let i = 0; i < 40; i++) {
		ws.mock.close(1006);
		const ceiling = Math.min(800, 100 * 2 ** i);
		assert.ok(ws.value.delay >= 0 && ws.value.delay < ceiling, `${ws.value.delay} within [0, ${ceiling})`);
		seen.add(Math.round(ws.value.delay));
		t.mock.timers.tick(ws.value.delay);
	}
	assert.ok(seen.size > 10, "jittered");
	ws.close();
});

test("an attempt not welcomed within connectTimeoutMs is dropped and counts as failed", (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, connectTimeoutMs: 3000, baseDelayMs: 100, random: () => 0.5 });
	const first = ws.mock.socket;
	first.serverOpen();
	t.mock.timers.tick(2999);
	assert.equal(ws.state, "connecting");
	t.mock.timers.tick(1);
	assert.equal(ws.state, "reconnecting");
	assert.equal(ws.value.closeReason, "Connect timeout");
	assert.equal(ws.value.attempt, 1);
	assert.equal(first.closedByClient.code, 4000);
	t.mock.timers.tick(50);
	ws.mock.welcome();
	t.mock.timers.tick(10_000);
	assert.equal(ws.state, "open", "a welcomed connection has no connect timeout");
	ws.close();
});

test("maxAttempts attempts in a row without a welcome end in failed", async (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, maxAttempts: 3, random: () => 0 });
	ws.mock.close(1006);
	t.mock.timers.tick(0);
	ws.mock.welcome();
	ws.mock.close(1006);
	t.mock.timers.tick(0);
	assert.equal(ws.value.attempt, 0, "the welcome started the count over, and a welcomed socket is no failed attempt");
	const queued = rejection(ws.chat.send("send", {}));
	for (let i = 1; i <= 2; i++) {
		ws.mock.close(1006);
		t.mock.timers.tick(0);
		assert.equal(ws.state, "reconnecting");
		assert.equal(ws.value.attempt, i);
	}
	ws.mock.close(1006, "");
	assert.equal(ws.state, "failed");
	assert.equal(ws.value.error.code, "FAILED");
	assert.equal(ws.value.error.closeCode, 1006);
	assert.equal((await queued).code, "FAILED");
	assert.equal(ws.mock.sockets.length, 5);
	assert.equal(ws.mock.frames().length, 0);
});

test("pings at the welcome's heartbeatMs, and a missing pong drops the socket and reconnects", (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, pongTimeoutMs: 500, random: () => 0 });
	ws.mock.autoPong = false;
	ws.mock.welcome({ heartbeatMs: 1000 });
	t.mock.timers.tick(999);
	assert.equal(ws.mock.sent.length, 0);
	t.mock.timers.tick(1);
	const ping = ws.mock.sent.at(-1);
	assert.equal(ping.type, "ping");
	assert.equal(typeof ping.ref, "string");
	ws.mock.receive({ type: "pong", ref: ping.ref, ts: Date.now() });
	t.mock.timers.tick(1000);
	t.mock.timers.tick(499);
	assert.equal(ws.state, "open");
	t.mock.timers.tick(1);
	assert.equal(ws.state, "reconnecting");
	assert.equal(ws.value.closeCode, 4408);
	assert.equal(ws.value.closeReason, "Pong timeout");
	assert.equal(ws.mock.sockets[0].closedByClient.code, 4000);
	ws.close();
});

test("pingIntervalMs overrides the welcome's heartbeat, and answered pings keep the connection open", (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, pingIntervalMs: 200, pongTimeoutMs: 100 });
	ws.mock.welcome({ heartbeatMs: 25_000 });
	for (let i = 0; i < 10; i++) {
		t.mock.timers.tick(200);
		ws.mock.receive({ type: "pong", ref: ws.mock.sent.at(-1).ref });
	}
	assert.equal(ws.mock.sent.filter((frame) => frame.type === "ping").length, 10);
	assert.equal(ws.state, "open");
	ws.close();
});

test("reconnects with since=<feature>:<last id> for each streams feature", async () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams", "log:streams", "typing"] });
	ws.mock.welcome();
	ws.mock.event("chat", "message", {}, { id: "1732200000000-4" });
	ws.mock.synced("log", { recovered: true, last: "7-0" });
	ws.mock.close(4509, "Slow consumer");
	const socket = await ws.mock.nextSocket();
	assert.equal(query(socket).get("since"), "chat:1732200000000-4,log:7-0");
	ws.close();
});

test("counts frames and UTF-8 bytes in and out, reconnects and uptime", async (t) => {
	useMockTimers(t);
	const ws = mockConnection({ ...STREAM, random: () => 0 });
	assert.deepEqual(ws.stats(), { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, reconnects: 0, uptime: 0 });
	const welcome = JSON.stringify({ type: "welcome", data: { clients: [{ name: "chat", strategy: "streams" }], heartbeatMs: 25000 } });
	ws.mock.receive(welcome);
	t.mock.timers.tick(1500);
	assert.equal(ws.stats().uptime, 1500);
	const sent = ws.chat.send("send", { text: "é😀" });
	const text = ws.mock.socket.sent[0];
	assert.equal(Buffer.byteLength(text), text.length + 1 + 2, "é is 2 bytes, 😀 is 4");
	const event = JSON.stringify({ type: "chat", event: "message", id: "1-0", data: { text: "€" } });
	ws.mock.receive(event);
	ws.mock.reply();
	await sent;
	const reply = JSON.stringify({ type: "reply", ref: JSON.parse(text).ref, data: null });
	assert.deepEqual(ws.stats(), {
		messagesIn: 3, messagesOut: 1, bytesIn: welcome.length + Buffer.byteLength(event) + reply.length,
		bytesOut: Buffer.byteLength(text), reconnects: 0, uptime: 1500,
	});
	ws.mock.close(1012);
	assert.equal(ws.stats().uptime, 0);
	t.mock.timers.tick(0);
	ws.mock.welcome();
	assert.equal(ws.stats().reconnects, 1);
	assert.equal(ws.value.reconnects, 1);
	ws.close();
});

test("reconnect() ends the wait at once, as the browser's online event does", (t) => {
	useMockTimers(t);
	const listeners = {};
	globalThis.addEventListener = (type, fn) => { listeners[type] = fn; };
	globalThis.removeEventListener = (type) => { delete listeners[type]; };
	try {
		const ws = mockConnection({ ...STREAM, baseDelayMs: 60_000, random: () => 0.9 });
		ws.mock.close(1006);
		assert.equal(ws.mock.sockets.length, 1);
		listeners.online();
		assert.equal(ws.mock.sockets.length, 2);
		ws.close();
		assert.equal(listeners.online, undefined, "removed on close");
	} finally {
		delete globalThis.addEventListener;
		delete globalThis.removeEventListener;
	}
});

test("the defaults are documented values", () => {
	assert.deepEqual({ ...DEFAULTS }, {
		path: "/ws", baseDelayMs: 500, maxDelayMs: 30000, stableMs: 10000, laterDelayMs: 10000, maxAttempts: Infinity,
		connectTimeoutMs: 10000, pongTimeoutMs: 10000, replyTimeoutMs: 10000, queueLimit: 100, messageLimit: 1000,
	});
});
