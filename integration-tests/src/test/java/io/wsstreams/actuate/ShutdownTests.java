package io.wsstreams.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.it.TestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application with open sockets sends every client {@code 1012 Service
 * restart} and stops within seconds, well under the web server's 30 second graceful
 * shutdown timeout, on either server.
 */
class ShutdownTests {

	private static final int SOCKETS = 200;

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Jetty", "Tomcat" })
	void closesTwoHundredOpenSocketsWithServiceRestartAndStopsWithinSeconds(String server) throws Exception {
		String excluded = "Tomcat".equals(server) ? OperationsTest.JETTY : OperationsTest.TOMCAT;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.run("--server.port=0", "--server.shutdown=graceful", "--spring.autoconfigure.exclude=" + excluded,
					"--spring.main.banner-mode=off");
		try {
			WebServerApplicationContext web = (WebServerApplicationContext) context;
			assertThat(web.getWebServer().getClass().getSimpleName()).startsWith(server);
			List<String> tokens = signIn(context.getBean(InMemorySessionRepository.class), 20);
			List<BareSocket> sockets = BareSocket.joinAll(web.getWebServer().getPort(), SOCKETS,
					(i) -> "stream=shutdown:" + (i % 10) + "&clients=echo,log,presence",
					(i) -> tokens.get(i % tokens.size()));

			long started = System.nanoTime();
			context.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

			assertThat(shutdown).isLessThan(Duration.ofSeconds(5));
			for (BareSocket socket : sockets) {
				BareSocket.Close close = socket.awaitClose(Duration.ofSeconds(1));
				assertThat(close.code()).isEqualTo(1012);
				assertThat(close.reason()).isEqualTo("Service restart");
			}
		}
		finally {
			context.close();
		}
	}

	private static List<String> signIn(InMemorySessionRepository sessions, int users) {
		List<String> tokens = new ArrayList<>();
		for (int user = 0; user < users; user++) {
			MapSession session = sessions.createSession();
			session.setAttribute("user", "shutdown-" + user);
			sessions.save(session);
			tokens.add(session.getId());
		}
		return tokens;
	}

}
