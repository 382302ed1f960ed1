package io.wsstreams.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what the JDK's client cannot do: send the
 * handshake a browser sends (with {@code Sec-WebSocket-Extensions: permessage-deflate}),
 * read the handshake response's headers, write arbitrary frames, and drop the connection
 * without a close handshake.
 */
public final class RawWebSocket implements AutoCloseable {

	/** The extension offer of Chromium and Firefox. */
	public static final String BROWSER_EXTENSIONS = "permessage-deflate; client_max_window_bits";

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int status;

	private final Map<String, String> headers;

	private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.status = status;
		this.headers = headers;
	}

	/**
	 * Performs a browser-like handshake.
	 * @param port the server's port
	 * @param pathAndQuery the request target, such as {@code /ws?stream=channel:1&clients=echo}
	 * @param extraHeaders further request headers, such as {@code X-Auth-Token}
	 * @return the client, upgraded or not: see {@link #status()}
	 */
	public static RawWebSocket open(int port, String pathAndQuery, Map<String, String> extraHeaders) {
		return open(port, pathAndQuery, extraHeaders, 0);
	}

	/**
	 * Performs a browser-like handshake on a socket with a small receive buffer, so that
	 * what the client has not read yet backs up to the server soon.
	 * @param port the server's port
	 * @param pathAndQuery the request target
	 * @param extraHeaders further request headers
	 * @param receiveBufferSize the socket's receive buffer, or 0 for the system's
	 * @return the client, upgraded or not: see {@link #status()}
	 */
	public static RawWebSocket open(int port, String pathAndQuery, Map<String, String> extraHeaders,
			int receiveBufferSize) {
		try {
			Socket socket = new Socket();
			if (receiveBufferSize > 0) {
				socket.setReceiveBufferSize(receiveBufferSize);
			}
			socket.connect(new InetSocketAddress("localhost", port), 10_000);
			socket.setSoTimeout(10_000);
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			StringBuilder request = new StringBuilder();
			request.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
			request.append("Host: localhost:").append(port).append("\r\n");
			request.append("Connection: Upgrade\r\nUpgrade: websocket\r\n");
			request.append("Origin: http://localhost:").append(port).append("\r\n");
			request.append("User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ")
				.append("Chrome/131.0.0.0 Safari/537.36\r\n");
			request.append("Accept-Encoding: gzip, deflate, br, zstd\r\n");
			request.append("Accept-Language: en-GB,en;q=0.9\r\nCache-Control: no-cache\r\nPragma: no-cache\r\n");
			request.append("Sec-WebSocket-Version: 13\r\n");
			request.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
			request.append("Sec-WebSocket-Extensions: ").append(BROWSER_EXTENSIONS).append("\r\n");
			extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n");
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			String statusLine = readLine(in);
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
				int colon = line.indexOf(':');
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
						(a, b) -> a + ", " + b);
			}
			return new RawWebSocket(socket, status, headers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The handshake response's status: 101 when upgraded.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * A handshake response header.
	 * @param name the header's name, in any case
	 * @return its value, several joined by {@code ", "}, or {@code null} when absent
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * The handshake response's headers.
	 * @return the headers by lower-case name, several values joined by {@code ", "}
	 */
	public Map<String, String> headers() {
		return Map.copyOf(this.headers);
	}

	/**
	 * The client's own port, the server's remote port for this socket.
	 * @return the local port
	 */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Changes how long a read waits for the server: 10 seconds unless changed.
	 * @param timeout the longest wait, or {@link Duration#ZERO} for no limit
	 */
	public void readTimeout(Duration timeout) {
		try {
			this.socket.setSoTimeout((int) timeout.toMillis());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends a masked text frame.
	 * @param text the text
	 */
	public void sendText(String text) {
		sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a masked frame of any opcode with any payload, valid UTF-8 or not.
	 * @param opcode the opcode (1 text, 2 binary, 9 ping)
	 * @param payload the payload
	 */
	public void sendFrame(int opcode, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >>> shift) & 0xFF));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		try {
			this.out.write(frame.toByteArray());
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads the next frame the server sent.
	 * @return the frame
	 */
	public Frame readFrame() {
		try {
			int first = readByte();
			int second = readByte();
			long length = second & 0x7F;
			if (length == 126) {
				length = (readByte() << 8) | readByte();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | readByte();
				}
			}
			byte[] payload = this.in.readNBytes((int) length);
			return new Frame(first & 0x0F, (first & 0x40) != 0, payload);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Drops the TCP connection with a reset, as a client that vanished does.
	 */
	public void abort() {
		try {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
		catch (IOException ex) {
			// Gone already.
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Gone already.
		}
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw new IOException("Connection closed");
		}
		return b;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed during the handshake");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	/**
	 * A frame from the server.
	 *
	 * @param opcode the opcode
	 * @param compressed whether its RSV1 bit (permessage-deflate) is set
	 * @param payload the payload
	 */
	public record Frame(int opcode, boolean compressed, byte[] payload) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
