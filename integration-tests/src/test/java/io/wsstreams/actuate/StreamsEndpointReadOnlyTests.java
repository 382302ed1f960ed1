package io.wsstreams.actuate;

import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.TestApplication;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code streams} endpoint with its default access, read-only: the summary and a
 * stream's connections are readable, closing a stream and draining are not available.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=" + OperationsTest.JETTY,
				"management.endpoints.web.exposure.include=health,streams",
				"management.endpoint.health.probes.enabled=true" })
class StreamsEndpointReadOnlyTests extends StreamsSocketSupport {

	private Actuator actuator;

	@BeforeEach
	void actuator() {
		this.actuator = new Actuator(this.port);
	}

	@Test
	void readOperationsAreAvailable() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:read-only", "echo")) {
			assertThat(this.actuator.get("/streams").status()).isEqualTo(200);
			assertThat(this.actuator.get("/streams/room:read-only").status()).isEqualTo(200);
		}
	}

	@Test
	void deleteOperationIsNotAvailable() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:read-only-delete", "echo")) {
			assertThat(this.actuator.delete("/streams/room:read-only-delete").status()).isEqualTo(405);

			alice.sendText("{\"type\":\"ping\",\"ref\":\"p\"}");
			assertThat(alice.next("pong").path("ref").asString()).isEqualTo("p");
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void drainOperationIsNotAvailable() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:read-only-drain", "echo")) {
			assertThat(this.actuator.post("/streams", "{\"rate\":1000}").status()).isEqualTo(405);

			assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(200);
			try (StreamsTestConnection bob = this.sockets.join("bob", "room:read-only-drain", "echo")) {
				alice.sendText("{\"type\":\"ping\",\"ref\":\"p\"}");
				assertThat(alice.next("pong").path("ref").asString()).isEqualTo("p");
				assertThat(bob.isClosed()).isFalse();
			}
		}
	}

}
