package io.wsstreams.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port, to make a server unreachable for a test without
 * touching it: {@link #cut()} closes every connection and refuses new ones until
 * {@link #restore()}; {@link #stall()} keeps connections open but stops forwarding what
 * clients send until {@link #restore()}, and {@link #holdReplies()} what the server sends.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private volatile boolean refusing;

	private volatile boolean stalled;

	private volatile boolean holdingReplies;

	private volatile boolean closed;

	/**
	 * Starts a proxy to a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @throws IOException when no port is free
	 */
	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * The port clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection and refuses new ones until restored. */
	public void cut() {
		this.refusing = true;
		closeAll();
	}

	/** Stops forwarding what clients send, keeping their connections open, until restored. */
	public void stall() {
		this.stalled = true;
	}

	/**
	 * Stops forwarding what the server sends, keeping connections open, until restored:
	 * requests reach the server, their answers do not come back.
	 */
	public void holdReplies() {
		this.holdingReplies = true;
	}

	/** Forwards again and accepts new connections. */
	public void restore() {
		this.refusing = false;
		synchronized (this.gate) {
			this.stalled = false;
			this.holdingReplies = false;
			this.gate.notifyAll();
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		restore();
		this.server.close();
		closeAll();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (this.refusing) {
					client.close();
					continue;
				}
				Socket target = new Socket();
				target.connect(new InetSocketAddress(this.targetHost, this.targetPort), 2000);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target, true);
				pump(target, client, false);
			}
			catch (IOException ex) {
				// Closed, or the target refused: the client sees its connection closed.
			}
		}
	}

	private void pump(Socket from, Socket to, boolean fromClient) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitFlowing(fromClient);
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// Cut or closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitFlowing(boolean fromClient) throws InterruptedException {
		synchronized (this.gate) {
			while (fromClient ? this.stalled : this.holdingReplies) {
				this.gate.wait();
			}
		}
	}

	private void closeAll() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
