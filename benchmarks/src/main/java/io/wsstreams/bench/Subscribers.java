package io.wsstreams.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import org.HdrHistogram.Histogram;

/**
 * The subscribers of the comparison benchmarks: many WebSocket connections on one Netty
 * event loop, speaking whichever protocol the server under test speaks, that read the
 * number ({@code "n"}) and the intended send time ({@code "t"}) of every publication they
 * receive and record its latency, from the intended time, in an HdrHistogram.
 *
 * <p>Connections are made from several loopback addresses, so that tens of thousands of
 * them do not run out of ephemeral ports.
 */
final class Subscribers {

	private static final byte[] NUMBER = "\"n\":".getBytes();

	private static final byte[] INTENDED = "\"t\":".getBytes();

	private static final int SOURCE_ADDRESSES = 8;

	private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final String host;

	private final int port;

	private final Protocol protocol;

	private final List<Channel> channels = new ArrayList<>();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong measured = new AtomicLong();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger extensions = new AtomicInteger();

	// Written by the event loop only, read through it.
	private Histogram histogram = new Histogram(TimeUnit.HOURS.toMicros(1), 3);

	private volatile long from = Long.MAX_VALUE;

	private volatile long to = Long.MAX_VALUE;

	private volatile long deadline = Long.MAX_VALUE;

	Subscribers(String base, Protocol protocol) {
		this.host = base.substring(0, base.lastIndexOf(':'));
		this.port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
		this.protocol = protocol;
	}

	/**
	 * Opens connections, at most 200 handshakes at a time, and returns once every one is
	 * open and has sent its subscriptions.
	 * @param count how many
	 * @param topics whether connection {@code i} is on its own topic and on the topic of
	 * group {@code i / 10}, rather than on {@code bench:1}
	 * @param stall whether the connections stop reading once subscribed
	 * @param browser whether they make the handshake Chromium makes, with an
	 * {@code Origin}, its usual headers and cookies, and an offer of
	 * {@code permessage-deflate}
	 */
	void connect(int count, boolean topics, boolean stall, boolean browser) throws Exception {
		Semaphore pending = new Semaphore(200);
		List<CompletableFuture<Void>> handshakes = new ArrayList<>();
		CompletableFuture<Void> failed = new CompletableFuture<>();
		for (int i = 0; i < count; i++) {
			while (!pending.tryAcquire(1, TimeUnit.SECONDS)) {
				if (failed.isDone()) {
					// One failure is enough: the others would wait for their timeouts.
					failed.get();
				}
			}
			CompletableFuture<Void> handshake = new CompletableFuture<>();
			handshake.whenComplete((result, failure) -> {
				pending.release();
				if (failure != null) {
					failed.completeExceptionally(failure);
				}
			});
			handshakes.add(handshake);
			ChannelFuture connected = bootstrap(i, topics, stall, browser, handshake).connect(
					new InetSocketAddress(this.host, this.port),
					new InetSocketAddress("127.0.0." + (1 + this.channels.size() % SOURCE_ADDRESSES), 0));
			connected.addListener((future) -> {
				if (!future.isSuccess()) {
					handshake.completeExceptionally(future.cause());
				}
			});
			this.channels.add(connected.channel());
		}
		for (CompletableFuture<Void> handshake : handshakes) {
			handshake.get(120, TimeUnit.SECONDS);
		}
	}

