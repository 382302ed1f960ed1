// The client's state: stores, features by name, streams ordering and de-duplication,
// presence, pub-sub events and features of the application's own kind.
import assert from "node:assert/strict";

import { Feature, PresenceFeature, StreamsError, compareIds, mockConnection, registerFeature, test } from "./support.mjs";

function chat() {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat", "presence", "typing"], strategies: { chat: "streams" } });
	ws.mock.welcome();
	return ws;
}

const ids = (feature) => feature.messages.map((message) => message.id);

test("compareIds compares the millisecond and sequence parts as numbers", () => {
	assert.ok(compareIds("9-0", "10-0") < 0);
	assert.ok(compareIds("1-9", "1-10") < 0);
	assert.ok(compareIds("1732200000000-4", "1732200000000-4") === 0);
	assert.ok(compareIds("1732200000001-0", "1732200000000-99") > 0);
});

test("the connection and each feature follow the Svelte store contract", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat"] });
	const states = [];
	const unsubscribe = ws.subscribe((value) => states.push(value.state));
	assert.deepEqual(states, ["connecting"], "called at once with the current value");
	assert.equal(typeof unsubscribe, "function");
	ws.mock.welcome();
	assert.equal(states.at(-1), "open");
	unsubscribe();
	ws.close();
	assert.equal(states.at(-1), "open", "no call after unsubscribing");

	const values = [];
	const off = ws.chat.subscribe((value) => values.push(value));
	assert.equal(values.length, 1);
	assert.equal(values[0].name, "chat");
	assert.equal(values[0], ws.chat.state);
	off();
});

test("a store value is a new object on every change, and a subscriber can unsubscribe another", () => {
	const ws = chat();
	const seen = [];
	let offSecond = () => {};
	ws.typing.subscribe((value) => {
		seen.push(value);
		offSecond();
	});
	let second = 0;
	offSecond = ws.typing.subscribe(() => second++);
	assert.equal(second, 1);
	ws.mock.event("typing", "typing", { typing: true });
	assert.equal(second, 1, "unsubscribed by the first subscriber before its turn");
	assert.notEqual(seen.at(-1), seen.at(-2));
	assert.equal(seen.at(-1).last.data.typing, true);
	ws.close();
});

test("features are reached by name, and a name that is a member of the connection through feature()", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat", "close", "my-feature"] });
	assert.equal(ws.chat, ws.feature("chat"));
	assert.ok(ws.chat instanceof Feature);
	assert.equal(typeof ws.close, "function");
	assert.equal(ws.feature("close").name, "close");
	assert.equal(ws["my-feature"].name, "my-feature");
	assert.deepEqual(ws.features.map((feature) => feature.name), ["chat", "close", "my-feature"]);
	assert.throws(() => ws.feature("nope"), (error) => error instanceof StreamsError && error.code === "INVALID_OPTIONS");
	ws.close();
});

test("a streams feature keeps its messages ordered by id, each once, and drops what it saw already", () => {
	const ws = chat();
	ws.mock.event("chat", "message", { text: "a" }, { id: "9-0" });
	ws.mock.event("chat", "message", { text: "b" }, { id: "10-0" });
	ws.mock.event("chat", "message", { text: "b again" }, { id: "10-0" });
	ws.mock.event("chat", "message", { text: "older" }, { id: "9-5" });
	ws.mock.event("chat", "message", { text: "c" }, { id: "10-1" });
	assert.deepEqual(ids(ws.chat), ["9-0", "10-0", "10-1"]);
	assert.deepEqual(ws.chat.messages.map((message) => message.data.text), ["a", "b", "c"]);
	assert.equal(ws.chat.state.lastId, "10-1");
	ws.close();
});

test("event listeners get each message once, also across a reconnect that replays it", async () => {
	const ws = chat();
	const texts = [];
	ws.chat.on("message", (frame) => texts.push(frame.data.text));
	ws.mock.event("chat", "message", { text: "one" }, { id: "1-0" });
	ws.mock.close(1012, "Service restart");
	await ws.mock.nextSocket();
	ws.mock.welcome();
	ws.mock.event("chat", "message", { text: "one" }, { id: "1-0" });
	ws.mock.event("chat", "message", { text: "two" }, { id: "1-1" });
	ws.mock.synced("chat", { recovered: true, last: "1-1" });
	assert.deepEqual(texts, ["one", "two"]);
	assert.deepEqual(ids(ws.chat), ["1-0", "1-1"]);
	ws.close();
});

test("synced sets synced and recovered, and its last id becomes the resume point", () => {
	const ws = chat();
	assert.equal(ws.chat.state.synced, false);
	assert.equal(ws.chat.state.recovered, null);
	ws.mock.synced("chat", { recovered: false, last: "5-0" });
	assert.equal(ws.chat.state.synced, true);
	assert.equal(ws.chat.state.recovered, false);
	assert.equal(ws.chat.lastId, "5-0");
	ws.mock.event("chat", "message", { text: "old" }, { id: "4-0" });
	assert.deepEqual(ids(ws.chat), [], "not newer than the resume point");
	ws.close();
});

test("a streams feature keeps the last messageLimit messages", () => {
	const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams"], messageLimit: 3 });
	ws.mock.welcome();
	for (let i = 1; i <= 5; i++) ws.mock.event("chat", "message", { n: i }, { id: `${i}-0` });
	assert.deepEqual(ids(ws.chat), ["3-0", "4-0", "5-0"]);
	ws.close();
});

