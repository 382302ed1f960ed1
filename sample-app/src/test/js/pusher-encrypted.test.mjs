// End-to-end encrypted channels (private-encrypted-) with pusher-js 8 on Node against the
// sample: Pusher's server library encrypts with the channel's key, derived from the app's
// master key; pusher-js decrypts with the shared_secret of the sample's /pusher/auth; in
// between, the server relays only the nonce and the ciphertext.
import assert from "node:assert/strict";

import { HOST, PORT, SAMPLE_URL, connect, next, server, signIn, subscribe, test, unique } from "./support.mjs";

/**
 * A WebSocket that speaks Pusher's protocol by hand, subscribed to a channel with an
 * authorization from the sample, and the messages it receives.
 * @param {string} token the session's X-Auth-Token
 * @param {string} channel the channel
 * @returns {Promise<{socket: WebSocket, messages: object[]}>} once subscribed
 */
async function rawSubscriber(token, channel) {
	const socket = new WebSocket(`ws://${HOST}:${PORT}/app/app-key?protocol=7&client=js&version=8.6.0`);
	const messages = [];
	const established = new Promise((resolve, reject) => {
		socket.addEventListener("error", () => reject(new Error("the socket failed")));
		socket.addEventListener("message", (event) => {
			const message = JSON.parse(event.data);
			messages.push(message);
			if (message.event === "pusher:connection_established") resolve(JSON.parse(message.data).socket_id);
		});
	});
	const socketId = await established;
	const response = await fetch(`${SAMPLE_URL}/pusher/auth`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Token": token },
		body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
	});
	assert.equal(response.status, 200);
	const { auth } = await response.json();
	socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
	await receivedMessage(messages, (message) => message.event === "pusher_internal:subscription_succeeded");
	return { socket, messages };
}

/**
 * Resolves with the first message that matches, checking every 20 ms, or rejects after a timeout.
 * @param {object[]} messages the messages received so far, and later
 * @param {(message: object) => boolean} matcher the condition
 * @param {number} [timeoutMs=5000] how long to wait
 * @returns {Promise<object>} the message
 */
function receivedMessage(messages, matcher, timeoutMs = 5000) {
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + timeoutMs;
		const check = () => {
			const found = messages.find(matcher);
			if (found) resolve(found);
			else if (Date.now() > deadline) reject(new Error(`no such message within ${timeoutMs} ms`));
			else setTimeout(check, 20);
		};
		check();
	});
}

test("pusher-js decrypts what the server library encrypted for an encrypted channel", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect(alice.token);
	const channel = await subscribe(pusher, `private-encrypted-${unique("vault")}`);

	const received = next(channel, "secret");
	await server().trigger(channel.name, "secret", { code: "0451" });

	assert.deepEqual(await received, { code: "0451" });
});

test("the server relays only the nonce and the ciphertext", async () => {
	const alice = await signIn(unique("alice"));
	const name = `private-encrypted-${unique("vault")}`;
	const raw = await rawSubscriber(alice.token, name);
	try {
		await server().trigger(name, "secret", { code: "plain-0451" });

		const event = await receivedMessage(raw.messages, (message) => message.event === "secret");
		const data = JSON.parse(event.data);
		assert.deepEqual(Object.keys(data).sort(), ["ciphertext", "nonce"]);
		assert.ok(!event.data.includes("plain-0451"));
	}
	finally {
		raw.socket.close();
	}
});

test("each encrypted channel has a 32-byte key of its own", async () => {
	const alice = await signIn(unique("alice"));
	const response = await Promise.all(["a", "b"].map((suffix) => fetch(`${SAMPLE_URL}/pusher/auth`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Token": alice.token },
		body: new URLSearchParams({ socket_id: "1.2", channel_name: `private-encrypted-${suffix}` }),
	}).then((answer) => answer.json())));

	assert.notEqual(response[0].shared_secret, response[1].shared_secret);
	assert.equal(Buffer.from(response[0].shared_secret, "base64").length, 32);
});

test("pusher-js refuses client events on an encrypted channel, as Pusher documents", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect(alice.token);
	const channel = await subscribe(pusher, `private-encrypted-${unique("vault")}`);

	assert.throws(() => channel.trigger("client-secret", { code: "0451" }), /not currently supported/);
});

test("the server refuses a client event on an encrypted channel, whose data it cannot seal", async () => {
	const alice = await signIn(unique("alice"));
	const name = `private-encrypted-${unique("vault")}`;
	const raw = await rawSubscriber(alice.token, name);
	try {
		raw.socket.send(JSON.stringify({ event: "client-secret", channel: name, data: { code: "0451" } }));

		const error = await receivedMessage(raw.messages, (message) => message.event === "pusher:error");
		assert.match(JSON.stringify(error.data), /encrypted/i);
	}
	finally {
		raw.socket.close();
	}
});
