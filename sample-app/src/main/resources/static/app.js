// The sample's page: sign in, open a channel, chat, presence, typing and notifications over
// the ws-streams JavaScript client that the starter serves. All user text goes into the page
// through textContent, never as HTML.
import { connect } from "/ws-streams/ws-streams.js";

const $ = (id) => document.getElementById(id);
const STATE_LABELS = { idle: "Not connected", connecting: "Connecting…", open: "Online",
	reconnecting: "Reconnecting…", "signed-out": "Signed out", closed: "Offline", failed: "Offline" };
const TYPING_IDLE_MS = 3000; // stop "typing" after this long without a keystroke
const TYPING_SHOWN_MS = 6000; // forget someone's "typing" if its "false" never comes

let me = null;
let ws = null;
let channelId = null;
const typists = new Map(); // user id -> timer
let typingTimer = null;

function element(tag, text, className) {
	const node = document.createElement(tag);
	if (text !== undefined) node.textContent = text;
	if (className) node.className = className;
	return node;
}

function time(ts) {
	const date = new Date(ts);
	const node = element("time", date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
	node.dateTime = date.toISOString();
	return node;
}

function notice(text) {
	$("notice").textContent = text ?? "";
	$("notice").hidden = !text;
}

function showConnection(state) {
	$("connection").dataset.state = state;
	$("connection").textContent = STATE_LABELS[state];
}

// Signing in and out

async function api(method, path, body) {
	return fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {},
		body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" });
}

function showSignedIn(user) {
	me = user;
	$("me").textContent = user;
	$("account").hidden = false;
	$("sign-in-view").hidden = true;
	$("channel-view").hidden = false;
	$("channel-id").focus();
}

function showSignedOut(message) {
	closeChannel();
	me = null;
	$("account").hidden = true;
	$("channel-view").hidden = true;
	$("sign-in-view").hidden = false;
	notice(message);
	$("name").focus();
}

$("sign-in").addEventListener("submit", async (event) => {
	event.preventDefault();
	const response = await api("POST", "/api/login", { name: $("name").value.trim() });
	if (!response.ok) return notice("Sign-in failed: use 1 to 64 letters, digits, '_', '.' or '-'.");
	notice(null);
	showSignedIn((await response.json()).user);
});

$("sign-out").addEventListener("click", async () => {
	closeChannel();
	await api("POST", "/api/logout");
	showSignedOut("Signed out.");
});

// The channel

function closeChannel() {
	ws?.close();
	ws = null;
	clearTimeout(typingTimer);
	typingTimer = null;
	typists.forEach(clearTimeout);
	typists.clear();
	$("messages").replaceChildren();
	$("notifications").replaceChildren();
	$("presence").replaceChildren();
	$("typing").textContent = "";
	$("channel").hidden = true;
	showConnection("idle");
}

$("open-channel").addEventListener("submit", (event) => {
	event.preventDefault();
	closeChannel();
	notice(null);
	channelId = $("channel-id").value.trim();
	$("chat-title").textContent = `Chat on channel ${channelId}`;
	$("status").value = "online";
	$("channel").hidden = false;
	// "?nodes=ws://localhost:8080/ws,ws://localhost:8081/ws" connects to those nodes in turn,
	// as a page would without a load balancer in front of the nodes (see the redis profile).
	const nodes = new URLSearchParams(location.search).get("nodes");
	const connection = connect({
		url: nodes ? nodes.split(",") : undefined,
		stream: `channel:${channelId}`,
		clients: ["chat", "typing", "presence", "notifications"],
		checkSession: async () => (await api("GET", "/api/me")).status !== 401,
	});
	ws = connection;
	connection.subscribe(({ state }) => connection === ws && showConnection(state));
	connection.on("state", ({ state, closeCode, closeReason }) => {
		if (state === "signed-out") showSignedOut("Your session ended. Sign in again.");
		else if (state === "failed") notice(`Disconnected: ${closeReason || closeCode}`);
	});
	connection.chat.on("message", addMessage);
	connection.chat.on("synced", (frame) => {
		if (!frame.data.recovered && $("messages").childElementCount > 0) notice("Some messages could not be recovered.");
	});
	connection.typing.on("typing", (frame) => setTyping(frame.from, frame.data.typing));
	// The presence feature keeps the users; the client sets the chosen status again after a reconnect.
	connection.presence.subscribe(({ users }) => showPresence(users));
	connection.presence.on("leave", (frame) => setTyping(frame.data.id, false));
	connection.notifications.on("message", addNotification);
	$("text").focus();
});

// Chat

function addMessage(frame) {
	const item = element("li");
	item.dataset.id = frame.id;
	item.append(time(frame.ts), element("span", frame.from ?? "app", "from"), element("span", frame.data.text, "text"));
	const list = $("messages");
	const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
	list.append(item);
	if (atBottom) list.scrollTop = list.scrollHeight;
	if (frame.from) setTyping(frame.from, false);
}

$("send").addEventListener("submit", async (event) => {
	event.preventDefault();
	const text = $("text").value;
	if (!text.trim() || !ws) return;
	$("text").value = "";
	stopTyping();
	try {
		await ws.chat.send("send", { text });
	} catch (error) {
		notice(`Message not sent (${error.code}): ${error.message}`);
		if (!$("text").value) $("text").value = text;
	}
});

// Typing

function sendTyping(typing) {
	ws?.typing.send("message", { typing }, { queue: false }).catch(() => {});
}

function stopTyping() {
	if (typingTimer === null) return;
	clearTimeout(typingTimer);
	typingTimer = null;
	sendTyping(false);
}

$("text").addEventListener("input", () => {
	if (!$("text").value) return stopTyping();
	if (typingTimer === null) sendTyping(true);
	clearTimeout(typingTimer);
	typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
});

function setTyping(user, typing) {
	clearTimeout(typists.get(user));
	typists.delete(user);
	if (typing && user !== me) typists.set(user, setTimeout(() => setTyping(user, false), TYPING_SHOWN_MS));
	const names = [...typists.keys()];
	$("typing").textContent = names.length === 0 ? ""
		: names.length === 1 ? `${names[0]} is typing…`
		: `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}

// Presence

function showPresence(users) {
	$("presence").replaceChildren(...[...users].sort((a, b) => a.id.localeCompare(b.id)).map((user) => {
		const item = element("li");
		item.dataset.user = user.id;
		item.dataset.status = user.status;
		item.append(element("span", user.id === me ? `${user.id} (you)` : user.id), element("span", ` – ${user.status}`));
		return item;
	}));
}

$("status").addEventListener("change", () => {
	ws?.presence.setStatus($("status").value).catch((error) => notice(error.message));
});

// Notifications

function addNotification(frame) {
	const item = element("li");
	item.append(time(frame.ts), element("span", frame.data.text, "text"));
	$("notifications").prepend(item);
}

// Start: signed in already?

const response = await api("GET", "/api/me");
if (response.ok) showSignedIn((await response.json()).user);
else showSignedOut();
