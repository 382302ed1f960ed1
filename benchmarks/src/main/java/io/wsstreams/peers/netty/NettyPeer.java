package io.wsstreams.peers.netty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.Version;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wsstreams.bench.BenchControl;
import io.wsstreams.bench.BenchTarget;
import io.wsstreams.bench.Payload;

/**
 * A peer of the benchmarks: a plain Netty WebSocket server that writes one pre-encoded
 * {@link TextWebSocketFrame} to every channel of a topic's {@link ChannelGroup} (each
 * channel gets a retained duplicate). A connection to {@code /ws?topics=a,b} is on topics
 * {@code a} and {@code b} ({@code bench:1} without the parameter); {@code /bench/*} are
 * the endpoints of {@link BenchControl}.
 *
 * <p>Run with {@code --server.port=N}, as the Spring servers are.
 */
public final class NettyPeer implements BenchTarget {

	private final Map<String, ChannelGroup> topics = new ConcurrentHashMap<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final BenchControl control;

	private NettyPeer() {
		Map<String, Version> versions = Version.identify();
		Version version = versions.get("netty-codec-http");
		this.control = new BenchControl(this, "Netty/" + ((version != null) ? version.artifactVersion() : "4"));
	}

	public static void main(String[] args) throws Exception {
		int port = 8090;
		for (String arg : args) {
			if (arg.startsWith("--server.port=")) {
				port = Integer.parseInt(arg.substring("--server.port=".length()));
			}
		}
		new NettyPeer().serve(port);
	}

	private void serve(int port) throws Exception {
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
		WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
			.websocketPath("/ws")
			.checkStartsWith(true)
			.maxFramePayloadLength(65536)
			.handshakeTimeoutMillis(30_000)
			.build();
		Channel server = new ServerBootstrap().group(boss, workers)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new ControlHandler(),
								new WebSocketServerProtocolHandler(config), new SubscriberHandler());
				}

			})
			.bind(port)
			.sync()
			.channel();
		server.closeFuture().sync();
	}

	@Override
	public void publish(String stream, Payload payload) {
		ChannelGroup group = this.topics.get(stream);
		if (group != null) {
			ByteBuf frame = Unpooled.copiedBuffer(payload.frame(stream), StandardCharsets.UTF_8);
			group.writeAndFlush(new TextWebSocketFrame(frame), ChannelMatchers.all(), true);
		}
	}

	@Override
	public int connections() {
		return this.connections.get();
	}

	/** Answers {@code /bench/*}; passes every other request on to the WebSocket handshake. */
	private final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

		ControlHandler() {
			super(false);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
			QueryStringDecoder query = new QueryStringDecoder(request.uri());
			if (!query.path().startsWith("/bench/")) {
				context.fireChannelRead(request);
				return;
			}
			request.release();
			Map<String, List<String>> parameters = query.parameters();
			Map<String, Object> answer = switch (query.path()) {
				case "/bench/run" -> NettyPeer.this.control.run(Double.parseDouble(parameters.get("rate").get(0)),
						Long.parseLong(parameters.get("count").get(0)), Integer.parseInt(parameters.get("size").get(0)),
						parameters.containsKey("groups") ? Integer.parseInt(parameters.get("groups").get(0)) : 0);
				case "/bench/stop" -> NettyPeer.this.control.stop();
				case "/bench/heap" -> NettyPeer.this.control.heap();
				default -> NettyPeer.this.control.stats();
			};
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
					Unpooled.copiedBuffer(BenchControl.json(answer), StandardCharsets.UTF_8));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}

	}

	/** Puts a channel in its topics' groups once its handshake is complete. */
	private final class SubscriberHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
				List<String> names = new QueryStringDecoder(handshake.requestUri()).parameters()
					.getOrDefault("topics", List.of("bench:1"));
				for (String name : String.join(",", names).split(",")) {
					NettyPeer.this.topics.computeIfAbsent(name, (key) -> new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
						.add(context.channel());
				}
				NettyPeer.this.connections.incrementAndGet();
				context.channel().closeFuture().addListener((future) -> NettyPeer.this.connections.decrementAndGet());
			}
			super.userEventTriggered(context, event);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
			// Clients send nothing but control frames, which the protocol handler answers.
		}

	}

}
