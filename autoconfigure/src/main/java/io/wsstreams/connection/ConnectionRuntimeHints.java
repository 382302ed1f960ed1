package io.wsstreams.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the connection layer in a native image: the WebSocket session
 * types that {@link FrameSinkFactory} looks up by name, the {@code state} field of
 * Tomcat's session that {@link StandardFrameSink} reads reflectively, the internals of
 * Tomcat's session and remote endpoint that {@link TomcatFrameSink} reads, and the buffer
 * fields of Tomcat's socket buffers that {@link TomcatSocketBuffers} replaces.
 */
class ConnectionRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, FrameSinkFactory.JAKARTA_SESSION);
		hints.reflection().registerTypeIfPresent(classLoader, FrameSinkFactory.JETTY_SESSION);
		hints.reflection()
			.registerTypeIfPresent(classLoader, StandardFrameSink.TomcatState.SESSION_CLASS,
					(type) -> type.withField(StandardFrameSink.TomcatState.STATE_FIELD)
						.withField(TomcatFrameSink.Internals.REMOTE_FIELD)
						.withMethod(TomcatFrameSink.Internals.ACTIVE_WRITE_METHOD, List.of(), ExecutableMode.INVOKE));
		hints.reflection()
			.registerTypeIfPresent(classLoader, FrameSinkFactory.TOMCAT_REMOTE_ENDPOINT,
					(type) -> type.withField(TomcatFrameSink.Internals.SOCKET_FIELD));
		hints.reflection()
			.registerTypeIfPresent(classLoader, TomcatFrameSink.Internals.REMOTE_BASE_CLASS,
					(type) -> type.withField(TomcatFrameSink.Internals.LOCK_FIELD));
		hints.reflection()
			.registerTypeIfPresent(classLoader, TomcatSocketBuffers.HANDLER_CLASS,
					(type) -> type.withField(TomcatSocketBuffers.READ_FIELD).withField(TomcatSocketBuffers.WRITE_FIELD));
	}

}
