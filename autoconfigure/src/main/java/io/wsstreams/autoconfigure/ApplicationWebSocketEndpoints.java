package io.wsstreams.autoconfigure;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.wsstreams.connection.StreamsWebSocketHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the WebSocket endpoints an application registers besides ws-streams, from its
 * bean definitions alone.
 *
 * <p>The answer is needed while the web server is created, before any application bean
 * exists, so it is read from bean types: every bean definition is registered by then,
 * and types are matched from bean classes and factory method return types without
 * instantiating anything ({@code allowEagerInit} is {@code false}, so no
 * {@code FactoryBean} is created to ask for its type either). Each of these counts as an
 * endpoint of the application's own:
 * <ul>
 * <li>{@code @EnableWebSocket} (its {@code WebSocketConfigurationSupport}) and any
 * {@code WebSocketConfigurer};</li>
 * <li>{@code @EnableWebSocketMessageBroker} (its
 * {@code WebSocketMessageBrokerConfigurationSupport}) and any
 * {@code WebSocketMessageBrokerConfigurer};</li>
 * <li>a {@code ServerEndpointExporter}, a {@code ServerEndpointConfig} bean, or a bean
 * annotated with {@code @ServerEndpoint};</li>
 * <li>a {@code WebSocketHandler} other than ws-streams' own handler, a
 * {@code WebSocketHttpRequestHandler} or {@code SockJsHttpRequestHandler}, and a
 * {@code WebSocketHandlerMapping} other than ws-streams' own mapping: these are how
 * endpoints are mapped by hand or by other libraries (GraphQL over WebSocket maps a
 * {@code WebSocketHandler} bean through a mapping declared as a plain
 * {@code HandlerMapping}).</li>
 * </ul>
 * The list errs on the side of finding an endpoint: a handler bean that nothing maps
 * still counts. What it cannot see are endpoints added to the container in code (such as
 * {@code ServerContainer.addEndpoint} from a servlet context initializer) with no such
 * bean.
 */
final class ApplicationWebSocketEndpoints {

	static final String STREAMS_HANDLER_MAPPING = "wsStreamsHandlerMapping";

	private static final List<String> ENDPOINT_TYPES = List.of(
			"org.springframework.web.socket.config.annotation.WebSocketConfigurationSupport",
			"org.springframework.web.socket.config.annotation.WebSocketConfigurer",
			"org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurationSupport",
			"org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer",
			"org.springframework.web.socket.server.standard.ServerEndpointExporter",
			"jakarta.websocket.server.ServerEndpointConfig",
			"org.springframework.web.socket.server.support.WebSocketHttpRequestHandler",
			"org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler");

	private static final String WEB_SOCKET_HANDLER = "org.springframework.web.socket.WebSocketHandler";

	private static final String HANDLER_MAPPING = "org.springframework.web.socket.server.support.WebSocketHandlerMapping";

	private static final String SERVER_ENDPOINT = "jakarta.websocket.server.ServerEndpoint";

	private ApplicationWebSocketEndpoints() {
	}

	/**
	 * The names of the types that {@link #find} looks up on the classpath.
	 * @return the class names
	 */
	static List<String> typeNames() {
		List<String> names = new ArrayList<>(ENDPOINT_TYPES);
		names.addAll(List.of(WEB_SOCKET_HANDLER, HANDLER_MAPPING, SERVER_ENDPOINT));
		return names;
	}

	/**
	 * Return the names of the beans that show an endpoint of the application's own.
	 * @param beanFactory the application's bean factory
	 * @return bean names, empty when ws-streams is the only endpoint found
	 */
	static Set<String> find(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = ApplicationWebSocketEndpoints.class.getClassLoader();
		Set<String> found = new LinkedHashSet<>();
		for (String typeName : ENDPOINT_TYPES) {
			Class<?> type = resolve(typeName, classLoader);
			if (type != null) {
				found.addAll(namesForType(beanFactory, type));
			}
		}
		Class<?> handler = resolve(WEB_SOCKET_HANDLER, classLoader);
		if (handler != null) {
			Set<String> handlers = new LinkedHashSet<>(namesForType(beanFactory, handler));
			handlers.removeAll(namesForType(beanFactory, StreamsWebSocketHandler.class));
			found.addAll(handlers);
		}
		Class<?> mapping = resolve(HANDLER_MAPPING, classLoader);
		if (mapping != null) {
			namesForType(beanFactory, mapping).stream()
				.filter((name) -> !STREAMS_HANDLER_MAPPING.equals(name))
				.forEach(found::add);
		}
		Class<?> serverEndpoint = resolve(SERVER_ENDPOINT, classLoader);
		if (serverEndpoint != null && serverEndpoint.isAnnotation()) {
			// Not getBeanNamesForAnnotation, which creates FactoryBeans to learn their type.
			Class<? extends Annotation> annotation = asAnnotation(serverEndpoint);
			for (String name : beanFactory.getBeanDefinitionNames()) {
				try {
					if (beanFactory.findAnnotationOnBean(name, annotation, false) != null) {
						found.add(name);
					}
				}
				catch (BeansException ex) {
					// A bean whose type cannot be determined yet is no endpoint found.
				}
			}
		}
		return found;
	}

	private static List<String> namesForType(ListableBeanFactory beanFactory, Class<?> type) {
		return Arrays.asList(BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, type, true, false));
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends Annotation> asAnnotation(Class<?> type) {
		return (Class<? extends Annotation>) type;
	}

	private static @Nullable Class<?> resolve(String name, ClassLoader classLoader) {
		return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
	}

}
