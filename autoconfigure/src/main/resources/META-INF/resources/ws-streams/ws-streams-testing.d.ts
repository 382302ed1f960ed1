/**
 * Types of the ws-streams test helpers (`/ws-streams/ws-streams-testing.js`).
 * @module ws-streams-testing
 */
import type { ConnectOptions, Connection } from "./ws-streams.js";

/** A WebSocket of memory whose "server" side the test plays. */
export declare class MockWebSocket extends EventTarget {
	static readonly CONNECTING: 0;
	static readonly OPEN: 1;
	static readonly CLOSING: 2;
	static readonly CLOSED: 3;
	constructor(url: string | URL, protocols?: string | string[]);
	readonly url: string;
	/** The subprotocols offered. */
	readonly protocols: string[];
	/** The subprotocol chosen: the first offered, once open. */
	protocol: string;
	readyState: number;
	/** The texts sent, in order. */
	readonly sent: string[];
	/** The client's close, when it closed. */
	closedByClient: { code: number; reason: string } | null;
	onopen: ((event: Event) => void) | null;
	onmessage: ((event: Event & { data: string }) => void) | null;
	onclose: ((event: Event & { code: number; reason: string; wasClean: boolean }) => void) | null;
	onerror: ((event: Event) => void) | null;
	send(text: string): void;
	close(code?: number, reason?: string): void;
	/** The "server" accepts the handshake. */
	serverOpen(): void;
	/** The "server" sends a frame (opening the socket first when needed). */
	serverSend(frame: string | object): void;
	/** The "server" closes the socket; 1006 is a failed connection. */
	serverClose(code?: number, reason?: string): void;
}

/** Plays the server of a mock connection (`ws.mock`). */
export declare class MockServer {
	constructor(options: ConnectOptions, strategies: Record<string, string>);
	/** Every socket the connection opened, oldest first. */
	readonly sockets: MockWebSocket[];
	/** Every frame the client sent, parsed, pings included. */
	readonly sent: any[];
	/** Answer every ping with a pong at once. Default true. */
	autoPong: boolean;
	/** The newest socket. */
	readonly socket: MockWebSocket | undefined;
	/** The frames sent to a feature (all but pings without one). */
	frames(type?: string): any[];
	/** The last frame sent (to a feature), pings left out. */
	lastSent(type?: string): any;
	/** Opens the socket and sends a welcome; `data` replaces its members. */
	welcome(data?: object): { type: "welcome"; data: any };
	/** Sends any frame. */
	receive(frame: object | string): void;
	/** Sends a feature event with `extra`'s members (such as `id`, `from`). */
	event(feature: string, event: string, data?: unknown, extra?: object): any;
	/** Sends a `synced` event. */
	synced(feature: string, data?: { recovered?: boolean; last?: string | null }): any;
	/** Answers a sent frame (default: the last with a ref) with a reply. */
	reply(to?: object | string, data?: unknown, extra?: object): any;
	/** Answers a sent frame with an error; null sends one without `ref`. */
	error(to: object | string | null, code: string, message?: string, details?: Array<{ field: string; message: string }>): any;
	/** Closes the socket from the server's side; default 1006, a dropped connection. */
	close(code?: number, reason?: string): void;
	/** Waits for the next socket (a reconnect). */
	nextSocket(timeoutMs?: number): Promise<MockWebSocket>;
	/** Waits for a frame from the client that matches. */
	nextSent(matcher: (frame: any) => boolean, timeoutMs?: number): Promise<any>;
	/** Called for each socket the connection opens. */
	added(socket: MockWebSocket): void;
}

/** A connection over {@link MockWebSocket}s, with `mock` to play the server. */
export declare function mockConnection(options: ConnectOptions & { strategies?: Record<string, string> }): Connection & { mock: MockServer };

/** One socket a spy saw. */
export interface SpiedConnection {
	url: string;
	protocols: string[];
	socket: WebSocket;
	sent: any[];
	received: any[];
	closed: { code: number; reason: string } | null;
}

/** What a spy records. */
export interface WebSocketSpy {
	/** The constructor to pass as the client's `WebSocket` option. */
	WebSocket: new (url: string | URL, protocols?: string | string[]) => WebSocket;
	connections: SpiedConnection[];
	sends: Array<{ connection: number; frame: any }>;
	received: Array<{ connection: number; frame: any }>;
	disconnections: Array<{ connection: number; url: string; code: number; reason: string }>;
	/** Waits until a condition on the spy holds. */
	waitFor<T>(condition: (spy: WebSocketSpy) => T, timeoutMs?: number): Promise<T>;
}

/** Wraps a WebSocket constructor (default `globalThis.WebSocket`) in one that records. */
export declare function spyWebSocket(WebSocket?: new (url: string | URL, protocols?: string | string[]) => WebSocket): WebSocketSpy;
