package io.wsstreams.feature;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.wsstreams.OnJoin;
import io.wsstreams.OnLeave;
import io.wsstreams.feature.CallbackFeatures.Call;
import io.wsstreams.feature.CallbackFeatures.Calls;
import io.wsstreams.it.RawWebSocket;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TestApplication;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link OnJoin @OnJoin} and {@link OnLeave @OnLeave} through real sockets: called once
 * per connection and feature, with the connection's context, after the join frames, and
 * whichever way the connection ends.
 */
@StreamsServerTest
@Import(CallbackFeatures.class)
class JoinLeaveCallbackTests extends SocketTestSupport {

	private static final String FEATURES = "hooks,hooks-log,echo";

	@Autowired
	Calls calls;

	@Test
	void onJoinIsCalledOncePerFeatureWithTheConnectionsContextAfterItsJoinFrames() {
		String user = unique("alice");
		String stream = "room:" + unique("join");
		StreamsTestConnection client = connectAs(user, "stream=" + stream + "&clients=" + FEATURES);
		JsonNode welcome = client.next();
		assertThat(welcome.path("type").asString()).isEqualTo("welcome");
		String connectionId = welcome.path("data").path("connectionId").asString();
		List<String> frames = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JsonNode frame = client.next();
			frames.add(frame.path("type").asString() + " " + frame.path("event").asString());
		}
		assertThat(frames).as("the join frames, then what the callbacks sent, in feature order")
			.containsExactly("hooks-log synced", "hooks hello", "hooks-log hello");
		assertOpen(client);
		assertThat(this.calls.on(stream)).containsExactly(
				new Call("join", "hooks", connectionId, stream, user, List.of("hooks", "hooks-log", "echo")),
				new Call("join", "hooks-log", connectionId, stream, user, List.of("hooks", "hooks-log", "echo")));
	}

	@Test
	void onLeaveIsCalledOncePerFeatureWithTheConnectionsContextWhenTheClientCloses() {
		String alice = unique("alice");
		String stream = "room:" + unique("leave");
		StreamsTestConnection bob = join(unique("bob"), stream, "hooks");
		bob.next("hooks");
		StreamsTestConnection client = join(alice, stream, FEATURES);
		// The callbacks run after the welcome: wait for bob's join and alice's two.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.on("join", stream).size() == 3);
		String connectionId = this.calls.on("join", stream).get(1).connectionId();
		client.close();
		JsonNode left = bob.next("hooks");
		assertThat(left.path("event").asString()).as("published by the leave callback").isEqualTo("left");
		assertThat(left.path("data").path("user").asString()).isEqualTo(alice);
		assertThat(left.path("from").asString()).isEqualTo(alice);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.on("leave", stream).size() == 2);
		assertCalledOnce(stream, connectionId);
		assertThat(this.calls.on("leave", stream)).extracting(Call::user).containsOnly(alice);
		assertThat(this.calls.on("leave", stream)).extracting(Call::feature)
			.containsExactlyInAnyOrder("hooks", "hooks-log");
		assertOpen(bob);
	}

	@Test
	void onLeaveIsCalledOncePerFeatureWhenTheClientVanishesWithoutAClose() {
		String user = unique("alice");
		String stream = "room:" + unique("vanish");
		List<String> connectionIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			RawWebSocket socket = RawWebSocket.open(this.port, "/ws?stream=" + stream + "&clients=" + FEATURES,
					Map.of(AUTH_TOKEN, signIn(user)));
			assertThat(socket.status()).isEqualTo(101);
			JsonNode welcome = json(socket.readFrame().text());
			connectionIds.add(welcome.path("data").path("connectionId").asString());
			for (int frame = 0; frame < 3; frame++) {
				// synced and both hellos: the join callbacks ran.
				socket.readFrame();
			}
			socket.abort();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.calls.on("leave", stream).size() == 10);
		for (String connectionId : connectionIds) {
			assertCalledOnce(stream, connectionId);
		}
	}

	@Test
	void refusedConnectionsGetNoCallbacks() {
		String stream = "admin:" + unique("refused");
		StreamsTestConnection forbidden = connectAs(unique("alice"), "stream=" + stream + "&clients=hooks,notifications");
		assertClosed(forbidden, 4403, "Forbidden: notifications");
		StreamsTestConnection unknown = connectAs(unique("alice"), "stream=" + stream + "&clients=hooks,nope");
		assertClosed(unknown, 1008, "Unknown client: nope");
		StreamsTestConnection admitted = join(unique("admin"), stream, "hooks,notifications");
		admitted.next("hooks");
		admitted.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.on("leave", stream).size() == 1);
		assertThat(this.calls.on(stream)).extracting(Call::kind).containsExactly("join", "leave");
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Jetty", "Tomcat" })
	void onLeaveIsCalledForEveryOpenConnectionBeforeTheApplicationHasClosed(String server) {
		String excluded = "Tomcat".equals(server) ? StreamsServerTest.JETTY : StreamsServerTest.TOMCAT;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				CallbackFeatures.class)
			.run("--server.port=0", "--spring.autoconfigure.exclude=" + excluded, "--spring.main.banner-mode=off");
		List<StreamsTestConnection> clients = new ArrayList<>();
		try {
			Calls calls = context.getBean(Calls.class);
			InMemorySessionRepository sessions = context.getBean(InMemorySessionRepository.class);
			WebServerApplicationContext web = (WebServerApplicationContext) context;
			assertThat(web.getWebServer().getClass().getSimpleName()).startsWith(server);
			int port = web.getWebServer().getPort();
			String stream = "room:" + unique("shutdown");
			for (int i = 0; i < 10; i++) {
				MapSession session = sessions.createSession();
				session.setAttribute("user", "user-" + (i % 3));
				sessions.save(session);
				StreamsTestConnection client = StreamsTestConnection.open(
						URI.create("ws://localhost:" + port + "/ws?stream=" + stream + "&clients=" + FEATURES),
						Map.of(AUTH_TOKEN, session.getId()));
				clients.add(client);
				client.next("welcome");
				client.next((frame) -> "hooks-log".equals(frame.path("type").asString())
						&& "hello".equals(frame.path("event").asString()));
			}
			assertThat(calls.on("join", stream)).hasSize(20);
			// Leave callbacks that take a while, as an application's may.
			calls.leaveTakes(Duration.ofMillis(50));

			context.close();

			assertThat(calls.on("leave", stream)).as("leave callbacks run by the time the application has closed")
				.hasSize(20);
			for (Call join : calls.on("join", stream)) {
				assertThat(calls.on("leave", stream)).filteredOn((leave) -> leave.connectionId()
					.equals(join.connectionId()) && leave.feature().equals(join.feature()))
					.containsExactly(new Call("leave", join.feature(), join.connectionId(), stream, join.user(),
							join.clients()));
			}
			for (StreamsTestConnection client : clients) {
				assertThat(client.awaitClose().code()).isEqualTo(1012);
			}
		}
		finally {
			context.close();
			clients.forEach(StreamsTestConnection::close);
		}
	}

	private void assertCalledOnce(String stream, String connectionId) {
		Map<String, List<String>> byKind = this.calls.on(stream)
			.stream()
			.filter((call) -> call.connectionId().equals(connectionId))
			.collect(Collectors.groupingBy(Call::kind, Collectors.mapping(Call::feature, Collectors.toList())));
		assertThat(byKind).as("callbacks of connection %s", connectionId).containsOnlyKeys("join", "leave");
		assertThat(byKind.get("join")).containsExactly("hooks", "hooks-log");
		assertThat(byKind.get("leave")).containsExactlyInAnyOrderElementsOf(Set.of("hooks", "hooks-log"));
	}

	private static JsonNode json(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
	}

}
