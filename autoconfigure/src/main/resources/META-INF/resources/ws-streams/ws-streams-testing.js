/**
 * Test helpers for code that uses the ws-streams client, kept apart from it so that
 * production pages do not load them: a mock connection, which is the real connection over a
 * WebSocket of memory that the test plays the server of, and a spy, which records what real
 * WebSockets open, send, receive and close.
 *
 * @example
 * import { mockConnection } from "/ws-streams/ws-streams-testing.js";
 *
 * const ws = mockConnection({ stream: "channel:1", clients: ["chat:streams"] });
 * ws.mock.welcome();
 * ws.mock.event("chat", "message", { text: "Hi" }, { id: "1-0", from: "bob" });
 * ws.chat.messages; // [{type: "chat", event: "message", id: "1-0", from: "bob", data: {text: "Hi"}, …}]
 *
 * @module ws-streams-testing
 */
import { Connection } from "./ws-streams.js";

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

function socketEvent(type, properties) {
	const event = new Event(type);
	for (const [name, value] of Object.entries(properties)) {
		Object.defineProperty(event, name, { value, enumerable: true });
	}
	return event;
}

function parse(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Resolves when a condition holds, checked now and after every change that `watch` reports.
 * @param {() => *} condition returns a truthy value when done
 * @param {(check: () => void) => () => void} watch registers a check, returns its removal
 * @param {number} timeoutMs how long to wait
 * @param {string} what what is awaited, for the error
 * @returns {Promise<*>} the condition's value
 */
function until(condition, watch, timeoutMs, what) {
	return new Promise((resolve, reject) => {
		let stop = () => {};
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
		}, timeoutMs);
		const check = () => {
			const value = condition();
			if (value) {
				clearTimeout(timer);
				stop();
				resolve(value);
			}
		};
		stop = watch(check);
		check();
	});
}

/**
 * A WebSocket of memory: what the client sends is recorded, and the test makes the "server"
 * side happen with {@link MockWebSocket#serverOpen}, {@link MockWebSocket#serverSend} and
 * {@link MockWebSocket#serverClose}. It has the browser WebSocket's members that the client
 * uses (`readyState`, `url`, `protocol`, `send`, `close`, the `on…` handlers and
 * `addEventListener`).
 */
export class MockWebSocket extends EventTarget {
	static CONNECTING = CONNECTING;
	static OPEN = OPEN;
	static CLOSING = CLOSING;
	static CLOSED = CLOSED;

	/**
	 * @param {string} url the URL
	 * @param {string|string[]} [protocols] the subprotocols offered
	 */
	constructor(url, protocols = []) {
		super();
		/** @type {string} */
		this.url = String(url);
		/** The subprotocols offered. @type {string[]} */
		this.protocols = Array.isArray(protocols) ? [...protocols] : [protocols];
		/** The subprotocol the server chose: `ws-streams` when one was offered. @type {string} */
		this.protocol = "";
		/** @type {number} */
		this.readyState = CONNECTING;
		/** The texts sent, in order. @type {string[]} */
		this.sent = [];
		/** The client's close, when it closed: `{code, reason}`. @type {{code: number, reason: string}|null} */
		this.closedByClient = null;
		this.onopen = this.onmessage = this.onclose = this.onerror = null;
	}

	/**
	 * Sends a text frame to the "server".
	 * @param {string} text the text
	 */
	send(text) {
		if (this.readyState !== OPEN) throw new Error(`send() on a socket that is not open (${this.readyState})`);
		this.sent.push(text);
		this.#fire("send", { data: text });
	}

