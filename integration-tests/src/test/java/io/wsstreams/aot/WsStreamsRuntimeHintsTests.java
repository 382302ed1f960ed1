package io.wsstreams.aot;

import java.io.IOException;
import java.util.List;

import io.wsstreams.PresenceUser;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

/**
 * The hints that ws-streams registers for itself, through the registrars that its
 * {@code META-INF/spring/aot.factories} lists: resources it loads, classes it looks up by
 * name or reads reflectively, and its own types that Jackson writes.
 */
class WsStreamsRuntimeHintsTests {

	private final RuntimeHints hints = registeredHints();

	@Test
	void everyLuaScriptOfTheRedisBrokerIsAResource() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:io/wsstreams/broker/redis/*.lua");
		assertThat(scripts).hasSizeGreaterThanOrEqualTo(7);
		for (Resource script : scripts) {
			assertThat(resource().forResource("io/wsstreams/broker/redis/" + script.getFilename()))
				.as(script.getFilename())
				.accepts(this.hints);
		}
		assertThat(resource().forResource("io/wsstreams/broker/redis/other.txt")).rejects(this.hints);
	}

	@Test
	void classesLookedUpByNameAreRegistered() {
		for (String name : List.of("jakarta.websocket.Session", "org.eclipse.jetty.websocket.api.Session",
				"org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
				"org.springframework.security.core.context.SecurityContext",
				"org.springframework.session.data.redis.RedisIndexedSessionRepository",
				"org.springframework.web.socket.config.annotation.WebSocketConfigurer",
				"org.springframework.web.socket.server.standard.ServerEndpointExporter",
				"org.springframework.web.socket.WebSocketHandler", "jakarta.websocket.server.ServerEndpoint")) {
			assertThat(reflection().onType(TypeReference.of(name))).as(name).accepts(this.hints);
		}
	}

	@Test
	void theStateFieldOfTomcatsSessionIsReadable() {
		assertThat(reflection().onFieldAccess(WsSession.class, "state")).accepts(this.hints);
	}

	@Test
	void theInternalsOfTomcatThatItsSinkWritesThroughAreReachable() throws NoSuchMethodException {
		assertThat(reflection().onFieldAccess(WsSession.class, "wsRemoteEndpoint")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(WsSession.class.getDeclaredMethod("updateLastActiveWrite")))
			.accepts(this.hints);
		assertThat(reflection().onFieldAccess(WsRemoteEndpointImplServer.class, "socketWrapper")).accepts(this.hints);
		assertThat(reflection().onFieldAccess(WsRemoteEndpointImplBase.class, "messagePartInProgress"))
			.accepts(this.hints);
	}

	@Test
	void theHeadersOfSpringsJettySessionAreWritable() {
		assertThat(reflection().onFieldAccess(JettyWebSocketSession.class, "headers")).accepts(this.hints);
	}

	@Test
	void theSocketBuffersThatShrinkOnUpgradeAreWritable() {
		for (String field : List.of("readBuffer", "writeBuffer")) {
			assertThat(reflection().onFieldAccess(SocketBufferHandler.class, field)).as(field).accepts(this.hints);
		}
	}

	@Test
	void presenceTypesThatJacksonWritesAreBindable() throws ClassNotFoundException {
		Class<?> statusChange = Class.forName("io.wsstreams.broker.memory.InMemoryPresenceStore$StatusChange");
		for (Class<?> type : List.of(PresenceUser.class, statusChange)) {
			assertThat(reflection().onType(type).withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
				.as(type.getName())
				.accepts(this.hints);
			assertThat(reflection().onMethodInvocation(type, "status")).as(type.getName()).accepts(this.hints);
		}
		assertThat(reflection().onMethodInvocation(PresenceUser.class, "connections")).accepts(this.hints);
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		List<RuntimeHintsRegistrar> registrars = AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.asList()
			.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("io.wsstreams."))
			.toList();
		assertThat(registrars).as("ws-streams' registrars").hasSize(4);
		ClassLoader classLoader = WsStreamsRuntimeHintsTests.class.getClassLoader();
		registrars.forEach((registrar) -> registrar.registerHints(hints, classLoader));
		return hints;
	}

}
