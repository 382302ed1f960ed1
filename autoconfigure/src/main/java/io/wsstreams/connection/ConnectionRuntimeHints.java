package io.wsstreams.connection;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the connection layer in a native image: the WebSocket session
 * types that {@link FrameSinkFactory} looks up by name, and the {@code state} field of
 * Tomcat's session that {@link StandardFrameSink} reads reflectively.
 */
class ConnectionRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, FrameSinkFactory.JAKARTA_SESSION);
		hints.reflection().registerTypeIfPresent(classLoader, FrameSinkFactory.JETTY_SESSION);
		hints.reflection()
			.registerTypeIfPresent(classLoader, StandardFrameSink.TomcatState.SESSION_CLASS,
					(type) -> type.withField(StandardFrameSink.TomcatState.STATE_FIELD));
	}

}