test("history loads older messages into the list, in order, without duplicates", async () => {
	const ws = chat();
	ws.mock.event("chat", "message", { text: "c" }, { id: "3-0" });
	const page = ws.chat.history({ limit: 2 });
	const request = ws.mock.lastSent("chat");
	assert.deepEqual(request, { type: "chat", action: "history", ref: request.ref, data: { before: "3-0", limit: 2 } });
	const older = [{ type: "chat", event: "message", id: "1-0", data: { text: "a" } },
		{ type: "chat", event: "message", id: "2-0", data: { text: "b" } }];
	ws.mock.reply(request, { messages: older, more: true });
	assert.deepEqual(await page, { messages: older, more: true });
	assert.deepEqual(ids(ws.chat), ["1-0", "2-0", "3-0"]);
	ws.close();
});

test("a pub-sub feature delivers events to listeners, keeps the last one and no messages", () => {
	const ws = chat();
	const all = [];
	const typing = [];
	ws.typing.on("*", (frame) => all.push(frame.event));
	const off = ws.typing.on("typing", (frame) => typing.push(frame.from));
	ws.mock.event("typing", "typing", { typing: true }, { from: "bob" });
	off();
	ws.mock.event("typing", "typing", { typing: false }, { from: "bob" });
	ws.mock.event("typing", "other", {});
	assert.deepEqual(typing, ["bob"]);
	assert.deepEqual(all, ["typing", "typing", "other"]);
	assert.equal(ws.typing.last.event, "other");
	assert.equal(ws.typing.strategy, "pub-sub");
	assert.deepEqual(ws.typing.messages, []);
	ws.close();
});

test("a listener that throws does not stop the others", (t) => {
	t.mock.method(console, "error", () => {});
	const ws = chat();
	const seen = [];
	ws.typing.on("typing", () => {
		throw new Error("listener failed");
	});
	ws.typing.on("typing", (frame) => seen.push(frame.data));
	ws.mock.event("typing", "typing", { typing: true });
	assert.deepEqual(seen, [{ typing: true }]);
	assert.equal(console.error.mock.callCount(), 1);
	ws.close();
});

test("presence keeps users from state, join, leave and update", () => {
	const ws = chat();
	assert.ok(ws.presence instanceof PresenceFeature);
	assert.deepEqual(ws.presence.users, []);
	ws.mock.event("presence", "state", { users: [{ id: "alice", status: "online", connections: 1, since: 1 },
		{ id: "bob", status: "away", connections: 2, since: 2 }] });
	ws.mock.event("presence", "join", { id: "carol", anonymous: false, status: "online", connections: 1, since: 3 });
	ws.mock.event("presence", "update", { id: "alice", status: "busy" });
	ws.mock.event("presence", "leave", { id: "bob" });
	ws.mock.event("presence", "join", { id: "carol", anonymous: false, status: "online", connections: 1, since: 3 });
	assert.deepEqual(ws.presence.users, [
		{ id: "alice", status: "busy", connections: 1, since: 1 },
		{ id: "carol", anonymous: false, status: "online", connections: 1, since: 3 },
	]);
	ws.mock.event("presence", "state", { users: [] });
	assert.deepEqual(ws.presence.users, []);
	ws.close();
});

test("setStatus sends the status action, and sets it again after a reconnect", async () => {
	const ws = chat();
	const reply = ws.presence.setStatus("away");
	const sent = ws.mock.lastSent("presence");
	assert.deepEqual(sent, { type: "presence", action: "status", ref: sent.ref, data: { status: "away" } });
	ws.mock.reply(sent, { id: "alice", status: "away" });
	assert.deepEqual((await reply).data, { id: "alice", status: "away" });
	ws.mock.close(1001, "Going away");
	await ws.mock.nextSocket();
	ws.mock.welcome();
	const again = ws.mock.lastSent("presence");
	assert.deepEqual(again.data, { status: "away" });
	assert.notEqual(again.ref, sent.ref);
	ws.close();
});

test("an application registers its own kind of feature by name, as a reducer or a class", () => {
	registerFeature("typing", {
		initial: () => ({ typists: [] }),
		reduce: (state, frame) => ({
			...state,
			typists: frame.data.typing ? [...new Set([...state.typists, frame.from])] : state.typists.filter((user) => user !== frame.from),
		}),
	});
	class Counter extends Feature {
		initialState() {
			return { count: 0 };
		}

		reduce(state) {
			return { ...state, count: state.count + 1 };
		}
	}
	const ws = mockConnection({ stream: "channel:1", clients: ["typing", "counter"], features: { counter: Counter } });
	ws.mock.welcome();
	assert.deepEqual(ws.typing.state.typists, []);
	ws.mock.event("typing", "typing", { typing: true }, { from: "bob" });
	ws.mock.event("typing", "typing", { typing: true }, { from: "carol" });
	ws.mock.event("typing", "typing", { typing: false }, { from: "bob" });
	assert.deepEqual(ws.typing.state.typists, ["carol"]);
	assert.equal(ws.typing.last.from, "bob", "the built-in part of the state is kept");
	ws.mock.event("counter", "tick", {});
	ws.mock.event("counter", "tick", {});
	assert.ok(ws.counter instanceof Counter);
	assert.equal(ws.counter.state.count, 2);
	ws.close();
	registerFeature("typing", Feature);
});

test("registerFeature and connect refuse names that are not feature names", () => {
	for (const name of ["Chat", "1chat", "welcome", "pong", "x".repeat(33)]) {
		assert.throws(() => registerFeature(name, Feature), { code: "INVALID_OPTIONS" }, name);
	}
	assert.throws(() => mockConnection({ stream: "channel:1", clients: ["Chat"] }), { code: "INVALID_OPTIONS" });
	assert.throws(() => mockConnection({ stream: "channel:1", clients: [] }), { code: "INVALID_OPTIONS" });
	assert.throws(() => mockConnection({ clients: ["chat"] }), { code: "INVALID_OPTIONS" });
});
