// The examples of docs/testing.md, each copied here as it stands there, so that the build
// runs them. Change them in both places.
import assert from "node:assert/strict";

import { MockWebSocket, connect, mockConnection, spyWebSocket, test } from "./support.mjs";

test("shows the messages of the chat", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams", "presence"] });
	ws.mock.welcome({ user: { id: "alice" } });
	ws.mock.event("chat", "message", { text: "Hi" }, { id: "1732200000000-0", from: "bob" });
	ws.mock.synced("chat", { recovered: true, last: "1732200000000-0" });
	assert.deepEqual(ws.chat.messages.map((message) => message.data.text), ["Hi"]);
	assert.equal(ws.chat.state.synced, true);
	ws.close();
});

test("lists who is online", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["presence"] });
	ws.mock.welcome();
	const seen = [];
	const unsubscribe = ws.presence.subscribe(({ users }) => seen.push(users.map((user) => user.id)));
	ws.mock.event("presence", "state", { users: [{ id: "alice", status: "online" }] });
	ws.mock.event("presence", "join", { id: "bob", status: "online" });
	assert.deepEqual(seen, [[], ["alice"], ["alice", "bob"]]);
	unsubscribe();
	ws.close();
});

test("sends a message and shows a validation error", async () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams"] });
	ws.mock.welcome();
	const sent = ws.chat.send("send", { text: "Hello" });
	assert.deepEqual(ws.mock.lastSent("chat").data, { text: "Hello" });
	ws.mock.reply(ws.mock.lastSent("chat"), null, { id: "1732200000000-1" });
	assert.equal((await sent).id, "1732200000000-1");

	const invalid = ws.chat.send("send", { text: "" });
	ws.mock.error(ws.mock.lastSent("chat"), "VALIDATION_FAILED", "text: must not be blank",
		[{ field: "text", message: "must not be blank" }]);
	await assert.rejects(invalid, { code: "VALIDATION_FAILED" });
	ws.close();
});

test("reconnects after the server restarts, and stops when the session ends", async () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams"] });
	ws.mock.welcome();
	ws.mock.event("chat", "message", { text: "Hi" }, { id: "5-0" });
	ws.mock.close(1012, "Service restart");
	assert.equal(ws.state, "reconnecting");
	const socket = await ws.mock.nextSocket();
	assert.equal(new URL(socket.url).searchParams.get("since"), "chat:5-0");
	ws.mock.welcome();
	ws.mock.close(4401, "Session ended");
	assert.equal(ws.state, "signed-out");
});

test("gives up after three failed attempts", (t) => {
	t.mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
	const ws = mockConnection({ stream: "channel:1", clients: ["chat"], maxAttempts: 3, baseDelayMs: 500 });
	for (let attempt = 1; attempt < 3; attempt++) {
		ws.mock.close(1006);
		t.mock.timers.tick(ws.value.delay);
	}
	ws.mock.close(1006);
	assert.equal(ws.state, "failed");
	assert.equal(ws.value.error.code, "FAILED");
});

test("the spy sees what the page sent", async () => {
	const spy = spyWebSocket(MockWebSocket);
	const ws = connect({ url: "ws://localhost:8080/ws", stream: "channel:1", clients: ["chat"], token: "my-token", WebSocket: spy.WebSocket });
	assert.deepEqual(spy.connections[0].protocols, ["ws-streams", "my-token"]);
	spy.connections[0].socket.serverSend({ type: "welcome", data: { clients: [{ name: "chat", strategy: "streams" }] } });
	ws.chat.send("send", { text: "Hi" }).catch(() => {});
	assert.deepEqual(spy.sends.map(({ frame }) => frame.action), ["send"]);
	ws.close();
	await spy.waitFor(({ disconnections }) => disconnections.length === 1);
	assert.equal(spy.disconnections[0].code, 1000);
});
