/**
 * The ws-streams JavaScript client: one stream over one WebSocket, with its features as
 * objects. An ES module without dependencies and without a build step, served by every
 * application with the starter at `/ws-streams/ws-streams.js` (types at
 * `/ws-streams/ws-streams.d.ts`). It runs in browsers, in workers and in Node 20 or later
 * (with `--experimental-websocket` on Node 20 and 21, or a `WebSocket` option).
 *
 * The connection and each feature are stores with the Svelte store contract
 * (`subscribe(fn)` calls `fn` at once with the current value and on every change, and returns
 * a function that unsubscribes), so `$chat.messages` works in Svelte; elsewhere subscribe or
 * listen with `on(event, fn)`.
 *
 * @example
 * import { connect } from "/ws-streams/ws-streams.js";
 *
 * const ws = connect({ stream: "channel:1", clients: ["chat", "presence"] });
 * ws.chat.on("message", (frame) => console.log(frame.from, frame.data.text));
 * ws.presence.subscribe(({ users }) => console.log(users.map((user) => user.id)));
 * ws.subscribe(({ state, delay }) => console.log(state, delay));
 * const reply = await ws.chat.send("send", { text: "Hello" }); // reply.id: the message's id
 *
 * @module ws-streams
 */

/** The options' defaults; see {@link connect}. */
export const DEFAULTS = Object.freeze({
	path: "/ws",
	baseDelayMs: 500,
	maxDelayMs: 30000,
	stableMs: 10000,
	laterDelayMs: 10000,
	maxAttempts: Infinity,
	connectTimeoutMs: 10000,
	pongTimeoutMs: 10000,
	replyTimeoutMs: 10000,
	queueLimit: 100,
	messageLimit: 1000,
});

/** The subprotocol that marks a ws-streams client; a token is offered next to it. */
export const PROTOCOL = "ws-streams";

const FEATURE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const RESERVED_NAMES = new Set(["welcome", "reply", "error", "ping", "pong", "system"]);
const FINAL_CODES = new Set([1008, 4403]);
const FRAME_TOO_LARGE = 1009;
const SESSION_ENDED = 4401;
const TOO_MANY_CONNECTIONS = 4429;
const SOCKET_OPEN = 1;
const ACTIVE_STATES = new Set(["connecting", "open", "reconnecting"]);
const STOPPED_CODES = { closed: "CLOSED", failed: "FAILED", "signed-out": "SIGNED_OUT" };

// Called by a connection on its features, and not part of their public API.
const WELCOME = Symbol("welcome");
const RECEIVE = Symbol("receive");

/**
 * An error of the client: a rejected send, or a connection that stopped. `code` is the
 * protocol's error code from an `error` frame (`VALIDATION_FAILED`, `FORBIDDEN`, …) or one of
 * the client's own: `TIMEOUT` (no answer within `replyTimeoutMs`), `CONNECTION_LOST` (sent,
 * but the socket closed before the answer: the frame may have been handled), `FRAME_TOO_LARGE`
 * (the server closed the socket with 1009 right after this frame: it is not sent again),
 * `QUEUE_FULL`, `OFFLINE`, `INVALID_MESSAGE` (the data cannot be written as JSON), `CLOSED`,
 * `FAILED`, `SIGNED_OUT` (the connection stopped) and `INVALID_OPTIONS`.
 */
export class StreamsError extends Error {
	/**
	 * @param {string} code the error code
	 * @param {string} message a message for people
	 * @param {object} [more]
	 * @param {Array<{field: string, message: string}>} [more.details] failed fields, for `VALIDATION_FAILED`
	 * @param {number} [more.closeCode] the close code that stopped the connection
	 * @param {string} [more.closeReason] its reason
	 */
	constructor(code, message, { details = [], closeCode, closeReason } = {}) {
		super(message);
		this.name = "StreamsError";
		/** @type {string} */
		this.code = code;
		/** @type {Array<{field: string, message: string}>} */
		this.details = details;
		if (closeCode !== undefined) this.closeCode = closeCode;
		if (closeReason !== undefined) this.closeReason = closeReason;
	}
}

/**
 * Compares two stream ids `<epochMillis>-<seq>` numerically.
 * @param {string} a an id
 * @param {string} b an id
 * @returns {number} negative, zero or positive as a is before, equal to or after b
 */
export function compareIds(a, b) {
	const [am, as = 0] = a.split("-").map(Number);
	const [bm, bs = 0] = b.split("-").map(Number);
	return am !== bm ? am - bm : as - bs;
}

