package io.wsstreams.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatch and publish go through Micrometer's Observation API, so that Spring Boot's
 * metrics and tracing see them: recorded here with a {@link TestObservationRegistry}.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservationTests.TestObservations.class)
class ObservationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestObservationRegistry observations;

	@Autowired
	StoppedContexts stopped;

	@Test
	void aDispatchAndThePublicationItMakesAreObservedOneInsideTheOther() {
		this.observations.clear();
		this.stopped.contexts.clear();
		try (StreamsTestConnection alice = StreamsTestClient.forPort(this.port)
			.withBasic("alice", "secret")
			.connect("auction:9", "secure")) {
			assertThat(alice.request("secure", "announce", null)).isReply();
			assertThat(alice.request("secure", "bid", null)).isError("INSUFFICIENT_FUNDS");
		}

		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("ws.streams.dispatch")
			.that()
			.hasContextualNameEqualTo("ws-streams secure.announce")
			.hasLowCardinalityKeyValue("feature", "secure")
			.hasLowCardinalityKeyValue("action", "announce")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("stream", "auction:9")
			.hasBeenStopped();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("ws.streams.publish")
			.that()
			.hasLowCardinalityKeyValue("feature", "secure")
			.hasLowCardinalityKeyValue("strategy", "pub-sub")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("stream", "auction:9")
			.hasBeenStopped()
			.satisfies((context) -> {
				ObservationView parent = context.getParentObservation();
				assertThat(parent).isNotNull();
				assertThat(parent.getContextView().getName()).isEqualTo("ws.streams.dispatch");
			});
		assertThat(this.stopped.contexts).anySatisfy((context) -> {
			assertThat(context.getName()).isEqualTo("ws.streams.dispatch");
			assertThat(context.getLowCardinalityKeyValue("action").getValue()).isEqualTo("bid");
			assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("APPLICATION");
			assertThat(context.getError()).isInstanceOf(SecuredApplication.InsufficientFundsException.class);
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestObservations {

		@Bean
		StoppedContexts stoppedContexts() {
			return new StoppedContexts();
		}

		@Bean
		TestObservationRegistry testObservationRegistry(StoppedContexts stopped) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(stopped);
			return registry;
		}

	}

	/** Keeps every observation context when it stops. */
	static class StoppedContexts implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.contexts.add(context);
		}

	}

}
