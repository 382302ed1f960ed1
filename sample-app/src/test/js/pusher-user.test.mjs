// User sign-in (pusher.signin()) with pusher-js 8 on Node against the sample's
// /pusher/user-auth, and what Pusher's server library does with signed-in users.
import assert from "node:assert/strict";

import { connect, next, server, signIn, test, unique } from "./support.mjs";

/**
 * Signs a pusher-js client in and resolves once the server confirmed it.
 * @param {object} pusher the client
 * @returns {Promise<object>} the user_data the server confirmed
 */
function signin(pusher) {
	const confirmed = new Promise((resolve) => {
		pusher.connection.bind("message", (message) => {
			if (message.event === "pusher:signin_success") resolve(JSON.parse(message.data.user_data));
		});
	});
	pusher.signin();
	return confirmed;
}

test("pusher.signin() signs the user of the session in", async () => {
	const alice = await signIn(unique("alice"));
	const pusher = await connect(alice.token);

	const user = await signin(pusher);

	assert.equal(user.id, alice.user);
	assert.equal(pusher.user.user_data.id, alice.user);
});

test("pusher.signin() without a session fails with the endpoint's 401", async () => {
	const pusher = await connect();

	const error = next(pusher.user, "pusher:signin_error");
	pusher.signin();

	assert.equal((await error).status, 401);
});

test("terminateUserConnections closes the user's signed-in connections", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const [alicePusher, bobPusher] = await Promise.all([connect(alice.token), connect(bob.token)]);
	await Promise.all([signin(alicePusher), signin(bobPusher)]);

	const left = new Promise((resolve) => alicePusher.connection.bind("state_change", ({ current }) => {
		if (current !== "connected") resolve(current);
	}));
	await server().terminateUserConnections(alice.user);

	assert.notEqual(await left, "connected");
	assert.equal(bobPusher.connection.state, "connected");
});

test("sendToUser reaches every signed-in connection of that user and nobody else", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const [aliceTab1, aliceTab2, bobPusher] = await Promise.all([connect(alice.token), connect(alice.token),
		connect(bob.token)]);
	await Promise.all([signin(aliceTab1), signin(aliceTab2), signin(bobPusher)]);
	const invoices = [next(aliceTab1.user, "invoice"), next(aliceTab2.user, "invoice")];
	let bobInvoiced = false;
	bobPusher.user.bind("invoice", () => { bobInvoiced = true; });
	const barrier = next(bobPusher.user, "barrier");

	await server().sendToUser(alice.user, "invoice", { total: 42 });
	await server().sendToUser(bob.user, "barrier", {});

	assert.deepEqual(await Promise.all(invoices), [{ total: 42 }, { total: 42 }]);
	await barrier;
	assert.equal(bobInvoiced, false);
});
