/**
 * Types of the ws-streams JavaScript client (`/ws-streams/ws-streams.js`).
 * @module ws-streams
 */

/** A store with the Svelte store contract. */
export interface Readable<T> {
	/** Calls `fn` at once with the current value and after every change; returns the unsubscribe function. */
	subscribe(fn: (value: T) => void): () => void;
}

/** A frame the server sends for a feature. */
export interface EventFrame<D = any> {
	type: string;
	event: string;
	stream: string;
	/** The id `<epochMillis>-<seq>`, for `streams` features. */
	id?: string;
	ts: number;
	from: string | null;
	data: D;
}

/** The answer to a send. */
export interface ReplyFrame<D = any> {
	type: "reply";
	ref: string;
	data: D;
	/** The id of a `streams` append. */
	id?: string;
}

/** The welcome frame's data. */
export interface Welcome {
	connectionId: string;
	stream: string;
	user: { id: string } | null;
	clients: Array<{ name: string; strategy: string }>;
	heartbeatMs: number;
	[member: string]: unknown;
}

/** The options' defaults. */
export declare const DEFAULTS: Readonly<{
	path: string;
	baseDelayMs: number;
	maxDelayMs: number;
	stableMs: number;
	laterDelayMs: number;
	maxAttempts: number;
	connectTimeoutMs: number;
	pongTimeoutMs: number;
	replyTimeoutMs: number;
	queueLimit: number;
	messageLimit: number;
}>;

/** The subprotocol that marks a ws-streams client: `ws-streams`. */
export declare const PROTOCOL: "ws-streams";

/** The error codes of the client, besides the protocol's. */
export type ClientErrorCode = "TIMEOUT" | "CONNECTION_LOST" | "FRAME_TOO_LARGE" | "QUEUE_FULL" | "OFFLINE"
	| "INVALID_MESSAGE" | "CLOSED" | "FAILED" | "SIGNED_OUT" | "INVALID_OPTIONS";

/** The protocol's error codes. */
export type ProtocolErrorCode = "INVALID_MESSAGE" | "UNKNOWN_TYPE" | "UNKNOWN_ACTION" | "VALIDATION_FAILED"
	| "FORBIDDEN" | "RATE_LIMITED" | "INTERNAL_ERROR";

/** An error of the client: a rejected send, or a connection that stopped. */
export declare class StreamsError extends Error {
	constructor(code: string, message: string, more?: { details?: Array<{ field: string; message: string }>; closeCode?: number; closeReason?: string });
	readonly name: "StreamsError";
	/** A {@link ProtocolErrorCode}, a {@link ClientErrorCode}, or an application's code. */
	code: ProtocolErrorCode | ClientErrorCode | (string & {});
	/** Failed fields, for `VALIDATION_FAILED`. */
	details: Array<{ field: string; message: string }>;
	/** The close code that stopped the connection or lost the frame. */
	closeCode?: number;
	closeReason?: string;
}

/** Compares two stream ids `<epochMillis>-<seq>` numerically. */
export declare function compareIds(a: string, b: string): number;

/** Options of one send. */
export interface SendOptions {
	/** false: reject with `OFFLINE` instead of queueing while not open. Default true. */
	queue?: boolean;
	/** The answer's timeout instead of `replyTimeoutMs`. */
	timeoutMs?: number;
}

/** The state every feature has. */
export interface FeatureState {
	name: string;
	/** `streams` or `pub-sub`, known after the first welcome (or from `name:strategy`). */
	strategy: string | null;
	/** The last event frame received. */
	last: EventFrame | null;
	/** The messages of a `streams` feature: ordered by id, each once. Empty for `pub-sub`. */
	messages: EventFrame[];
	/** Whether the `synced` event of the current connection came. */
	synced: boolean;
	/** That event's `recovered`; false: messages were missed for good. */
	recovered: boolean | null;
	/** The resume point sent as `since` on reconnect. */
	lastId: string | null;
}

/** A feature of a connection, such as `ws.chat`. */
export declare class Feature<S extends object = {}> implements Readable<FeatureState & S> {
	constructor(connection: Connection, name: string, strategy?: string | null);
	readonly connection: Connection;
	readonly name: string;
	/** The application's part of the state before any frame. */
	initialState(): S;
	/** The state after an event frame; must not change `state` in place. */
	reduce(state: FeatureState & S, frame: EventFrame): FeatureState & S;
	/** Called after every welcome. */
	welcomed(welcome: Welcome): void;
	readonly state: FeatureState & S;
	readonly strategy: string | null;
	readonly messages: EventFrame[];
	readonly last: EventFrame | null;
	readonly lastId: string | null;
	subscribe(fn: (state: FeatureState & S) => void): () => void;
	/** Listens to an event (`*` for all); returns the removal. */
	on(event: string, fn: (frame: EventFrame) => void): () => void;
	/** Sends an action (default `message`) and resolves with its reply. */
	send<R = any>(action?: string, data?: unknown, options?: SendOptions): Promise<ReplyFrame<R>>;
	/** Sends data with the action `message`. */
	publish<R = any>(data: unknown, options?: SendOptions): Promise<ReplyFrame<R>>;
	/** Loads older messages of a `streams` feature into `messages`. */
	history(page?: { before?: string; limit?: number }): Promise<{ messages: EventFrame[]; more: boolean }>;
}

/** A user on the stream, as presence shows it. */
export interface PresenceUser {
	id: string;
	status: string;
	connections?: number;
	since?: number;
	anonymous?: boolean;
}

