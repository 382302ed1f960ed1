package io.wsstreams.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.wsstreams.PresenceUser;
import io.wsstreams.autoconfigure.WsStreamsAutoConfiguration.SecurityPresence;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of ws-streams' configuration in a native image: the classes it looks
 * up by name at run time to learn what the classpath holds (the application's own
 * WebSocket endpoints, Jetty, Spring Security, Spring Session's Redis store), and
 * {@link PresenceUser}, which Jackson writes into every presence {@code state} and
 * {@code join}.
 *
 * <p>The hints of the application's feature beans are registered for each application
 * by {@code StreamFeatureBeanFactoryInitializationAotProcessor}.
 */
class WsStreamsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		List<String> lookedUp = new ArrayList<>(ApplicationWebSocketEndpoints.typeNames());
		lookedUp.addAll(List.of(ContainerUpgradeStrategy.JETTY_CONTAINER, SecurityPresence.SECURITY_CONTEXT,
				SessionStoreConfigurations.REDIS_SESSION_REPOSITORY));
		for (String name : lookedUp) {
			hints.reflection().registerTypeIfPresent(classLoader, name);
		}
		hints.reflection()
			.registerTypeIfPresent(classLoader, ContainerUpgradeStrategy.JETTY_SESSION,
					(type) -> type.withField(ContainerUpgradeStrategy.HEADERS_FIELD));
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), PresenceUser.class);
	}

}
