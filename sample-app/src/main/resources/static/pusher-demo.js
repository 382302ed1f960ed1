// The sample's Pusher demo: pusher-js 8, unmodified, against the sample's own /app/app-key.
// Signed in on the sample's page (the SESSION cookie), a room is three channels: the
// presence channel presence-room-{id} lists who is in it, the private channel
// private-chat-{id} carries the chat as client events, and the public channel channel-{id}
// gets the notifications posted to /api/channels/{id}/notifications. All user text goes
// into the page through textContent, never as HTML.
const $ = (id) => document.getElementById(id);

let me = null;
let client = null; // pusher-js
let room = null; // { id, presence, chat, news }

function element(tag, text) {
	const node = document.createElement(tag);
	node.textContent = text;
	return node;
}

function notice(text) {
	$("notice").textContent = text ?? "";
	$("notice").hidden = !text;
}

// pusher-js for a page served by the application itself, as docs/pusher.md configures it.
function connectPusher() {
	const pusher = new Pusher("app-key", {
		cluster: "unused", // pusher-js requires one; ws-streams ignores it
		wsHost: location.hostname,
		wsPort: Number(location.port || 80),
		wssPort: Number(location.port || 443),
		forceTLS: location.protocol === "https:",
		enabledTransports: ["ws", "wss"],
		channelAuthorization: { endpoint: "/pusher/auth", transport: "ajax" },
		userAuthentication: { endpoint: "/pusher/user-auth", transport: "ajax" },
	});
	pusher.connection.bind("state_change", ({ current }) => {
		$("connection").dataset.state = current;
		$("connection").textContent = current === "connected" ? "Online" : current;
	});
	return pusher;
}

function showMembers() {
	const list = $("members");
	list.replaceChildren();
	room.presence.members.each((member) => {
		const item = element("li", member.info?.name ?? member.id);
		item.dataset.user = member.id;
		list.append(item);
	});
}

function showMessage(user, text) {
	const item = document.createElement("li");
	item.append(element("strong", user), " ", element("span", text));
	item.querySelector("span").className = "text";
	$("messages").append(item);
}

function closeRoom() {
	if (!room) return;
	for (const channel of [room.presence, room.chat, room.news]) client.unsubscribe(channel.name);
	room = null;
}

function openRoom(id) {
	closeRoom();
	delete $("room").dataset.chat;
	$("messages").replaceChildren();
	$("members").replaceChildren();
	$("notifications").replaceChildren();
	room = {
		id,
		presence: client.subscribe(`presence-room-${id}`),
		chat: client.subscribe(`private-chat-${id}`),
		news: client.subscribe(`channel-${id}`),
	};
	$("chat-channel").textContent = room.chat.name;
	for (const event of ["pusher:subscription_succeeded", "pusher:member_added", "pusher:member_removed"]) {
		room.presence.bind(event, showMembers);
	}
	room.chat.bind("pusher:subscription_succeeded", () => { $("room").dataset.chat = "subscribed"; });
	// The name is the sender's own claim: client events on a private channel carry no user id
	// (on a presence channel, pusher-js hands the server's user_id to the callback).
	room.chat.bind("client-message", (data) => showMessage(data.user, data.text));
	room.news.bind("notification", (data) => $("notifications").append(element("li", data.text)));
	for (const channel of [room.presence, room.chat, room.news]) {
		channel.bind("pusher:subscription_error", (error) =>
			notice(`Could not join ${channel.name}: ${error.status ?? error.error ?? "refused"}`));
	}
	$("room").hidden = false;
	$("text").focus();
}

$("open-room").addEventListener("submit", (event) => {
	event.preventDefault();
	if ($("room-id").checkValidity()) openRoom($("room-id").value);
});

$("send").addEventListener("submit", (event) => {
	event.preventDefault();
	const text = $("text").value;
	if (!room || !text || !room.chat.subscribed) return;
	// Client events never come back to their sender: the page shows its own message itself.
	room.chat.trigger("client-message", { user: me, text });
	showMessage(me, text);
	$("text").value = "";
});

const response = await fetch("/api/me", { credentials: "same-origin" });
if (typeof Pusher === "undefined") {
	// Served from node_modules by the build: see the README's sample section.
	notice("pusher-js is missing: build the sample where npm is installed.");
}
else if (response.ok) {
	me = (await response.json()).user;
	$("me").textContent = me;
	$("account").hidden = false;
	$("room-view").hidden = false;
	client = connectPusher();
	$("room-id").focus();
}
else {
	$("sign-in-view").hidden = false;
}
