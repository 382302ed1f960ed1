/**
 * A small, dependency-free browser client for the ws-streams protocol.
 *
 * One StreamsClient is one stream with a set of features over one WebSocket. It connects to
 * `/ws` on the page's own origin (the browser sends the session cookie), or to the `url`
 * option's URLs in turn (the nodes of a cluster without a load balancer), reconnects with
 * exponential backoff and full jitter, resumes `streams` features with `since`, pings to find
 * dead connections, and queues sends made while it is not connected.
 *
 * @example
 * const client = new StreamsClient({ stream: "channel:1", clients: ["chat", "presence"] });
 * client.on("chat", "message", (frame) => console.log(frame.from, frame.data.text));
 * client.addEventListener("state", (e) => console.log(e.detail.state));
 * client.connect();
 * const reply = await client.send("chat", "send", { text: "Hello" }); // reply.id is the message id
 *
 * @module ws-streams
 */

/** Close codes after which the client never reconnects. */
const FINAL_CODES = new Set([1008, 4403]);
const SESSION_ENDED = 4401;
const TOO_MANY_CONNECTIONS = 4429;

/**
 * An `error` frame answering a send, or a send that could not be answered.
 * `code` is the protocol's error code (`VALIDATION_FAILED`, …) or one of the client's own:
 * `TIMEOUT`, `CONNECTION_LOST` (sent, but the connection dropped before the answer; the frame
 * may have been handled), `QUEUE_FULL`, `OFFLINE`, `CLOSED`.
 */
export class StreamsError extends Error {
	/**
	 * @param {string} code the error code
	 * @param {string} message a message for people
	 * @param {Array<{field: string, message: string}>} [details] failed fields, for `VALIDATION_FAILED`
	 */
	constructor(code, message, details = []) {
		super(message);
		this.name = "StreamsError";
		this.code = code;
		this.details = details;
	}
}

/**
 * Compares two stream ids `<epochMillis>-<seq>`.
 * @param {string} a an id
 * @param {string} b an id
 * @returns {number} negative, zero or positive as a is before, equal to or after b
 */
export function compareIds(a, b) {
	const [am, as] = a.split("-").map(Number);
	const [bm, bs] = b.split("-").map(Number);
	return am !== bm ? am - bm : as - bs;
}

/**
 * A connection to one stream. Besides feature listeners ({@link StreamsClient#on}) it is an
 * EventTarget with these events, each a CustomEvent whose `detail` is given:
 * - `state` `{state}`: `connecting` (first attempt), `online` (after `welcome`),
 *   `reconnecting` (dropped, retrying), `offline` (stopped: {@link StreamsClient#close},
 *   or a close code after which retrying is pointless);
 * - `welcome` `{data}`: the welcome frame's data, after every (re)connect;
 * - `closed` `{code, reason, retryInMs}`: the socket closed; `retryInMs` is null when the client stops;
 * - `session-ended` `{}`: the session is over (close 4401, or the session check failed): sign in again.
 */
export class StreamsClient extends EventTarget {
	/**
	 * @param {object} options
	 * @param {string} options.stream the stream, such as `channel:1`
	 * @param {string[]} options.clients the features to select, such as `["chat", "presence"]`
	 * @param {string} [options.path="/ws"] the endpoint's path on the page's origin
	 * @param {string|string[]|((attempt: number) => string)} [options.url] the endpoint's URL instead,
	 *   such as `wss://a.example.com/ws`: a list is tried in turn, the next one on every connection
	 *   attempt, so that the clients of a node that died resume on another; a function is asked
	 *   on every attempt, with the number of attempts made so far
	 * @param {number} [options.baseDelayMs=500] first reconnect delay (before jitter)
	 * @param {number} [options.maxDelayMs=30000] the largest reconnect delay
	 * @param {number} [options.stableMs=10000] how long a connection must stay open to reset the backoff
	 * @param {number} [options.laterDelayMs=10000] the least delay after 4429 Too many connections
	 * @param {number} [options.pingIntervalMs] how often to ping; default the welcome's `heartbeatMs`
	 * @param {number} [options.pongTimeoutMs=10000] how long a pong may take before the connection counts as dead
	 * @param {number} [options.replyTimeoutMs=10000] how long a sent frame waits for its reply
	 * @param {number} [options.queueLimit=100] how many sends may wait while disconnected
	 * @param {() => Promise<boolean>} [options.checkSession] asked after a socket closed before its
	 *   welcome (a refused handshake looks like that); resolving false ends the session
	 */
	constructor(options) {
		super();
		this.options = {
			path: "/ws", baseDelayMs: 500, maxDelayMs: 30000, stableMs: 10000, laterDelayMs: 10000,
			pongTimeoutMs: 10000, replyTimeoutMs: 10000, queueLimit: 100, ...options,
		};
		/** @type {"idle"|"connecting"|"online"|"reconnecting"|"offline"} */
		this.state = "idle";
		/** Last id received per `streams` feature: the resume points. @type {Map<string, string>} */
		this.lastIds = new Map();
		this.streamsFeatures = new Set();
		this.listeners = new Map();
		this.pending = new Map();
		this.queue = [];
		this.nextRef = 0;
		this.attempt = 0;
		this.connects = 0;
		this.socket = null;
		this.timers = {};
		this.onBrowserOnline = () => this.state === "reconnecting" && this.retryNow();
	}