/** The built-in `presence` feature. */
export declare class PresenceFeature extends Feature<{ users: PresenceUser[] }> {
	readonly users: PresenceUser[];
	/** Changes this user's status; set again after every reconnect. */
	setStatus(status: string): Promise<ReplyFrame<PresenceUser>>;
}

/** The kind of a feature: a class extending {@link Feature}, or a reducer. */
export type FeatureKind =
	| (new (connection: Connection, name: string, strategy: string | null) => Feature<any>)
	| { initial?(): object; reduce?(state: any, frame: EventFrame): any };

/** Registers the kind of a feature by the feature's name, for connections created after. */
export declare function registerFeature(name: string, kind: FeatureKind): void;

/** The options of {@link connect}. */
export interface ConnectOptions {
	/** The stream, such as `channel:1`. */
	stream: string;
	/** The features, each `name` or `name:strategy`. */
	clients: string[];
	/** One URL, a list tried in turn, or a function of the attempt's number; default `path` on the page's origin. */
	url?: string | string[] | ((attempt: number) => string);
	/** The path on the page's origin without `url`. Default `/ws`. */
	path?: string;
	/** A bearer token, offered as the subprotocol next to `ws-streams`; a function is asked before every attempt. */
	token?: string | (() => string | Promise<string>);
	/** The WebSocket constructor. Default `globalThis.WebSocket`. */
	WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
	/** Kinds of features for this connection, by name. */
	features?: Record<string, FeatureKind>;
	/** The first reconnect delay's ceiling. Default 500. */
	baseDelayMs?: number;
	/** The largest reconnect delay. Default 30000. */
	maxDelayMs?: number;
	/** How long a connection must stay open for the backoff to start over. Default 10000. */
	stableMs?: number;
	/** The least delay after 4429. Default 10000. */
	laterDelayMs?: number;
	/** Attempts in a row without a welcome before `failed`. Default Infinity. */
	maxAttempts?: number;
	/** How long an attempt may take to be welcomed. Default 10000. */
	connectTimeoutMs?: number;
	/** How often to ping; default the welcome's `heartbeatMs`; 0: never. */
	pingIntervalMs?: number;
	/** How long a pong may take. Default 10000. */
	pongTimeoutMs?: number;
	/** How long a send waits for its answer. Default 10000. */
	replyTimeoutMs?: number;
	/** How many sends may wait for the connection. Default 100. */
	queueLimit?: number;
	/** How many messages a `streams` feature keeps. Default 1000. */
	messageLimit?: number;
	/** Asked when an attempt closed before its welcome: false ends in `signed-out`. */
	checkSession?: () => boolean | Promise<boolean>;
	/** The jitter's random source, in [0, 1). Default `Math.random`. */
	random?: () => number;
}

/** A connection's state. */
export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "signed-out" | "closed" | "failed";

/** A connection's store value. */
export interface ConnectionValue {
	state: ConnectionState;
	stream: string;
	/** While `reconnecting`, the wait before the next attempt; null during an attempt. */
	delay: number | null;
	/** Attempts in a row that were not welcomed. */
	attempt: number;
	/** How many times the connection was welcomed again. */
	reconnects: number;
	welcome: Welcome | null;
	user: { id: string } | null;
	connectionId: string | null;
	closeCode: number | null;
	closeReason: string | null;
	/** Why the connection stopped (`failed`, `signed-out`). */
	error: StreamsError | null;
	/** When the current connection was welcomed (epoch ms). */
	openedAt: number | null;
}

/** The counters of a connection. */
export interface Stats {
	messagesIn: number;
	messagesOut: number;
	bytesIn: number;
	bytesOut: number;
	reconnects: number;
	/** ms since the current connection was welcomed, 0 when not open. */
	uptime: number;
}

/** The events of a connection. */
export interface ConnectionEvents {
	state: ConnectionValue;
	welcome: Welcome;
	close: { code: number; reason: string; delay: number | null };
	error: StreamsError;
	frame: any;
	"*": any;
}

/** One connection to one stream; its features are also properties named after them. */
export declare class Connection implements Readable<ConnectionValue> {
	constructor(options: ConnectOptions);
	readonly options: Required<Omit<ConnectOptions, "url" | "token" | "WebSocket" | "features" | "pingIntervalMs" | "checkSession" | "random">> & ConnectOptions;
	readonly value: ConnectionValue;
	readonly state: ConnectionState;
	readonly features: Feature<any>[];
	/** A feature by name. */
	feature<F extends Feature<any> = Feature<any>>(name: string): F;
	subscribe(fn: (value: ConnectionValue) => void): () => void;
	on<E extends keyof ConnectionEvents>(event: E, fn: (payload: ConnectionEvents[E]) => void): () => void;
	stats(): Stats;
	/** Opens the connection; after `closed`, `failed` or `signed-out` it starts again. */
	open(): this;
	/** Ends a reconnect's wait and tries at once. */
	reconnect(): void;
	/** Closes the connection for good. */
	close(): void;
	/** Sends a frame to a feature and resolves with its reply. */
	send<R = any>(type: string, action?: string, data?: unknown, options?: SendOptions): Promise<ReplyFrame<R>>;
	/** The features by name, such as `ws.chat`. */
	readonly [feature: string]: any;
}

/** Connects to a stream and keeps the connection open. */
export declare function connect(options: ConnectOptions): Connection;
