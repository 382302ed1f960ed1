// Presence channels with pusher-js 8 and Laravel Echo 2 on Node against the sample: members
// are users, not sockets, so two tabs of one user make one member, added once and removed
// once, when the last tab leaves.
import assert from "node:assert/strict";

import { connect, echo, next, signIn, subscribe, subscribers, test, unique, until } from "./support.mjs";

/**
 * The ids of a presence channel's members, sorted.
 * @param {object} channel a pusher-js presence channel
 * @returns {string[]} the ids
 */
function memberIds(channel) {
	const ids = [];
	channel.members.each((member) => ids.push(member.id));
	return ids.sort();
}

test("members are users: two tabs of one user are one member, added once and removed once", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const name = `presence-${unique("room")}`;
	const bobPusher = await connect(bob.token);
	const bobChannel = await subscribe(bobPusher, name);
	const added = [];
	const removed = [];
	bobChannel.bind("pusher:member_added", (member) => added.push(member.id));
	bobChannel.bind("pusher:member_removed", (member) => removed.push(member.id));
	assert.deepEqual(memberIds(bobChannel), [bob.user]);
	assert.equal(bobChannel.members.me.id, bob.user);

	// Alice's first tab joins: bob sees her, with the name the sample gives as user_info.
	const firstTab = await connect(alice.token);
	const aliceAdded = next(bobChannel, "pusher:member_added");
	const firstChannel = await subscribe(firstTab, name);
	assert.equal((await aliceAdded).info.name, alice.user);
	assert.deepEqual(memberIds(firstChannel), [alice.user, bob.user].sort());
	assert.equal(firstChannel.members.me.id, alice.user);

	// Her second tab joins: one more socket, the same member.
	const secondTab = await connect(alice.token);
	const secondChannel = await subscribe(secondTab, name);
	assert.deepEqual(memberIds(secondChannel), [alice.user, bob.user].sort());
	assert.equal(secondChannel.members.count, 2);
	await until(async () => (await subscribers(name)) === 3, "3 subscriptions");

	// One tab closes: alice is still there.
	firstTab.disconnect();
	await until(async () => (await subscribers(name)) === 2, "2 subscriptions");
	assert.deepEqual(removed, []);

	// The last one closes: alice leaves, once.
	const aliceRemoved = next(bobChannel, "pusher:member_removed");
	secondTab.disconnect();
	assert.equal((await aliceRemoved).id, alice.user);
	assert.deepEqual(added, [alice.user]);
	assert.deepEqual(removed, [alice.user]);
	assert.deepEqual(memberIds(bobChannel), [bob.user]);
});

test("a member gets the others in subscription_succeeded, and client events carry the sender's user_id", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const name = `presence-${unique("room")}`;
	const [alicePusher, bobPusher] = await Promise.all([connect(alice.token), connect(bob.token)]);
	const aliceChannel = await subscribe(alicePusher, name);
	const bobChannel = await subscribe(bobPusher, name);

	assert.deepEqual(memberIds(bobChannel), [alice.user, bob.user].sort());
	const received = new Promise((resolve) =>
		aliceChannel.bind("client-wave", (data, metadata) => resolve({ data, metadata })));
	bobChannel.trigger("client-wave", { hello: true });
	const { data, metadata } = await received;
	assert.deepEqual(data, { hello: true });
	assert.equal(metadata.user_id, bob.user);
});

test("Laravel Echo's join() calls here, joining and leaving once per user", async () => {
	const [alice, bob] = await Promise.all([signIn(unique("alice")), signIn(unique("bob"))]);
	const room = unique("room");
	const joining = [];
	const leaving = [];
	const here = await new Promise((resolve) => {
		echo(bob.token).join(room).here(resolve)
			.joining((user) => joining.push(user.name))
			.leaving((user) => leaving.push(user.name));
	});
	assert.deepEqual(here.map((user) => user.name), [bob.user]);

	const firstTab = echo(alice.token);
	const secondTab = echo(alice.token);
	const [first, second] = await Promise.all([
		new Promise((resolve) => firstTab.join(room).here(resolve)),
		new Promise((resolve) => secondTab.join(room).here(resolve)),
	]);
	assert.deepEqual(first.map((user) => user.name).sort(), [alice.user, bob.user].sort());
	assert.deepEqual(second.map((user) => user.name).sort(), [alice.user, bob.user].sort());
	await until(() => joining.length === 1, "alice joining");

	firstTab.disconnect();
	await until(async () => (await subscribers(`presence-${room}`)) === 2, "2 subscriptions");
	assert.deepEqual(leaving, []);
	secondTab.disconnect();
	await until(() => leaving.length === 1, "alice leaving");
	assert.deepEqual(joining, [alice.user]);
	assert.deepEqual(leaving, [alice.user]);
});
