package io.wsstreams.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.TestApplication;
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
			List<BareSocket> sockets = open(context.getBean(InMemorySessionRepository.class),
					web.getWebServer().getPort());

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

	private static List<BareSocket> open(InMemorySessionRepository sessions, int port) throws Exception {
		List<String> tokens = new ArrayList<>();
		for (int user = 0; user < 20; user++) {
			MapSession session = sessions.createSession();
			session.setAttribute("user", "shutdown-" + user);
			sessions.save(session);
			tokens.add(session.getId());
		}
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<BareSocket>> opening = new ArrayList<>();
			for (int i = 0; i < SOCKETS; i++) {
				String token = tokens.get(i % tokens.size());
				String query = "stream=shutdown:" + (i % 10) + "&clients=echo,log,presence";
				opening.add(threads.submit(() -> BareSocket.join(port, query, token)));
			}
			List<BareSocket> sockets = new ArrayList<>();
			for (Future<BareSocket> socket : opening) {
				sockets.add(socket.get());
			}
			return sockets;
		}
		finally {
			threads.shutdown();
		}
	}

}