	/**
	 * Closes the socket from the client's side; `close` follows in a microtask.
	 * @param {number} [code=1005] the close code
	 * @param {string} [reason=""] the reason
	 */
	close(code = 1005, reason = "") {
		if (this.readyState >= CLOSING) return;
		this.closedByClient = { code, reason };
		this.readyState = CLOSING;
		queueMicrotask(() => this.#closeNow(code, reason, true));
	}

	/** The "server" accepts the handshake: `open`. */
	serverOpen() {
		if (this.readyState !== CONNECTING) return;
		this.protocol = this.protocols[0] ?? "";
		this.readyState = OPEN;
		this.#fire("open", {});
	}

	/**
	 * The "server" sends a text frame (opening the socket first when needed).
	 * @param {string|object} frame the text, or an object written as JSON
	 */
	serverSend(frame) {
		this.serverOpen();
		if (this.readyState !== OPEN) return;
		this.#fire("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) });
	}

	/**
	 * The "server" closes the socket, or the connection fails (1006 fires `error` first).
	 * @param {number} [code=1006] the close code
	 * @param {string} [reason=""] the reason
	 */
	serverClose(code = 1006, reason = "") {
		if (this.readyState === CLOSED) return;
		if (code === 1006) this.#fire("error", {});
		this.#closeNow(code, reason, code !== 1006);
	}

	#closeNow(code, reason, wasClean) {
		if (this.readyState === CLOSED) return;
		this.readyState = CLOSED;
		this.#fire("close", { code, reason, wasClean });
	}

	#fire(type, properties) {
		const event = socketEvent(type, properties);
		this.dispatchEvent(event);
		if (type !== "send") this[`on${type}`]?.(event);
	}
}

/**
 * Plays the server of a mock connection: `ws.mock` of {@link mockConnection}. Every socket
 * the connection opens is a {@link MockWebSocket}; the methods act on the newest.
 */
export class MockServer {
	#options;
	#strategies;
	#watchers = new Set();

	/**
	 * @param {object} options the connection's options
	 * @param {Object<string, string>} strategies each feature's strategy for the welcome
	 */
	constructor(options, strategies) {
		this.#options = options;
		this.#strategies = strategies;
		/** Every socket the connection opened, oldest first. @type {MockWebSocket[]} */
		this.sockets = [];
		/** Every frame the client sent, parsed, pings included, oldest first. @type {object[]} */
		this.sent = [];
		/** Answer every ping with a pong at once; set false to test pong timeouts. @type {boolean} */
		this.autoPong = true;
	}

	/** The newest socket. @type {MockWebSocket|undefined} */
	get socket() {
		return this.sockets.at(-1);
	}

	/**
	 * The frames the client sent to a feature, pings left out.
	 * @param {string} [type] the feature; all frames but pings when omitted
	 * @returns {object[]} the frames
	 */
	frames(type) {
		return this.sent.filter((frame) => frame.type !== "ping" && (type === undefined || frame.type === type));
	}

	/**
	 * The last frame the client sent (to a feature), pings left out.
	 * @param {string} [type] the feature
	 * @returns {object|undefined} the frame
	 */
	lastSent(type) {
		return this.frames(type).at(-1);
	}

	/**
	 * Opens the socket and sends a welcome: the connection's stream, its clients with their
	 * strategies (from `name:strategy`, the `strategies` option, `pub-sub` otherwise),
	 * `user: null`, `heartbeatMs: 25000`, with `data`'s members instead where given.
	 * @param {object} [data] members of the welcome's data
	 * @returns {object} the welcome frame
	 */
	welcome(data = {}) {
		const clients = this.#options.clients.map((client) => {
			const [name, strategy] = String(client).split(":");
			return { name, strategy: strategy ?? this.#strategies[name] ?? "pub-sub" };
		});
		const frame = {
			type: "welcome",
			data: { connectionId: `mock-${this.sockets.length}`, stream: this.#options.stream, user: null, clients, heartbeatMs: 25000, ...data },
		};
		this.receive(frame);
		return frame;
	}

	/**
	 * Sends any frame to the client.
	 * @param {object|string} frame the frame, or its text
	 */
	receive(frame) {
		if (!this.socket) throw new Error("The connection has no socket now (it is waiting or stopped)");
		this.socket.serverSend(frame);
	}

