package io.wsstreams.autoconfigure;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.wsstreams.autoconfigure.WsStreamsProperties.Transport.Shrink;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TomcatBufferCustomizer}'s message buffer sizes, the context parameters
 * it gives Tomcat's WebSocket container, and the connector's cache of sockets' buffers.
 */
class TomcatBufferCustomizerTests {

	private static final String SHRUNK = "256";

	private static final String TOMCAT_DEFAULT = "8192";

	private final AtomicInteger asked = new AtomicInteger();

	@Test
	void shrinksWhenTheApplicationHasNoEndpointOfItsOwn() {
		Context context = customize(Shrink.AUTO, 256, endpoints());
		assertThat(text(context)).isEqualTo(SHRUNK);
		assertThat(binary(context)).isEqualTo(SHRUNK);
		assertThat(this.asked).hasValue(1);
	}

	@Test
	void leavesTomcatsDefaultWhenTheApplicationHasAnEndpointOfItsOwn() {
		Context context = customize(Shrink.AUTO, 256, endpoints("webSocketHandlerMapping"));
		// The I/O buffer property, set by ws-streams, would make Tomcat's default 1 KiB.
		assertThat(System.getProperty(TomcatBufferCustomizer.IO_BUFFER_PROPERTY)).isNotNull();
		assertThat(text(context)).isEqualTo(TOMCAT_DEFAULT);
		assertThat(binary(context)).isEqualTo(TOMCAT_DEFAULT);
	}

	@Test
	void alwaysShrinksWithoutLooking() {
		Context context = customize(Shrink.ALWAYS, 256, endpoints("webSocketHandlerMapping"));
		assertThat(text(context)).isEqualTo(SHRUNK);
		assertThat(this.asked).hasValue(0);
	}

	@Test
	void neverShrinks() {
		Context context = customize(Shrink.NEVER, 256, endpoints());
		assertThat(text(context)).isEqualTo(TOMCAT_DEFAULT);
		assertThat(this.asked).hasValue(0);
	}

	@Test
	void aMessageBufferSizeOfZeroLeavesTomcatsDefault() {
		Context context = customize(Shrink.ALWAYS, 0, endpoints());
		assertThat(text(context)).isEqualTo(TOMCAT_DEFAULT);
	}

	@Test
	void keepsTheApplicationsOwnParameters() {
		StandardContext context = new StandardContext();
		context.addParameter(TomcatBufferCustomizer.TEXT_BUFFER_PARAMETER, "65536");
		customize(context, Shrink.ALWAYS, 256, endpoints());
		assertThat(text(context)).isEqualTo("65536");
		assertThat(binary(context)).isEqualTo(SHRUNK);
	}

	@Test
	void turnsOffTomcatsBufferCacheWhenUpgradedSocketsGetSmallBuffers() {
		assertThat(bufferPool(1024)).isEqualTo("0");
	}

	@Test
	void leavesTomcatsBufferCacheAloneWhenUpgradedSocketsKeepTheirBuffers() {
		assertThat(bufferPool(0)).isNotEqualTo("0");
	}

	private static String bufferPool(int upgradedSocketBufferSize) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new TomcatBufferCustomizer(Shrink.NEVER, 256, 1024, 0, upgradedSocketBufferSize, () -> Set.of())
			.customize(factory);
		Connector connector = new Connector();
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		return String.valueOf(connector.getProperty("socket.bufferPool"));
	}

	private Supplier<Set<String>> endpoints(String... names) {
		return () -> {
			this.asked.incrementAndGet();
			return Set.of(names);
		};
	}

	private Context customize(Shrink shrink, int messageBufferSize, Supplier<Set<String>> endpoints) {
		return customize(new StandardContext(), shrink, messageBufferSize, endpoints);
	}

	private Context customize(Context context, Shrink shrink, int messageBufferSize,
			Supplier<Set<String>> endpoints) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new TomcatBufferCustomizer(shrink, messageBufferSize, 1024, 0, 0, endpoints).customize(factory);
		factory.getContextCustomizers().forEach((customizer) -> customizer.customize(context));
		return context;
	}

	private static @Nullable String text(Context context) {
		return context.findParameter(TomcatBufferCustomizer.TEXT_BUFFER_PARAMETER);
	}

	private static @Nullable String binary(Context context) {
		return context.findParameter(TomcatBufferCustomizer.BINARY_BUFFER_PARAMETER);
	}

}
