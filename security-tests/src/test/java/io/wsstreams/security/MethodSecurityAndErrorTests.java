package io.wsstreams.security;

import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @PreAuthorize} on handlers, and the application's own error codes from exception
 * handlers.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class MethodSecurityAndErrorTests {

	@LocalServerPort
	int port;

	private StreamsTestConnection connect(String user) {
		return StreamsTestClient.forPort(this.port).withBasic(user, "secret").connect("auction:1", "secure");
	}

	@Test
	void preAuthorizeDeniesWithForbiddenAndAllowsTheRole() {
		try (StreamsTestConnection alice = connect("alice"); StreamsTestConnection root = connect("root")) {
			assertThat(alice.request("secure", "admin", null)).isError("FORBIDDEN");
			assertThat(root.request("secure", "admin", null)).isReply().hasData("", "granted");
			assertThat(alice).isOpen();
		}
	}

	@Test
	void theFeaturesOwnExceptionHandlerAnswersWithItsCode() {
		try (StreamsTestConnection alice = connect("alice")) {
			assertThat(alice.request("secure", "bid", null)).isError("INSUFFICIENT_FUNDS")
				.hasData("/message", "Not enough funds for this bid");
		}
	}

	@Test
	void anAdviceBeanAnswersACauseForEveryFeature() {
		try (StreamsTestConnection alice = connect("alice")) {
			assertThat(alice.request("secure", "closed", null)).isError("AUCTION_CLOSED")
				.hasData("/message", "The auction on auction:1 is closed");
		}
	}

	@Test
	void aStreamErrorExceptionAnswersWithItsCode() {
		try (StreamsTestConnection alice = connect("alice")) {
			assertThat(alice.request("secure", "sold-out", null)).isError("OUT_OF_STOCK").hasData("/message", "Sold out");
		}
	}

	@Test
	void anythingElseIsStillAnInternalErrorWithoutItsText() {
		try (StreamsTestConnection alice = connect("alice")) {
			assertThat(alice.request("secure", "boom", null)).isError("INTERNAL_ERROR").hasData("/message",
					"Internal error");
		}
	}

	@Test
	void aFrameWithoutRefGetsTheApplicationErrorToo() {
		try (StreamsTestConnection alice = connect("alice")) {
			alice.send("secure", "bid", null);

			assertThat(alice.awaitFrame("error", null).path("code").asString()).isEqualTo("INSUFFICIENT_FUNDS");
		}
	}

}