	/**
	 * Sends a feature event `{type, event, stream, ts, from: null, data}` with `extra`'s members
	 * (such as `id` and `from`).
	 * @param {string} feature the feature
	 * @param {string} event the event
	 * @param {*} [data] the data
	 * @param {object} [extra] more members
	 * @returns {object} the frame
	 */
	event(feature, event, data = null, extra = {}) {
		const frame = { type: feature, event, stream: this.#options.stream, ts: Date.now(), from: null, data, ...extra };
		this.receive(frame);
		return frame;
	}

	/**
	 * Sends a `streams` feature's `synced` event.
	 * @param {string} feature the feature
	 * @param {{recovered?: boolean, last?: string|null}} [data] `recovered` (true) and `last` (null)
	 * @returns {object} the frame
	 */
	synced(feature, { recovered = true, last = null } = {}) {
		return this.event(feature, "synced", { recovered, last });
	}

	/**
	 * Answers a frame the client sent with a `reply`.
	 * @param {object|string} [to] the sent frame or its `ref`; default the last sent frame with a ref
	 * @param {*} [data] the reply's data
	 * @param {object} [extra] more members, such as the `id` of a `streams` append
	 * @returns {object} the reply frame
	 */
	reply(to = undefined, data = null, extra = {}) {
		const frame = { type: "reply", ref: this.#ref(to), data, ...extra };
		this.receive(frame);
		return frame;
	}

	/**
	 * Answers a frame the client sent with an `error`; `to: null` sends an error without `ref`.
	 * @param {object|string|null} to the sent frame or its `ref`, or null
	 * @param {string} code the error code, such as `VALIDATION_FAILED`
	 * @param {string} [message] the message
	 * @param {Array<{field: string, message: string}>} [details] for `VALIDATION_FAILED`
	 * @returns {object} the error frame
	 */
	error(to, code, message = code, details = undefined) {
		const frame = { type: "error", ...(to === null ? {} : { ref: this.#ref(to) }), code, message };
		if (details) frame.details = details;
		this.receive(frame);
		return frame;
	}

	/**
	 * The server closes the socket, such as `close(4401, "Session ended")`; `close()` is a
	 * connection that dropped (1006).
	 * @param {number} [code=1006] the close code
	 * @param {string} [reason=""] the reason
	 */
	close(code = 1006, reason = "") {
		this.socket?.serverClose(code, reason);
	}

	/**
	 * Waits for the connection to open its next socket (a reconnect).
	 * @param {number} [timeoutMs=2000] how long to wait
	 * @returns {Promise<MockWebSocket>} the new socket
	 */
	nextSocket(timeoutMs = 2000) {
		const count = this.sockets.length;
		return until(() => this.sockets.length > count && this.socket, (check) => this.#watch(check), timeoutMs,
			"the next socket");
	}

	/**
	 * Waits for the client to send a frame that matches.
	 * @param {(frame: object) => boolean} matcher the condition
	 * @param {number} [timeoutMs=2000] how long to wait
	 * @returns {Promise<object>} the frame
	 */
	nextSent(matcher, timeoutMs = 2000) {
		const from = this.sent.length;
		return until(() => this.sent.slice(from).find(matcher), (check) => this.#watch(check), timeoutMs,
			"a frame from the client");
	}

	/** @param {MockWebSocket} socket a socket the connection opened */
	added(socket) {
		this.sockets.push(socket);
		socket.addEventListener("send", (event) => {
			const frame = parse(event.data);
			this.sent.push(frame);
			if (this.autoPong && frame?.type === "ping") {
				queueMicrotask(() => socket.readyState === OPEN && socket.serverSend({ type: "pong", ref: frame.ref, ts: Date.now() }));
			}
			this.#notify();
		});
		this.#notify();
	}

	#ref(to) {
		if (typeof to === "string") return to;
		if (to?.ref) return to.ref;
		const last = this.sent.findLast((frame) => frame?.ref && frame.type !== "ping");
		if (!last) throw new Error("The client sent no frame with a ref to answer");
		return last.ref;
	}

	#watch(check) {
		this.#watchers.add(check);
		return () => this.#watchers.delete(check);
	}

	#notify() {
		for (const check of [...this.#watchers]) check();
	}
}

/**
 * A connection with the real client's API and behaviour over {@link MockWebSocket}s: no
 * network. `ws.mock` ({@link MockServer}) plays the server. Unless the options say otherwise
 * it reconnects at once (`baseDelayMs: 0`); the URL defaults to `ws://mock.invalid/ws`.
 * A feature named `mock` is reached as `ws.feature("mock")`.
 * @param {import("./ws-streams.js").ConnectOptions & {strategies?: Object<string, string>}} options
 *   the connection's options; `strategies` gives features' strategies for the welcome, such as
 *   `{chat: "streams"}` (or name them `chat:streams` in `clients`)
 * @returns {Connection & {mock: MockServer}} the connection, `connecting`
 */
export function mockConnection(options) {
	const { strategies = {}, ...connectOptions } = options;
	let server;
	const MockSocket = class extends MockWebSocket {
		constructor(url, protocols) {
			super(url, protocols);
			server.added(this);
		}
	};
	const connection = new Connection({ url: "ws://mock.invalid/ws", baseDelayMs: 0, ...connectOptions, WebSocket: MockSocket });
	server = new MockServer(connection.options, strategies);
	Object.defineProperty(connection, "mock", { value: server, enumerable: false, configurable: true });
	return connection.open();
}

/**
 * Records what WebSockets do: wraps a WebSocket constructor (default `globalThis.WebSocket`)
 * in one that records every socket opened, every frame sent and received, and every close.
 * Pass `spy.WebSocket` as the client's `WebSocket` option.
 *
 * @param {Function} [WebSocket] the constructor to wrap
 * @returns {WebSocketSpy} the spy
 */
export function spyWebSocket(WebSocket = globalThis.WebSocket) {
	if (typeof WebSocket !== "function") throw new TypeError("No WebSocket constructor to spy on");
	const watchers = new Set();
	const notify = () => [...watchers].forEach((check) => check());
	const spy = {
		/** @type {Array<{url: string, protocols: string[], socket: WebSocket, sent: object[], received: object[], closed: {code: number, reason: string}|null}>} */
		connections: [],
		/** Every frame sent, parsed, with its connection's index: `{connection, frame}`. */
		sends: [],
		/** Every frame received, parsed: `{connection, frame}`. */
		received: [],
		/** Every close: `{connection, url, code, reason}`. */
		disconnections: [],
		WebSocket: null,
		/**
		 * Waits until a condition on the spy holds.
		 * @param {(spy: object) => *} condition checked now and after everything recorded
		 * @param {number} [timeoutMs=5000] how long to wait
		 * @returns {Promise<*>} the condition's value
		 */
		waitFor(condition, timeoutMs = 5000) {
			return until(() => condition(spy), (check) => {
				watchers.add(check);
				return () => watchers.delete(check);
			}, timeoutMs, "the spy's condition");
		},
	};
	spy.WebSocket = class extends WebSocket {
		constructor(url, ...rest) {
			super(url, ...rest);
			const index = spy.connections.length;
			const protocols = rest[0] === undefined ? [] : [rest[0]].flat();
			const record = { url: String(url), protocols, socket: this, sent: [], received: [], closed: null };
			spy.connections.push(record);
			this.addEventListener("message", (event) => {
				const frame = parse(event.data);
				record.received.push(frame);
				spy.received.push({ connection: index, frame });
				notify();
			});
			this.addEventListener("close", (event) => {
				record.closed = { code: event.code, reason: event.reason };
				spy.disconnections.push({ connection: index, url: record.url, code: event.code, reason: event.reason });
				notify();
			});
			notify();
		}

		send(data) {
			super.send(data);
			const index = spy.connections.findIndex((record) => record.socket === this);
			const frame = parse(data);
			spy.connections[index].sent.push(frame);
			spy.sends.push({ connection: index, frame });
			notify();
		}
	};
	return spy;
}

/**
 * @typedef {ReturnType<typeof spyWebSocket>} WebSocketSpy
 */