	/** Opens the connection (and keeps it open until {@link StreamsClient#close}). */
	connect() {
		if (this.socket || this.timers.retry) return;
		window.addEventListener("online", this.onBrowserOnline);
		this.setState(this.state === "idle" || this.state === "offline" ? "connecting" : "reconnecting");
		const params = new URLSearchParams({ stream: this.options.stream, clients: this.options.clients.join(",") });
		const since = [...this.lastIds].map(([feature, id]) => `${feature}:${id}`).join(",");
		if (since) params.set("since", since);
		const endpoint = this.endpoint();
		const socket = new WebSocket(`${endpoint}${endpoint.includes("?") ? "&" : "?"}${params}`);
		this.socket = socket;
		this.welcomed = false;
		socket.onmessage = (message) => this.receive(message.data);
		socket.onclose = (event) => this.closed(event.code, event.reason);
	}

	/** The endpoint's URL for the next connection attempt, from the `url` option or the page's origin. */
	endpoint() {
		const url = this.options.url;
		const attempt = this.connects++;
		if (typeof url === "function") return url(attempt);
		if (Array.isArray(url) && url.length > 0) return url[attempt % url.length];
		if (typeof url === "string" && url) return url;
		return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${this.options.path}`;
	}

	/** Closes the connection for good; queued and unanswered sends are rejected with `CLOSED`. */
	close() {
		window.removeEventListener("online", this.onBrowserOnline);
		this.stopTimers();
		this.detach(1000, "Closed by the client");
		this.failAll(this.pending, "CLOSED", "The client was closed");
		this.failAll(this.queue.splice(0), "CLOSED", "The client was closed");
		this.setState("offline");
	}

	/**
	 * Sends a frame to a feature. While the client is not online the frame waits in a bounded
	 * queue and goes out after the next welcome.
	 * @param {string} type the feature
	 * @param {string} [action="message"] the action
	 * @param {*} [data] the action's input
	 * @param {{queue?: boolean}} [options] `queue: false` rejects with `OFFLINE` instead of queueing
	 * @returns {Promise<object>} the `reply` frame (its `data`, and `id` for a `streams` append);
	 *   rejected with a {@link StreamsError}
	 */
	send(type, action = "message", data = undefined, { queue = true } = {}) {
		return new Promise((resolve, reject) => {
			const item = { frame: { type, action, ref: `r${++this.nextRef}`, data }, resolve, reject };
			if (this.state === "online" && this.socket?.readyState === WebSocket.OPEN) return this.transmit(item);
			if (!queue || this.state === "offline") return reject(new StreamsError("OFFLINE", "Not connected"));
			if (this.queue.length >= this.options.queueLimit) {
				return reject(new StreamsError("QUEUE_FULL", "Too many sends waiting for the connection"));
			}
			this.queue.push(item);
		});
	}

	/**
	 * Listens to a feature's events.
	 * @param {string} type the feature, such as `chat`
	 * @param {string} event the event, such as `message` or `synced`, or `*` for all
	 * @param {(frame: object) => void} fn called with the whole frame
	 * @returns {() => void} removes the listener
	 */
	on(type, event, fn) {
		const key = `${type}/${event}`;
		if (!this.listeners.has(key)) this.listeners.set(key, new Set());
		this.listeners.get(key).add(fn);
		return () => this.listeners.get(key).delete(fn);
	}

	// Internals

	receive(text) {
		let frame;
		try {
			frame = JSON.parse(text);
		} catch {
			return;
		}
		switch (frame.type) {
			case "welcome": return this.welcome(frame.data);
			case "pong": return clearTimeout(this.timers.pong);
			case "reply":
			case "error": if (this.answer(frame)) return; break; // an error without a known ref is an event
		}
		if (this.streamsFeatures.has(frame.type)) {
			if (frame.event === "synced") {
				if (frame.data?.last) this.lastIds.set(frame.type, frame.data.last);
			} else if (frame.id) {
				const last = this.lastIds.get(frame.type);
				if (last && compareIds(frame.id, last) <= 0) return; // seen already
				this.lastIds.set(frame.type, frame.id);
			}
		}
		this.emitFrame(frame);
	}

	welcome(data) {
		this.welcomed = true;
		this.streamsFeatures = new Set(data.clients.filter((c) => c.strategy === "streams").map((c) => c.name));
		this.timers.stable = setTimeout(() => { this.attempt = 0; }, this.options.stableMs);
		const interval = this.options.pingIntervalMs ?? data.heartbeatMs ?? 25000;
		this.timers.ping = setInterval(() => this.ping(), interval);
		this.setState("online");
		this.dispatchEvent(new CustomEvent("welcome", { detail: { data } }));
		for (const item of this.queue.splice(0)) this.transmit(item);
	}

	ping() {
		if (this.socket?.readyState !== WebSocket.OPEN) return;
		this.socket.send(JSON.stringify({ type: "ping" }));
		clearTimeout(this.timers.pong);
		this.timers.pong = setTimeout(() => {
			this.detach(4000, "No pong");
			this.closed(4408, "No pong");
		}, this.options.pongTimeoutMs);
	}

	transmit(item) {
		const { ref } = item.frame;
		item.timer = setTimeout(() => {
			this.pending.delete(ref);
			item.reject(new StreamsError("TIMEOUT", `No answer within ${this.options.replyTimeoutMs} ms`));
		}, this.options.replyTimeoutMs);
		this.pending.set(ref, item);
		this.socket.send(JSON.stringify(item.frame));
	}

	answer(frame) {
		const item = frame.ref && this.pending.get(frame.ref);
		if (!item) return false;
		this.pending.delete(frame.ref);
		clearTimeout(item.timer);
		if (frame.type === "reply") item.resolve(frame);
		else item.reject(new StreamsError(frame.code, frame.message, frame.details));
		return true;
	}

	async closed(code, reason) {
		const welcomed = this.welcomed;
		this.socket = null;
		this.stopTimers();
		this.failAll(this.pending, "CONNECTION_LOST", "The connection dropped before the answer");
		if (code === SESSION_ENDED || (!welcomed && this.options.checkSession && !(await this.stillSignedIn()))) {
			return this.stop(code, reason, "session-ended");
		}
		if (FINAL_CODES.has(code)) return this.stop(code, reason);
		if (this.state === "offline") return; // closed meanwhile
		const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** this.attempt++);
		let delay = Math.random() * ceiling; // full jitter
		if (code === TOO_MANY_CONNECTIONS) delay = Math.max(delay, this.options.laterDelayMs);
		this.setState("reconnecting");
		this.dispatchEvent(new CustomEvent("closed", { detail: { code, reason, retryInMs: delay } }));
		this.timers.retry = setTimeout(() => this.retryNow(), delay);
	}

	async stillSignedIn() {
		try {
			return await this.options.checkSession();
		} catch {
			return true; // cannot tell: keep trying
		}
	}

	stop(code, reason, event) {
		this.close();
		this.dispatchEvent(new CustomEvent("closed", { detail: { code, reason, retryInMs: null } }));
		if (event) this.dispatchEvent(new CustomEvent(event, { detail: {} }));
	}

	retryNow() {
		clearTimeout(this.timers.retry);
		this.timers.retry = null;
		this.connect();
	}

	detach(code, reason) {
		const socket = this.socket;
		if (!socket) return;
		this.socket = null;
		socket.onmessage = socket.onclose = null;
		if (socket.readyState <= WebSocket.OPEN) socket.close(code, reason);
	}

	stopTimers() {
		clearTimeout(this.timers.retry);
		clearTimeout(this.timers.stable);
		clearTimeout(this.timers.pong);
		clearInterval(this.timers.ping);
		this.timers = {};
	}

	failAll(items, code, message) {
		for (const item of items.values()) {
			clearTimeout(item.timer);
			item.reject(new StreamsError(code, message));
		}
		if (items instanceof Map) items.clear();
	}

	setState(state) {
		if (this.state === state) return;
		this.state = state;
		this.dispatchEvent(new CustomEvent("state", { detail: { state } }));
	}

	emitFrame(frame) {
		for (const key of [`${frame.type}/${frame.event}`, `${frame.type}/*`]) {
			for (const fn of this.listeners.get(key) ?? []) {
				try {
					fn(frame);
				} catch (error) {
					console.error(error);
				}
			}
		}
	}
}