/** A value with subscribers, as the Svelte store contract has it. */
class Store {
	#value;
	#subscribers = new Set();

	constructor(value) {
		this.#value = value;
	}

	get value() {
		return this.#value;
	}

	set(value) {
		this.#value = value;
		for (const subscriber of [...this.#subscribers]) {
			if (this.#subscribers.has(subscriber)) guarded(subscriber.fn, value);
		}
	}

	subscribe(fn) {
		const subscriber = { fn };
		this.#subscribers.add(subscriber);
		guarded(fn, this.#value);
		return () => this.#subscribers.delete(subscriber);
	}
}

/** Listeners by event name; `*` listens to all. */
class Listeners {
	#listeners = new Map();

	on(event, fn) {
		if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
		const listener = { fn };
		this.#listeners.get(event).add(listener);
		return () => this.#listeners.get(event).delete(listener);
	}

	emit(event, payload) {
		for (const key of [event, "*"]) {
			for (const listener of [...(this.#listeners.get(key) ?? [])]) guarded(listener.fn, payload);
		}
	}
}

function guarded(fn, value) {
	try {
		fn(value);
	} catch (error) {
		console.error(error);
	}
}

function utf8Length(text) {
	if (typeof text !== "string") return text?.byteLength ?? text?.size ?? 0;
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/**
 * Merges messages into an ordered list without duplicates.
 * @param {object[]} messages the list, ordered by id
 * @param {object[]} more messages to add, in any order
 * @returns {object[]} a new list, ordered by id, each id once
 */
function mergeMessages(messages, more) {
	const byId = new Map(messages.map((message) => [message.id, message]));
	for (const message of more) if (message?.id && !byId.has(message.id)) byId.set(message.id, message);
	return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}

/**
 * A feature of a connection, such as `ws.chat`: its state as a store, its events, and sends
 * to it. This class serves every feature that no kind is registered for; its state is
 * `{name, strategy, last, messages, synced, recovered, lastId}`:
 * - `last`: the last event frame received;
 * - for a `streams` feature, `messages`: the event frames that carry an id, ordered by id, each
 *   once, the last `messageLimit` of them (older ones that {@link Feature#history} loads are
 *   added in order); `synced`/`recovered`: from the `synced` event after each (re)connect
 *   (`recovered: false` means messages were missed for good); `lastId`: the resume point sent
 *   as `since` on reconnect. A `pub-sub` feature keeps `messages` empty.
 *
 * A kind of feature of the application's own extends this class and overrides
 * {@link Feature#initialState} and {@link Feature#reduce}, or is a `{initial, reduce}` object
 * (see {@link registerFeature}).
 */
export class Feature {
	#store;
	#listeners = new Listeners();
	#lastId = null;

	/**
	 * Created by the connection; use {@link Connection#feature}.
	 * @param {Connection} connection the connection
	 * @param {string} name the feature's name
	 * @param {string|null} [strategy] its strategy when known before the welcome
	 */
	constructor(connection, name, strategy = null) {
		/** The connection. @type {Connection} */
		this.connection = connection;
		/** The feature's name. @type {string} */
		this.name = name;
		this.#store = new Store({
			...this.initialState(),
			name, strategy, last: null, messages: [], synced: false, recovered: null, lastId: null,
		});
	}

	/**
	 * The application's part of the state before any frame; `{}` here.
	 * @returns {object} the initial state
	 */
	initialState() {
		return {};
	}

	/**
	 * Computes the state after an event frame; returns the state unchanged here. It receives
	 * the state in which `last`, `messages`, `synced`, `recovered` and `lastId` already reflect
	 * the frame, and must not change it in place.
	 * @param {object} state the state
	 * @param {object} frame the event frame
	 * @returns {object} the new state
	 */
	reduce(state, frame) {
		return state;
	}

	/**
	 * Called after every welcome; does nothing here.
	 * @param {object} welcome the welcome frame's data
	 */
	welcomed(welcome) {}

	/** The current state. @type {object} */
	get state() {
		return this.#store.value;
	}

	/** The feature's strategy (`streams`, `pub-sub`), known after the first welcome. @type {string|null} */
	get strategy() {
		return this.state.strategy;
	}

	/** The ordered messages of a `streams` feature. @type {object[]} */
	get messages() {
		return this.state.messages;
	}

	/** The last event frame received. @type {object|null} */
	get last() {
		return this.state.last;
	}

	/**
	 * Subscribes to the state (Svelte store contract).
	 * @param {(state: object) => void} fn called at once and after every change
	 * @returns {() => void} unsubscribes
	 */
	subscribe(fn) {
		return this.#store.subscribe(fn);
	}

	/**
	 * Listens to the feature's events.
	 * @param {string} event an event such as `message` or `synced`, or `*` for all
	 * @param {(frame: object) => void} fn called with the whole frame
	 * @returns {() => void} removes the listener
	 */
	on(event, fn) {
		return this.#listeners.on(event, fn);
	}

	/**
	 * Sends an action to the feature and waits for its answer (see {@link Connection#send}).
	 * @param {string} [action="message"] the action
	 * @param {*} [data] the action's input
	 * @param {SendOptions} [options]
	 * @returns {Promise<object>} the `reply` frame (`data`, and `id` for a `streams` append)
	 */
	send(action = "message", data = undefined, options = undefined) {
		return this.connection.send(this.name, action, data, options);
	}

	/**
	 * Sends data with the default action `message`.
	 * @param {*} data the data
	 * @param {SendOptions} [options]
	 * @returns {Promise<object>} the `reply` frame
	 */
	publish(data, options = undefined) {
		return this.send("message", data, options);
	}

	/**
	 * Loads older messages of a `streams` feature (the reserved action `history`) and adds them
	 * to `messages`, in order.
	 * @param {object} [page]
	 * @param {string} [page.before] the id to load messages before; default the oldest held
	 * @param {number} [page.limit=50] how many at most
	 * @returns {Promise<{messages: object[], more: boolean}>} the page, as the server sent it
	 */
	async history({ before = this.messages[0]?.id, limit = 50 } = {}) {
		const reply = await this.send("history", before ? { before, limit } : { limit });
		const page = { messages: reply.data?.messages ?? [], more: Boolean(reply.data?.more) };
		this.#store.set({ ...this.state, messages: mergeMessages(this.messages, page.messages) });
		return page;
	}

	/** The resume point, or null. @type {string|null} */
	get lastId() {
		return this.#lastId;
	}

	[WELCOME](strategy, welcome) {
		if (strategy) this.#store.set({ ...this.state, strategy, synced: false });
		this.welcomed(welcome);
	}

	[RECEIVE](frame) {
		let state = this.state;
		if (state.strategy === "streams") {
			if (frame.event === "synced") {
				const last = frame.data?.last;
				if (last && (!this.#lastId || compareIds(last, this.#lastId) > 0)) this.#lastId = last;
				state = { ...state, synced: true, recovered: frame.data?.recovered ?? null };
			} else if (typeof frame.id === "string") {
				if (this.#lastId && compareIds(frame.id, this.#lastId) <= 0) return; // seen already
				this.#lastId = frame.id;
				const limit = this.connection.options.messageLimit;
				state = { ...state, messages: [...state.messages, frame].slice(-limit) };
			}
			state = { ...state, lastId: this.#lastId };
		}
		this.#store.set(this.reduce({ ...state, last: frame }, frame));
		this.#listeners.emit(frame.event, frame);
	}
}

/**
 * The built-in `presence` feature: `users` (`[{id, status, connections, since}]`) from the
 * `state`, `join`, `leave` and `update` events, in the order they came; and `setStatus`. The
 * status set last is set again after every reconnect (a new connection starts `online`).
 */
export class PresenceFeature extends Feature {
	#status = null;

	/** @returns {{users: object[]}} no users */
	initialState() {
		return { users: [] };
	}

	/**
	 * @param {object} state the state
	 * @param {object} frame a presence event
	 * @returns {object} the state with the users after the event
	 */
	reduce(state, frame) {
		const data = frame.data ?? {};
		const others = () => state.users.filter((user) => user.id !== data.id);
		switch (frame.event) {
			case "state": return { ...state, users: [...(data.users ?? [])] };
			case "join": return { ...state, users: [...others(), data] };
			case "leave": return { ...state, users: others() };
			case "update": return { ...state, users: state.users.map((user) => user.id === data.id ? { ...user, ...data } : user) };
			default: return state;
		}
	}

	/** The users on the stream. @type {object[]} */
	get users() {
		return this.state.users;
	}

	/**
	 * Changes this user's status on the stream (the action `status`).
	 * @param {string} status such as `online`, `away`, `busy`, or a short status of your own
	 * @returns {Promise<object>} the `reply` frame, whose data is the user after the change
	 */
	setStatus(status) {
		this.#status = status;
		return this.send("status", { status });
	}

	/** Sets the status chosen before again on a new connection. @param {object} welcome the welcome's data */
	welcomed(welcome) {
		if (this.#status && this.#status !== "online") this.send("status", { status: this.#status }).catch(() => {});
	}
}

const kinds = new Map([["presence", PresenceFeature]]);

/**
 * Registers the kind of a feature by the feature's name, for every connection created after:
 * a class that extends {@link Feature}, or an object `{initial?(): object, reduce?(state,
 * frame): object}` whose `reduce` is applied after the built-in handling. `presence` is
 * registered as {@link PresenceFeature}; the `features` option of {@link connect} does the
 * same for one connection.
 * @param {string} name the feature's name
 * @param {FeatureKind} kind its kind
 */
export function registerFeature(name, kind) {
	kinds.set(checkName(name), kind);
}

function checkName(name) {
	if (!FEATURE_NAME.test(name) || RESERVED_NAMES.has(name)) {
		throw new StreamsError("INVALID_OPTIONS", `Not a feature name: ${name}`);
	}
	return name;
}

function createFeature(connection, name, strategy, kind = Feature) {
	if (typeof kind === "function") return new kind(connection, name, strategy);
	const ofKind = class extends Feature {
		initialState() {
			return kind.initial?.() ?? {};
		}

		reduce(state, frame) {
			return kind.reduce ? kind.reduce(state, frame) : state;
		}
	};
	return new ofKind(connection, name, strategy);
}

/**
 * One connection to one stream, created by {@link connect}. A feature is reached as a
 * property of its name (`ws.chat`) unless the name is one of the connection's own members,
 * and always as `ws.feature(name)`.
 *
 * Its store value is `{state, stream, delay, attempt, reconnects, welcome, user,
 * connectionId, closeCode, closeReason, error, openedAt}`, where `state` is:
 * - `idle`: created, not opened yet;
 * - `connecting`: the first attempt, before the welcome;
 * - `open`: welcomed;
 * - `reconnecting`: waiting `delay` ms before the next attempt (`delay` is null during the attempt);
 * - `signed-out`: the session ended (4401, or `checkSession` answered false); sign in, then `open()`;
 * - `closed`: closed by {@link Connection#close};
 * - `failed`: gave up: 1008, 4403, or `maxAttempts` attempts in a row without a welcome.
 */
export class Connection {
	#store;
	#listeners = new Listeners();
	#features = new Map();
	#WebSocket;
	#socket = null;
	#welcomed = false;
	#generation = 0;
	#pending = new Map();
	#queue = [];
	#timers = {};
	#nextRef = 0;
	#backoff = 0;
	#failures = 0;
	#urlIndex = 0;
	#stats = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
	#onBrowserOnline = () => this.reconnect();

	/**
	 * Validates the options; {@link connect} creates and opens a connection.
	 * @param {ConnectOptions} options
	 */
	constructor(options) {
		if (!options || typeof options.stream !== "string" || !options.stream) {
			throw new StreamsError("INVALID_OPTIONS", "The stream option is required, such as stream: \"channel:1\"");
		}
		if (!Array.isArray(options.clients) || options.clients.length === 0) {
			throw new StreamsError("INVALID_OPTIONS", "The clients option lists the features, such as clients: [\"chat\"]");
		}
		/** The options, with their defaults. @type {Required<ConnectOptions>} */
		this.options = { ...DEFAULTS, ...withoutUndefined(options) };
		this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
		if (typeof this.#WebSocket !== "function") {
			throw new StreamsError("INVALID_OPTIONS", "No WebSocket here: pass the WebSocket option "
				+ "(on Node 20 and 21, or run node with --experimental-websocket)");
		}
		if (options.url === undefined && typeof globalThis.location?.host !== "string") {
			throw new StreamsError("INVALID_OPTIONS", "The url option is required where there is no page location, "
				+ "such as url: \"ws://localhost:8080/ws\"");
		}
		for (const client of options.clients) {
			const [name, strategy = null] = String(client).split(":");
			const kind = options.features?.[name] ?? kinds.get(checkName(name));
			const feature = createFeature(this, name, strategy, kind);
			this.#features.set(name, feature);
			if (!(name in this)) Object.defineProperty(this, name, { value: feature, enumerable: true });
		}
		this.#store = new Store({
			state: "idle", stream: options.stream, delay: null, attempt: 0, reconnects: 0, welcome: null, user: null,
			connectionId: null, closeCode: null, closeReason: null, error: null, openedAt: null,
		});
	}

	/** The current store value. @type {ConnectionValue} */
	get value() {
		return this.#store.value;
	}

	/** The connection's state (`connecting`, `open`, …). @type {string} */
	get state() {
		return this.value.state;
	}

	/**
	 * A feature by name.
	 * @param {string} name the feature's name
	 * @returns {Feature} the feature
	 * @throws {StreamsError} `INVALID_OPTIONS` when the connection did not select it
	 */
	feature(name) {
		const feature = this.#features.get(name);
		if (!feature) throw new StreamsError("INVALID_OPTIONS", `Feature ${name} is not one of this connection's clients`);
		return feature;
	}

	/** The connection's features, in the order of the clients option. @type {Feature[]} */
	get features() {
		return [...this.#features.values()];
	}

	/**
	 * Subscribes to the store value (Svelte store contract).
	 * @param {(value: ConnectionValue) => void} fn called at once and after every change
	 * @returns {() => void} unsubscribes
	 */
	subscribe(fn) {
		return this.#store.subscribe(fn);
	}

	/**
	 * Listens to the connection's events: `state` (the store value, on a change of state),
	 * `welcome` (the welcome's data), `close` (`{code, reason, delay}` for every socket that
	 * closed; `delay` is null when the connection stopped), `error` (a {@link StreamsError} for
	 * an `error` frame that answers no pending send), `frame` (every frame received), or `*`.
	 * @param {string} event the event
	 * @param {(payload: *) => void} fn the listener
	 * @returns {() => void} removes the listener
	 */
	on(event, fn) {
		return this.#listeners.on(event, fn);
	}

	/**
	 * The counters: frames and bytes (UTF-8) in and out, pings and pongs included; `reconnects`,
	 * how many times the connection was welcomed again after its first welcome; `uptime`, ms
	 * since the current connection was welcomed (0 while it is not open).
	 * @returns {Stats} the counters now
	 */
	stats() {
		const openedAt = this.value.openedAt;
		return {
			...this.#stats,
			reconnects: this.value.reconnects,
			uptime: this.state === "open" && openedAt !== null ? Date.now() - openedAt : 0,
		};
	}

	/**
	 * Opens the connection, and keeps it open until {@link Connection#close}; after `closed`,
	 * `failed` or `signed-out` it starts again. {@link connect} calls it.
	 * @returns {Connection} this connection
	 */
	open() {
		if (ACTIVE_STATES.has(this.state)) return this;
		this.#backoff = 0;
		this.#failures = 0;
		if (typeof globalThis.addEventListener === "function") globalThis.addEventListener("online", this.#onBrowserOnline);
		this.#update({ state: "connecting", delay: null, attempt: 0, closeCode: null, closeReason: null, error: null });
		this.#openSocket();
		return this;
	}

	/** Ends the wait of a reconnect and tries at once; does nothing in other states. */
	reconnect() {
		if (this.state === "reconnecting" && this.#timers.retry) {
			clearTimeout(this.#timers.retry);
			this.#timers.retry = null;
			this.#openSocket();
		}
	}

	/**
	 * Closes the connection for good (state `closed`); queued and unanswered sends are
	 * rejected with `CLOSED`.
	 */
	close() {
		this.#stop("closed", 1000, "Closed by the client");
	}

	/**
	 * Sends a frame `{type, action, ref, data}` and waits for its answer. While the connection
	 * is not open, the frame waits in a queue of at most `queueLimit` frames and goes out, in
	 * order, after the next welcome. When the queue is full, this send is rejected with
	 * `QUEUE_FULL` and nothing already queued is dropped.
	 * @param {string} type the feature
	 * @param {string} [action="message"] the action
	 * @param {*} [data] the action's input
	 * @param {SendOptions} [options]
	 * @returns {Promise<object>} the `reply` frame; rejected with a {@link StreamsError}
	 */
	send(type, action = "message", data = undefined, { queue = true, timeoutMs } = {}) {
		return new Promise((resolve, reject) => {
			const stopped = STOPPED_CODES[this.state];
			if (stopped) return reject(new StreamsError(stopped, `The connection is ${this.state}`));
			const ref = `r${++this.#nextRef}`;
			let text;
			try {
				text = JSON.stringify(data === undefined ? { type, action, ref } : { type, action, ref, data });
			} catch (error) {
				return reject(new StreamsError("INVALID_MESSAGE", `Cannot write the data as JSON: ${error.message}`));
			}
			const item = { ref, text, resolve, reject, timeoutMs: timeoutMs ?? this.options.replyTimeoutMs };
			if (this.state === "open" && this.#socket?.readyState === SOCKET_OPEN) return this.#transmit(item);
			if (!queue) return reject(new StreamsError("OFFLINE", "Not connected"));
			if (this.#queue.length >= this.options.queueLimit) {
				return reject(new StreamsError("QUEUE_FULL", `${this.#queue.length} sends are waiting for the connection already`));
			}
			this.#queue.push(item);
		});
	}

	// Internals

	#update(patch) {
		const stateChanged = patch.state !== undefined && patch.state !== this.state;
		this.#store.set({ ...this.value, ...patch });
		if (stateChanged) this.#listeners.emit("state", this.value);
	}

	#endpoint() {
		const { url, path } = this.options;
		const attempt = this.#urlIndex++;
		if (typeof url === "function") return url(attempt);
		if (Array.isArray(url) && url.length > 0) return url[attempt % url.length];
		if (typeof url === "string" && url) return url;
		return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
	}

	#query() {
		const params = new URLSearchParams({ stream: this.options.stream, clients: this.options.clients.join(",") });
		const since = this.features.filter((feature) => feature.lastId).map((feature) => `${feature.name}:${feature.lastId}`);
		if (since.length > 0) params.set("since", since.join(","));
		return params;
	}

	async #openSocket() {
		const generation = ++this.#generation;
		this.#welcomed = false;
		this.#update({ delay: null });
		let token = this.options.token;
		if (typeof token === "function") {
			try {
				token = await token();
			} catch (error) {
				if (generation === this.#generation) this.#closed(1006, `No token: ${error?.message ?? error}`);
				return;
			}
			if (generation !== this.#generation) return;
		}
		let socket;
		try {
			const endpoint = this.#endpoint();
			const url = `${endpoint}${endpoint.includes("?") ? "&" : "?"}${this.#query()}`;
			socket = token ? new this.#WebSocket(url, [PROTOCOL, token]) : new this.#WebSocket(url);
		} catch (error) {
			return this.#closed(1006, `Cannot open the socket: ${error?.message ?? error}`);
		}
		this.#socket = socket;
		socket.onmessage = (message) => this.#receive(message.data);
		socket.onclose = (event) => this.#closed(event.code, event.reason ?? "");
		this.#timers.connect = setTimeout(() => this.#closed(1006, "Connect timeout"), this.options.connectTimeoutMs);
	}

	#receive(text) {
		this.#stats.messagesIn++;
		this.#stats.bytesIn += utf8Length(text);
		let frame;
		try {
			frame = JSON.parse(text);
		} catch {
			return;
		}
		if (frame === null || typeof frame !== "object") return;
		this.#listeners.emit("frame", frame);
		switch (frame.type) {
			case "welcome": return this.#welcome(frame.data ?? {});
			case "pong":
				clearTimeout(this.#timers.pong);
				this.#timers.pong = null;
				return;
			case "reply":
			case "error":
				if (!this.#answer(frame) && frame.type === "error") {
					this.#listeners.emit("error", new StreamsError(frame.code, frame.message, { details: frame.details }));
				}
				return;
		}
		this.#features.get(frame.type)?.[RECEIVE](frame);
	}

	#welcome(data) {
		clearTimeout(this.#timers.connect);
		const first = this.value.welcome === null;
		this.#welcomed = true;
		this.#failures = 0;
		this.#timers.stable = setTimeout(() => { this.#backoff = 0; }, this.options.stableMs);
		const interval = this.options.pingIntervalMs ?? data.heartbeatMs ?? 25000;
		if (interval > 0) this.#timers.ping = setInterval(() => this.#ping(), interval);
		this.#update({
			state: "open", delay: null, attempt: 0, welcome: data, user: data.user ?? null, connectionId: data.connectionId ?? null,
			closeCode: null, closeReason: null, error: null, openedAt: Date.now(),
			reconnects: this.value.reconnects + (first ? 0 : 1),
		});
		const strategies = new Map((data.clients ?? []).map((client) => [client.name, client.strategy]));
		for (const feature of this.#features.values()) feature[WELCOME](strategies.get(feature.name), data);
		this.#listeners.emit("welcome", data);
		for (const item of this.#queue.splice(0)) this.#transmit(item);
	}

	#write(text) {
		this.#socket.send(text);
		this.#stats.messagesOut++;
		this.#stats.bytesOut += utf8Length(text);
	}

	#ping() {
		if (this.#socket?.readyState !== SOCKET_OPEN) return;
		this.#write(JSON.stringify({ type: "ping", ref: `p${++this.#nextRef}` }));
		if (!this.#timers.pong) {
			this.#timers.pong = setTimeout(() => this.#closed(4408, "Pong timeout"), this.options.pongTimeoutMs);
		}
	}

	#transmit(item) {
		if (this.#socket?.readyState !== SOCKET_OPEN) {
			// Closed meanwhile: the close handler has run or is about to.
			return item.reject(new StreamsError("CONNECTION_LOST", "The connection dropped before the frame went out"));
		}
		item.timer = setTimeout(() => {
			this.#pending.delete(item.ref);
			item.reject(new StreamsError("TIMEOUT", `No answer within ${item.timeoutMs} ms`));
		}, item.timeoutMs);
		this.#pending.set(item.ref, item);
		this.#write(item.text);
	}

	#answer(frame) {
		const item = typeof frame.ref === "string" ? this.#pending.get(frame.ref) : undefined;
		if (!item) return false;
		this.#pending.delete(frame.ref);
		clearTimeout(item.timer);
		if (frame.type === "reply") item.resolve(frame);
		else item.reject(new StreamsError(frame.code, frame.message, { details: frame.details ?? [] }));
		return true;
	}

	// The socket closed, or the client gave up on it.
	async #closed(code, reason) {
		const welcomed = this.#welcomed;
		const generation = this.#generation;
		this.#detach();
		this.#stopTimers();
		this.#failInFlight(code);
		if (!ACTIVE_STATES.has(this.state)) return;
		if (code === SESSION_ENDED) return this.#stop("signed-out", code, reason);
		if (FINAL_CODES.has(code)) return this.#stop("failed", code, reason);
		if (!welcomed) {
			this.#failures++;
			if (this.options.checkSession && !(await this.#stillSignedIn())) {
				if (generation === this.#generation) this.#stop("signed-out", code, reason);
				return;
			}
			if (generation !== this.#generation || !ACTIVE_STATES.has(this.state)) return;
			if (this.#failures >= this.options.maxAttempts) return this.#stop("failed", code, reason);
		}
		const { baseDelayMs, maxDelayMs, laterDelayMs, random = Math.random } = this.options;
		const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** this.#backoff++);
		let delay = random() * ceiling; // full jitter
		if (code === TOO_MANY_CONNECTIONS) delay = Math.max(delay, laterDelayMs);
		this.#update({ state: "reconnecting", delay, attempt: this.#failures, closeCode: code, closeReason: reason });
		this.#listeners.emit("close", { code, reason, delay });
		this.#timers.retry = setTimeout(() => {
			this.#timers.retry = null;
			this.#openSocket();
		}, delay);
	}

	async #stillSignedIn() {
		try {
			return (await this.options.checkSession()) !== false;
		} catch {
			return true; // cannot tell: keep trying
		}
	}

	#failInFlight(code) {
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		// The server closes with 1009 on the frame over its limit, before answering it: the
		// last frame sent without an answer. It is rejected, never sent again.
		const tooLarge = code === FRAME_TOO_LARGE ? pending.pop() : undefined;
		if (tooLarge) {
			clearTimeout(tooLarge.timer);
			tooLarge.reject(new StreamsError("FRAME_TOO_LARGE", "The server closed the connection (1009): the frame is over its size limit",
				{ closeCode: code }));
		}
		rejectAll(pending, "CONNECTION_LOST", "The connection dropped before the answer", code);
	}

	#stop(state, code, reason) {
		if (!ACTIVE_STATES.has(this.state) && this.state !== "idle") return;
		this.#generation++;
		if (typeof globalThis.removeEventListener === "function") globalThis.removeEventListener("online", this.#onBrowserOnline);
		this.#stopTimers();
		this.#detach(code, reason);
		const error = new StreamsError(STOPPED_CODES[state], `The connection is ${state}`, { closeCode: code, closeReason: reason });
		const pending = [...this.#pending.values(), ...this.#queue.splice(0)];
		this.#pending.clear();
		rejectAll(pending, error.code, error.message, code);
		this.#update({ state, delay: null, closeCode: code, closeReason: reason, error: state === "closed" ? null : error, openedAt: null });
		this.#listeners.emit("close", { code, reason, delay: null });
	}

	#detach(code = 4000, reason = "") {
		const socket = this.#socket;
		if (!socket) return;
		this.#socket = null;
		socket.onmessage = socket.onclose = null;
		if (socket.readyState <= SOCKET_OPEN) {
			try {
				socket.close(code === 1000 ? 1000 : 4000, reason.slice(0, 120));
			} catch {
				// already closing
			}
		}
	}

	#stopTimers() {
		for (const name of ["retry", "connect", "stable", "pong"]) clearTimeout(this.#timers[name]);
		clearInterval(this.#timers.ping);
		this.#timers = {};
	}
}

function rejectAll(items, code, message, closeCode) {
	for (const item of items) {
		clearTimeout(item.timer);
		item.reject(new StreamsError(code, message, { closeCode }));
	}
}

function withoutUndefined(object) {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/**
 * Connects to a stream and keeps the connection open, reconnecting with exponential backoff
 * and full jitter, resuming `streams` features with `since`, pinging, and queueing sends made
 * while not connected.
 * @param {ConnectOptions} options
 * @returns {Connection} the connection, `connecting`
 */
export function connect(options) {
	return new Connection(options).open();
}

/**
 * @typedef {object} ConnectOptions
 * @property {string} stream the stream, such as `channel:1`
 * @property {string[]} clients the features, each `name` or `name:strategy`
 * @property {string|string[]|((attempt: number) => string)} [url] the endpoint: one URL, a list
 *   tried in turn (one per attempt), or a function of the attempt's number (0, 1, …); default
 *   `path` on the page's own origin, with `ws:` or `wss:` as the page's scheme
 * @property {string} [path="/ws"] the endpoint's path on the page's origin, without `url`
 * @property {string|(() => string|Promise<string>)} [token] a bearer token, offered as the
 *   subprotocol next to `ws-streams`; a function is asked before every attempt
 * @property {Function} [WebSocket] the WebSocket constructor; default `globalThis.WebSocket`
 * @property {Object<string, FeatureKind>} [features] kinds of features for this connection, by name
 * @property {number} [baseDelayMs=500] the first reconnect delay's ceiling
 * @property {number} [maxDelayMs=30000] the largest reconnect delay
 * @property {number} [stableMs=10000] how long a connection must stay open for the backoff to start over
 * @property {number} [laterDelayMs=10000] the least delay after 4429 Too many connections
 * @property {number} [maxAttempts=Infinity] attempts in a row without a welcome before `failed`
 * @property {number} [connectTimeoutMs=10000] how long an attempt may take to be welcomed
 * @property {number} [pingIntervalMs] how often to ping; default the welcome's `heartbeatMs`; 0: never
 * @property {number} [pongTimeoutMs=10000] how long a pong may take before the socket counts as dead
 * @property {number} [replyTimeoutMs=10000] how long a send waits for its answer
 * @property {number} [queueLimit=100] how many sends may wait for the connection
 * @property {number} [messageLimit=1000] how many messages a `streams` feature keeps
 * @property {() => boolean|Promise<boolean>} [checkSession] asked when an attempt closed before its
 *   welcome (a refused handshake looks like that): false ends in `signed-out`
 * @property {() => number} [random=Math.random] the random source of the jitter, in [0, 1)
 */

/**
 * @typedef {object} SendOptions
 * @property {boolean} [queue=true] false: reject with `OFFLINE` instead of queueing while not open
 * @property {number} [timeoutMs] the answer's timeout instead of `replyTimeoutMs`
 */

/**
 * @typedef {object} ConnectionValue
 * @property {string} state `idle`, `connecting`, `open`, `reconnecting`, `signed-out`, `closed` or `failed`
 * @property {string} stream the stream
 * @property {number|null} delay while `reconnecting`, the wait before the next attempt
 * @property {number} attempt attempts in a row that were not welcomed
 * @property {number} reconnects how many times the connection was welcomed again
 * @property {object|null} welcome the last welcome's data
 * @property {{id: string}|null} user the user of the last welcome
 * @property {string|null} connectionId the connection id of the last welcome
 * @property {number|null} closeCode the last close code
 * @property {string|null} closeReason its reason
 * @property {StreamsError|null} error why the connection stopped (`failed`, `signed-out`)
 * @property {number|null} openedAt when the current connection was welcomed (epoch ms)
 */

/**
 * @typedef {object} Stats
 * @property {number} messagesIn frames received
 * @property {number} messagesOut frames sent
 * @property {number} bytesIn bytes received
 * @property {number} bytesOut bytes sent
 * @property {number} reconnects how many times the connection was welcomed again
 * @property {number} uptime ms since the current connection was welcomed, 0 when not open
 */

/**
 * @typedef {typeof Feature | {initial?: () => object, reduce?: (state: object, frame: object) => object}} FeatureKind
 */
