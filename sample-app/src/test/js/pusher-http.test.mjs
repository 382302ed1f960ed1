// Pusher's Node server library against the sample's HTTP API (/apps/app-id/...), with
// pusher-js and Laravel Echo receiving what it triggers.
import assert from "node:assert/strict";

import PusherServer from "pusher";

import { HOST, PORT, connect, next, server, signIn, subscribe, test, unique } from "./support.mjs";

test("an event triggered through the HTTP API reaches a public channel", async () => {
	const pusher = await connect();
	const name = unique("orders");
	const channel = await subscribe(pusher, name);

	const received = next(channel, "order-shipped");
	const response = await server().trigger(name, "order-shipped", { id: 42 });

	assert.equal(response.status, 200);
	assert.deepEqual(await received, { id: 42 });
});

test("an event triggered through the HTTP API reaches a private channel", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect(alice.token);
	const channel = await subscribe(pusher, `private-${unique("orders")}`);

	const received = next(channel, "order-shipped");
	await server().trigger(channel.name, "order-shipped", { id: 7 });

	assert.deepEqual(await received, { id: 7 });
});

test("the socket_id of a trigger leaves that socket out", async () => {
	const [first, second] = await Promise.all([connect(), connect()]);
	const name = unique("orders");
	const [left, kept] = await Promise.all([subscribe(first, name), subscribe(second, name)]);
	const leftSaw = [];
	left.bind("order-shipped", (data) => leftSaw.push(data));

	const received = next(kept, "order-shipped");
	await server().trigger(name, "order-shipped", { id: 1 }, { socket_id: first.connection.socket_id });
	assert.deepEqual(await received, { id: 1 });

	// The next event reaches both: the first one was never on its way to the socket left out.
	const both = [next(left, "order-cancelled"), next(kept, "order-cancelled")];
	await server().trigger(name, "order-cancelled", { id: 1 });
	await Promise.all(both);
	assert.deepEqual(leftSaw, []);
});

test("one trigger reaches several channels", async () => {
	const pusher = await connect();
	const [a, b] = await Promise.all([subscribe(pusher, unique("a")), subscribe(pusher, unique("b"))]);

	const received = [next(a, "tick"), next(b, "tick")];
	await server().trigger([a.name, b.name], "tick", { n: 1 });

	assert.deepEqual(await Promise.all(received), [{ n: 1 }, { n: 1 }]);
});

test("a batch of events reaches each channel", async () => {
	const pusher = await connect();
	const [a, b] = await Promise.all([subscribe(pusher, unique("a")), subscribe(pusher, unique("b"))]);

	const received = [next(a, "first"), next(b, "second")];
	await server().triggerBatch([
		{ channel: a.name, name: "first", data: { n: 1 } },
		{ channel: b.name, name: "second", data: { n: 2 } },
	]);

	assert.deepEqual(await Promise.all(received), [{ n: 1 }, { n: 2 }]);
});

test("a request signed with another secret is refused with 401", async () => {
	const forged = new PusherServer({ appId: "app-id", key: "app-key", secret: "not-the-secret", host: HOST,
		port: PORT, useTLS: false });

	await assert.rejects(forged.trigger(unique("orders"), "order-shipped", {}), (error) => error.status === 401);
});
