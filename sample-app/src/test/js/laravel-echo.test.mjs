// Laravel Echo 2 over pusher-js 8 on Node against the sample: public channels, private
// channels authorized by the sample's /pusher/auth, and whispers.
import assert from "node:assert/strict";

import { echo, notify, server, signIn, test, unique } from "./support.mjs";

/**
 * Resolves once a channel of Echo is subscribed.
 * @param {object} channel an Echo channel
 * @returns {Promise<object>} the channel
 */
function subscribed(channel) {
	return new Promise((resolve, reject) => {
		channel.subscribed(() => resolve(channel));
		channel.error((error) => reject(new Error(`subscription failed: ${JSON.stringify(error)}`)));
	});
}

/**
 * Resolves with the next event an Echo listener gets, or rejects after a timeout.
 * @param {(callback: Function) => void} listen registers the callback
 * @param {string} what the event, for the error
 * @returns {Promise<any>} the event's data
 */
function first(listen, what) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${what} within 5 s`)), 5000);
		listen((data) => {
			clearTimeout(timer);
			resolve(data);
		});
	});
}

test("channel().listen() receives the events the application triggers", async () => {
	const alice = await signIn(unique("alice"));
	const id = unique("news");
	const client = echo();
	const channel = await subscribed(client.channel(`channel-${id}`));

	// A leading dot: the event's name as triggered, without Echo's App.Events namespace.
	const received = first((callback) => channel.listen(".notification", callback), "notification");
	await notify(alice.token, id, "Deployed");

	assert.deepEqual(await received, { text: "Deployed" });
});

test("private() is authorized by the sample's /pusher/auth", async () => {
	const alice = await signIn(unique("alice"));
	const client = echo(alice.token);

	const channel = await subscribed(client.private(unique("orders")));

	assert.ok(channel.subscription.subscribed);
});

test("private().listen() receives the events Pusher's server library triggers", async () => {
	const alice = await signIn(unique("alice"));
	const name = unique("orders");
	const channel = await subscribed(echo(alice.token).private(name));

	const received = first((callback) => channel.listen(".order-shipped", callback), "order-shipped");
	await server().trigger(`private-${name}`, "order-shipped", { id: 42 });

	assert.deepEqual(await received, { id: 42 });
});

test("listen() without a leading dot gets the event Laravel broadcasts, App\\Events\\OrderShipped", async () => {
	const name = unique("orders");
	const channel = await subscribed(echo().channel(name));

	const received = first((callback) => channel.listen("OrderShipped", callback), "App\\Events\\OrderShipped");
	await server().trigger(name, "App\\Events\\OrderShipped", { id: 43 });

	assert.deepEqual(await received, { id: 43 });
});

test("private() without a session reports the endpoint's 401", async () => {
	const client = echo();

	const error = await new Promise((resolve) => client.private(unique("orders")).error(resolve));

	assert.equal(error.status, 401);
});

test("whisper() reaches listenForWhisper() of the others, not the sender", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const name = unique("chat");
	const [aliceEcho, bobEcho] = [echo(alice.token), echo(bob.token)];
	const [aliceChannel, bobChannel] = await Promise.all([
		subscribed(aliceEcho.private(name)),
		subscribed(bobEcho.private(name)),
	]);
	const aliceSaw = [];
	aliceChannel.listenForWhisper("typing", (data) => aliceSaw.push(data));

	const bobReceived = first((callback) => bobChannel.listenForWhisper("typing", callback), "whisper");
	aliceChannel.whisper("typing", { name: alice.user });
	assert.deepEqual(await bobReceived, { name: alice.user });

	const aliceReceived = first((callback) => aliceChannel.listenForWhisper("read", callback), "whisper");
	bobChannel.whisper("read", { name: bob.user });
	assert.deepEqual(await aliceReceived, { name: bob.user });
	assert.deepEqual(aliceSaw, []);
});
