package io.wsstreams.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.it.StreamsSocketSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base class for tests of the operations side over HTTP: the actuator client, signing
 * users in, and ending any drain a test started so that the shared server accepts
 * handshakes again.
 */
abstract class OperationsTestSupport extends StreamsSocketSupport {

	@Autowired
	protected ConnectionDrainer drainer;

	@Autowired
	protected MeterRegistry meters;

	protected Actuator actuator;

	@BeforeEach
	void actuator() {
		this.actuator = new Actuator(this.port);
	}

	@AfterEach
	void endDrain() {
		this.drainer.resume();
	}

	/**
	 * Creates a signed-in session.
	 * @param user the user id
	 * @return the session id, to send as {@code X-Auth-Token}
	 */
	protected String signIn(String user) {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", user);
		this.sessions.save(session);
		return session.getId();
	}

	/**
	 * Asserts that the gauges and the endpoint report no open connection, no stream with
	 * connections, no queued bytes and no feature with connections.
	 */
	protected void assertNothingOpen() {
		assertThat(this.meters.get("ws.streams.connections.open").gauge().value()).isZero();
		assertThat(this.meters.get("ws.streams.streams").gauge().value()).isZero();
		assertThat(this.meters.get("ws.streams.outbound.queued").gauge().value()).isZero();
		this.meters.get("ws.streams.connections")
			.gauges()
			.forEach((gauge) -> assertThat(gauge.value()).as(gauge.getId().toString()).isZero());
		JsonNode summary = this.actuator.streams();
		assertThat(summary.path("connections").asInt()).isZero();
		assertThat(summary.path("streams").asInt()).isZero();
		summary.path("features")
			.properties()
			.forEach((feature) -> assertThat(feature.getValue().path("connections").asInt()).as(feature.getKey())
				.isZero());
	}

}