	private Bootstrap bootstrap(int index, boolean topics, boolean stall, boolean browser,
			CompletableFuture<Void> handshake) {
		String path = this.protocol.path(index, topics);
		HttpHeaders headers = new DefaultHttpHeaders();
		if (browser) {
			String origin = "http://" + this.host + ":" + this.port;
			headers.add("Origin", origin)
				.add("Pragma", "no-cache")
				.add("Cache-Control", "no-cache")
				.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
						+ "Chrome/131.0.0.0 Safari/537.36")
				.add("Accept-Encoding", "gzip, deflate, br, zstd")
				.add("Accept-Language", "en-GB,en-US;q=0.9,en;q=0.8")
				.add("Cookie", "theme=dark; consent=1; SESSION=YmVuY2htYXJrLXNlc3Npb24tY29va2llLXZhbHVl");
		}
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(URI.create("ws://" + this.host + ":" + this.port + path))
			.version(WebSocketVersion.V13)
			.customHeaders(headers)
			.allowExtensions(browser)
			.generateOriginHeader(false)
			.maxFramePayloadLength(1 << 20)
			.handshakeTimeoutMillis(120_000)
			.build();
		Bootstrap bootstrap = new Bootstrap().group(this.loop)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000);
		if (stall) {
			// A small window, so that the server's side backs up within seconds.
			bootstrap.option(ChannelOption.SO_RCVBUF, 2048);
		}
		return bootstrap.handler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					ChannelPipeline pipeline = channel.pipeline();
					pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(65536));
					if (browser) {
						pipeline.addLast(new ExtensionCounter(), new WebSocketClientCompressionHandler(0));
					}
					pipeline.addLast(new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
							new Receiver(index, topics, stall, handshake));
				}

			});
	}

	/**
	 * Records the deliveries of publications {@code from} (inclusive) to {@code to}
	 * (exclusive) that arrive before the deadline; resets the histogram and the count.
	 */
	void window(long from, long to, long deadline) throws Exception {
		this.loop.submit(() -> {
			this.histogram = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
			this.measured.set(0);
			this.from = from;
			this.to = to;
			this.deadline = deadline;
		}).get();
	}

	/** A copy of the latencies recorded in the window, in microseconds. */
	Histogram histogram() throws Exception {
		return this.loop.submit(() -> this.histogram.copy()).get();
	}

	/** Every delivery of a publication received so far. */
	long received() {
		return this.received.get();
	}

	/** The deliveries received in the window. */
	long measured() {
		return this.measured.get();
	}

	/** The connections open now. */
	int open() {
		return this.open.get();
	}

	/** The connections whose handshake negotiated an extension. */
	int extensions() {
		return this.extensions.get();
	}

	void close() throws Exception {
		for (Channel channel : this.channels) {
			channel.close();
		}
		this.loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
	}

	/**
	 * The number after a key in a frame, or -1.
	 * @param frame the frame
	 * @param key the key with its quotes and colon
	 * @return the number
	 */
	static long number(ByteBuf frame, byte[] key) {
		int end = frame.writerIndex() - key.length;
		for (int at = frame.readerIndex(); at <= end; at++) {
			int matched = 0;
			while (matched < key.length && frame.getByte(at + matched) == key[matched]) {
				matched++;
			}
			if (matched == key.length) {
				long value = 0;
				int digits = 0;
				for (int i = at + key.length; i < frame.writerIndex(); i++, digits++) {
					byte b = frame.getByte(i);
					if (b < '0' || b > '9') {
						break;
					}
					value = value * 10 + (b - '0');
				}
				return (digits > 0) ? value : -1;
			}
		}
		return -1;
	}

	/** What each server under test expects of a subscriber. */
	enum Protocol {

		/** ws-streams: one stream per connection; the own topic is the user's. */
		STREAMS {
			@Override
			String path(int index, boolean topics) {
				return topics ? "/ws?stream=group:" + (index / 10) + "&clients=bench&user=" + index
						: "/ws?stream=bench:1&clients=bench";
			}
		},

		/** The hand-written handler and Netty: topics in the query. */
		PLAIN {
			@Override
			String path(int index, boolean topics) {
				return topics ? "/ws?topics=user:" + index + ",group:" + (index / 10) : "/ws?topics=bench:1";
			}
		},

		/** STOMP: one {@code SUBSCRIBE} per topic, each with the number the connection sends. */
		STOMP {
			@Override
			String path(int index, boolean topics) {
				return "/ws";
			}

			@Override
			List<String> frames(int index, boolean topics) {
				List<String> destinations = topics ? List.of("/topic/user." + index, "/topic/group." + (index / 10))
						: List.of("/topic/bench.1");
				List<String> frames = new ArrayList<>();
				frames.add("CONNECT\naccept-version:1.2\nhost:bench\nheart-beat:0,0\n\n\0");
				for (int i = 0; i < destinations.size(); i++) {
					frames.add("SUBSCRIBE\nid:" + i + "\ndestination:" + destinations.get(i) + "\ntotal:"
							+ destinations.size() + "\n\n\0");
				}
				return frames;
			}
		};

		abstract String path(int index, boolean topics);

		/** The frames a connection sends once open. */
		List<String> frames(int index, boolean topics) {
			return List.of();
		}

	}

	/** Sees whether the handshake's response negotiated an extension. */
	private final class ExtensionCounter extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof HttpResponse response) {
				if (response.headers().contains("Sec-WebSocket-Extensions")) {
					Subscribers.this.extensions.incrementAndGet();
				}
				context.pipeline().remove(this);
			}
			context.fireChannelRead(message);
		}

	}

	/** Subscribes once open, then records what arrives. */
	private final class Receiver extends SimpleChannelInboundHandler<TextWebSocketFrame> {

		private final int index;

		private final boolean topics;

		private final boolean stall;

		private final CompletableFuture<Void> handshake;

		Receiver(int index, boolean topics, boolean stall, CompletableFuture<Void> handshake) {
			this.index = index;
			this.topics = topics;
			this.stall = stall;
			this.handshake = handshake;
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
				Subscribers.this.open.incrementAndGet();
				for (String frame : Subscribers.this.protocol.frames(this.index, this.topics)) {
					context.write(new TextWebSocketFrame(frame));
				}
				context.flush();
				if (this.stall) {
					context.channel().config().setAutoRead(false);
				}
				this.handshake.complete(null);
			}
			else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
				this.handshake.completeExceptionally(new IllegalStateException("Handshake timed out"));
			}
			super.userEventTriggered(context, event);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			if (this.handshake.isDone()) {
				Subscribers.this.open.decrementAndGet();
			}
			else {
				this.handshake.completeExceptionally(new IllegalStateException("Closed before the handshake"));
			}
			super.channelInactive(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.handshake.completeExceptionally(cause);
			context.close();
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
			long now = System.nanoTime();
			ByteBuf content = frame.content();
			long intended = number(content, INTENDED);
			if (intended < 0) {
				return;
			}
			long number = number(content, NUMBER);
			Subscribers.this.received.incrementAndGet();
			if (number >= Subscribers.this.from && number < Subscribers.this.to && now <= Subscribers.this.deadline) {
				Subscribers.this.measured.incrementAndGet();
				Subscribers.this.histogram.recordValue(Math.max(0, (now - intended) / 1000));
			}
		}

	}

}
