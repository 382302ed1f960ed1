// pusher-js 8 on Node against the sample: /app/app-key, events the application triggers,
// private channels authorized by the sample's /pusher/auth, and client events.
import assert from "node:assert/strict";

import { connect, next, notify, signIn, subscribe, test, unique } from "./support.mjs";

test("connects to /app/app-key and gets a socket id", async () => {
	const pusher = await connect();

	assert.match(pusher.connection.socket_id, /^\d+\.\d+$/);
	assert.equal(pusher.connection.state, "connected");
});

test("a public channel receives the events the application triggers", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect();
	const id = unique("news");
	const channel = await subscribe(pusher, `channel-${id}`);

	const received = next(channel, "notification");
	await notify(alice.token, id, "Build is green");

	assert.deepEqual(await received, { text: "Build is green" });
});

test("a public channel does not receive another channel's events", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect();
	const [mine, other] = [unique("mine"), unique("other")];
	const channel = await subscribe(pusher, `channel-${mine}`);
	const seen = [];
	channel.bind("notification", (data) => seen.push(data.text));

	const received = next(channel, "notification");
	await notify(alice.token, other, "not for this channel");
	await notify(alice.token, mine, "for this channel");

	assert.deepEqual(await received, { text: "for this channel" });
	assert.deepEqual(seen, ["for this channel"]);
});

test("a private channel is authorized by the sample's /pusher/auth with the X-Auth-Token header", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect(alice.token);

	const channel = await subscribe(pusher, `private-${unique("orders")}`);

	assert.equal(channel.subscribed, true);
});

test("a private channel without a session gets a subscription error with status 401", async () => {
	const pusher = await connect();

	const channel = pusher.subscribe(`private-${unique("orders")}`);
	const error = await next(channel, "pusher:subscription_error");

	assert.equal(error.status, 401);
	assert.equal(channel.subscribed, false);
});

test("a session that ended is refused by the auth endpoint", async () => {
	const alice = await signIn(unique("alice"));
	const response = await fetch(`${process.env.SAMPLE_URL}/api/logout`, {
		method: "POST",
		headers: { "X-Auth-Token": alice.token },
	});
	assert.equal(response.status, 204);
	const pusher = await connect(alice.token);

	const error = await next(pusher.subscribe(`private-${unique("orders")}`), "pusher:subscription_error");

	assert.equal(error.status, 401);
});

test("client events reach the other subscribers of a private channel, never the sender", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const name = `private-${unique("chat")}`;
	const [alicePusher, bobPusher] = await Promise.all([connect(alice.token), connect(bob.token)]);
	const [aliceChannel, bobChannel] = await Promise.all([subscribe(alicePusher, name), subscribe(bobPusher, name)]);
	const aliceSaw = [];
	aliceChannel.bind("client-typing", (data) => aliceSaw.push(data));

	const bobReceived = next(bobChannel, "client-typing");
	assert.equal(aliceChannel.trigger("client-typing", { user: alice.user, typing: true }), true);
	const received = await bobReceived;
	assert.deepEqual(received, { user: alice.user, typing: true });

	// Bob answers after he received alice's event, which the server had by then sent to
	// every subscriber but alice: she gets bob's answer and nothing of her own.
	const aliceReceived = next(aliceChannel, "client-reply");
	bobChannel.trigger("client-reply", { to: alice.user });
	assert.deepEqual(await aliceReceived, { to: alice.user });
	assert.deepEqual(aliceSaw, []);
});
