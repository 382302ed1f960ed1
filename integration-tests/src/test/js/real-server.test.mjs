// The client against a running ws-streams server (JavaScriptClientTests starts one and sets
// WS_STREAMS_URL, WS_STREAMS_HTTP and WS_STREAMS_SESSIONS, "alias=userId:sessionId,…" for
// the aliases alice, bob and carol). Node's
// WebSocket can send headers, so each user's sockets carry the session in X-Auth-Token;
// a browser sends the session cookie instead.
import assert from "node:assert/strict";

import { connect, spyWebSocket, test, when } from "./support.mjs";

const URL_OF_SERVER = process.env.WS_STREAMS_URL;
const HTTP = process.env.WS_STREAMS_HTTP;
const USERS = Object.fromEntries((process.env.WS_STREAMS_SESSIONS ?? "").split(",").filter(Boolean)
	.map((entry) => {
		const [alias, user, session] = entry.split(/[=:]/);
		return [alias, { id: user, session }];
	}));
const skip = URL_OF_SERVER ? false : "needs a server: JavaScriptClientTests runs this file with one";
const run = `${process.pid}-${Date.now().toString(36)}`;

/**
 * Node's WebSocket with a user's session header on every handshake.
 * @param {string} alias a user's alias in WS_STREAMS_SESSIONS
 * @returns {Function} the constructor for the WebSocket option
 */
function signedIn(alias) {
	const session = USERS[alias]?.session;
	assert.ok(session, `a session for ${alias} in WS_STREAMS_SESSIONS`);
	return class extends WebSocket {
		constructor(url, protocols = []) {
			super(url, { protocols, headers: { "X-Auth-Token": session } });
		}
	};
}

function open(t, user, options) {
	const ws = connect({ url: URL_OF_SERVER, WebSocket: signedIn(user), ...options });
	t.after(() => ws.close());
	return ws;
}

test("connects, is welcomed, sends to chat and receives the history on join", { skip }, async (t) => {
	const stream = `channel:js-${run}-history`;
	const alice = open(t, "alice", { stream, clients: ["chat"] });
	const welcome = await when(alice, (value) => value.state === "open");
	assert.equal(welcome.user.id, USERS.alice.id);
	assert.deepEqual(welcome.welcome.clients, [{ name: "chat", strategy: "streams" }]);
	const replies = [await alice.chat.send("send", { text: "one" }), await alice.chat.send("send", { text: "two" })];
	assert.match(replies[0].id, /^\d+-\d+$/);

	const bob = open(t, "bob", { stream, clients: ["chat"] });
	const state = await when(bob.chat, (chat) => chat.synced);
	assert.deepEqual(state.messages.map((message) => message.data.text), ["one", "two"]);
	assert.deepEqual(state.messages.map((message) => message.id), replies.map((reply) => reply.id));
	assert.equal(state.messages[0].from, USERS.alice.id);
	assert.equal(state.recovered, true);
	await assert.rejects(bob.chat.send("send", { text: "" }), { code: "VALIDATION_FAILED" });
});

test("resumes with since after the server closed the socket, and shows each message once, in order", { skip }, async (t) => {
	const stream = `channel:js-${run}-resume`;
	const spy = spyWebSocket(signedIn("alice"));
	const alice = open(t, "alice", { stream, clients: ["chat"], WebSocket: spy.WebSocket, baseDelayMs: 1000, random: () => 1 });
	const bob = open(t, "bob", { stream, clients: ["chat"], baseDelayMs: 0 });
	await when(alice.chat, (chat) => chat.synced);
	const before = await bob.chat.send("send", { text: "before" });
	await when(alice.chat, (chat) => chat.lastId === before.id);

	const closed = new Promise((resolve) => alice.on("close", resolve));
	const deleted = await fetch(`${HTTP}/actuator/streams/${stream}`, { method: "DELETE" });
	assert.equal(deleted.status, 200);
	assert.deepEqual(await closed, { code: 1001, reason: "Going away", delay: 1000 });
	// Alice waits 1 s before her next attempt. Bob's socket was closed too: he comes back at
	// once, and his sends wait in his queue until he is.
	const missed = [bob.chat.send("send", { text: "missed 1" }), bob.chat.send("send", { text: "missed 2" })];
	await Promise.all(missed);

	await when(alice.chat, (chat) => chat.messages.length === 3 && chat.synced);
	assert.equal(spy.connections.length, 2);
	assert.equal(new URL(spy.connections[1].url).searchParams.get("since"), `chat:${before.id}`);
	assert.equal(alice.chat.state.recovered, true);
	assert.deepEqual(alice.chat.messages.map((message) => message.data.text), ["before", "missed 1", "missed 2"]);
	assert.equal(alice.value.reconnects, 1);
	const stats = alice.stats();
	assert.ok(stats.messagesIn >= 7, `welcome, synced, before, welcome, missed 1 and 2, synced: ${stats.messagesIn}`);
	assert.ok(stats.bytesIn > 200);
});

test("presence shows both users of two connections, and a status change", { skip }, async (t) => {
	const stream = `channel:js-${run}-presence`;
	const alice = open(t, "alice", { stream, clients: ["presence"] });
	await when(alice.presence, ({ users }) => users.some((user) => user.id === USERS.alice.id));
	const bob = open(t, "bob", { stream, clients: ["presence"] });
	const ids = ({ users }) => users.map((user) => user.id).sort().join(",");
	const both = [USERS.alice.id, USERS.bob.id].sort().join(",");
	await when(bob.presence, (state) => ids(state) === both);
	await when(alice.presence, (state) => ids(state) === both);
	await bob.presence.setStatus("away");
	await when(alice.presence, ({ users }) => users.find((user) => user.id === USERS.bob.id)?.status === "away");
	bob.close();
	await when(alice.presence, (state) => ids(state) === USERS.alice.id);
});

test("an unknown client is refused with 1008 and the connection fails without retrying", { skip }, async (t) => {
	const spy = spyWebSocket(signedIn("carol"));
	const ws = open(t, "carol", { stream: `channel:js-${run}-refused`, clients: ["chat", "nope"], WebSocket: spy.WebSocket });
	const failed = await when(ws, (value) => value.state === "failed");
	assert.equal(failed.closeCode, 1008);
	assert.equal(failed.closeReason, "Unknown client: nope");
	assert.equal(failed.error.code, "FAILED");
	assert.equal(spy.connections.length, 1);
});

test("a token is offered as a subprotocol and the server answers with ws-streams only", { skip }, async (t) => {
	const spy = spyWebSocket(signedIn("carol"));
	const ws = open(t, "carol", { stream: `channel:js-${run}-token`, clients: ["chat"], WebSocket: spy.WebSocket, token: "a.bearer-token" });
	await when(ws, (value) => value.state === "open");
	assert.deepEqual(spy.connections[0].protocols, ["ws-streams", "a.bearer-token"]);
	assert.equal(spy.connections[0].socket.protocol, "ws-streams");
});
