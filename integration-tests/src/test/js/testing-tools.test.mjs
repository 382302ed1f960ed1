// The test helpers that the starter ships for applications' front-end tests: the mock
// connection and the WebSocket spy.
import assert from "node:assert/strict";

import { Connection, MockWebSocket, connect, mockConnection, settle, spyWebSocket, test } from "./support.mjs";

test("a mock connection is a real connection whose server the test plays", async () => {
	const ws = mockConnection({ stream: "channel:7", clients: ["chat", "typing"], strategies: { chat: "streams" } });
	assert.ok(ws instanceof Connection);
	assert.equal(ws.state, "connecting");
	assert.ok(ws.mock.socket instanceof MockWebSocket);
	const welcome = ws.mock.welcome({ user: { id: "alice" } });
	assert.deepEqual(welcome.data, {
		connectionId: "mock-1", stream: "channel:7", user: { id: "alice" },
		clients: [{ name: "chat", strategy: "streams" }, { name: "typing", strategy: "pub-sub" }], heartbeatMs: 25000,
	});
	assert.equal(ws.state, "open");
	const event = ws.mock.event("chat", "message", { text: "hi" }, { id: "1-0", from: "bob" });
	assert.equal(event.stream, "channel:7");
	assert.equal(typeof event.ts, "number");
	assert.deepEqual(ws.chat.messages, [event]);
});

test("the mock records what the client sent and answers it by frame, by ref or the last one", async () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat"] });
	ws.mock.welcome();
	const first = ws.chat.send("send", { text: "1" });
	const second = ws.chat.send("send", { text: "2" });
	const third = ws.chat.send("send", { text: "3" });
	assert.deepEqual(ws.mock.frames("chat").map((frame) => frame.data.text), ["1", "2", "3"]);
	assert.deepEqual(ws.mock.frames("other"), []);
	ws.mock.reply(ws.mock.frames()[1].ref, "two");
	ws.mock.reply(ws.mock.frames()[0], "one");
	ws.mock.reply(undefined, "three");
	assert.deepEqual([(await first).data, (await second).data, (await third).data], ["one", "two", "three"]);
	const failing = ws.chat.send("send", {});
	ws.mock.error(ws.mock.lastSent(), "FORBIDDEN", "Forbidden");
	await assert.rejects(failing, { code: "FORBIDDEN", message: "Forbidden" });
	const awaited = ws.mock.nextSent((frame) => frame.action === "later");
	ws.chat.send("later", { n: 1 }).catch(() => {});
	assert.deepEqual((await awaited).data, { n: 1 });
});

test("the mock answers pings, and simulates closes and failures", async () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat"], pingIntervalMs: 5 });
	ws.mock.welcome();
	const ping = await ws.mock.nextSent((frame) => frame.type === "ping");
	await ws.mock.nextSent((frame) => frame.type === "ping");
	assert.ok(ws.mock.socket.sent.length >= 2);
	assert.equal(ws.mock.frames().length, 0, "frames() leaves pings out");
	assert.ok(ping.ref);
	const errors = [];
	ws.mock.socket.addEventListener("error", () => errors.push("error"));
	ws.mock.close();
	assert.deepEqual(errors, ["error"], "1006 is a failed connection: error, then close");
	const socket = await ws.mock.nextSocket();
	assert.equal(ws.mock.sockets.length, 2);
	assert.equal(socket.readyState, MockWebSocket.CONNECTING);
	ws.mock.close(4401, "Session ended");
	assert.equal(ws.state, "signed-out");
	await assert.rejects(ws.mock.nextSocket(50), /Timed out after 50 ms waiting for the next socket/);
});

test("the mock's helpers say clearly what is missing", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat"] });
	ws.mock.welcome();
	assert.throws(() => ws.mock.reply(), /sent no frame with a ref/);
	ws.close();
	ws.mock.sockets.length = 0;
	assert.throws(() => ws.mock.event("chat", "message"), /has no socket now/);
});

test("the spy records connections, sends, received frames and disconnections", async (t) => {
	const spy = spyWebSocket(MockWebSocket);
	const ws = connect({ stream: "channel:1", clients: ["chat"], url: "ws://localhost:1/ws", token: "secret", WebSocket: spy.WebSocket });
	t.after(() => ws.close());
	assert.equal(spy.connections.length, 1);
	const [connection] = spy.connections;
	assert.ok(connection.url.startsWith("ws://localhost:1/ws?stream=channel%3A1"));
	assert.deepEqual(connection.protocols, ["ws-streams", "secret"]);
	connection.socket.serverSend({ type: "welcome", data: { clients: [{ name: "chat", strategy: "pub-sub" }] } });
	const sent = ws.chat.send("send", { text: "hi" });
	assert.deepEqual(spy.sends.map(({ frame }) => frame.data), [{ text: "hi" }]);
	connection.socket.serverSend({ type: "reply", ref: spy.sends[0].frame.ref, data: "ok" });
	await sent;
	assert.deepEqual(connection.received.map((frame) => frame.type), ["welcome", "reply"]);
	assert.equal(spy.received.length, 2);
	connection.socket.serverClose(1012, "Service restart");
	assert.deepEqual(spy.disconnections, [{ connection: 0, url: connection.url, code: 1012, reason: "Service restart" }]);
	assert.deepEqual(connection.closed, { code: 1012, reason: "Service restart" });
	await spy.waitFor((s) => s.connections.length === 2, 2000);
	ws.close();
	await settle();
	assert.equal(spy.disconnections.at(-1).code, 1000);
	await assert.rejects(spy.waitFor(() => false, 20), /Timed out/);
});

test("the spy defaults to globalThis.WebSocket and needs one", () => {
	const original = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
	delete globalThis.WebSocket;
	try {
		assert.throws(() => spyWebSocket(), /No WebSocket constructor/);
		globalThis.WebSocket = MockWebSocket;
		assert.ok(new (spyWebSocket().WebSocket)("ws://x") instanceof MockWebSocket);
	} finally {
		delete globalThis.WebSocket;
		if (original) Object.defineProperty(globalThis, "WebSocket", original);
	}
});
