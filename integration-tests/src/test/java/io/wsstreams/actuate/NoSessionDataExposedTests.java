package io.wsstreams.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No session id, token or message body appears in the endpoint's output, the health
 * details, the meters or the log.
 */
@OperationsTest
@ExtendWith(OutputCaptureExtension.class)
class NoSessionDataExposedTests extends OperationsTestSupport {

	private static final String BODY = "body-7f3c9a";

	@Test
	void sessionIdAndMessageBodiesAppearInNoOperationsOutput(CapturedOutput output) {
		String token = signIn("alice");
		try (StreamsTestConnection alice = StreamsTestConnection.open(
				URI.create("ws://localhost:" + this.port + "/ws?stream=room:secret&clients=echo,log"),
				Map.of("X-Auth-Token", token))) {
			alice.next("welcome");
			alice.sendText("{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"p\",\"data\":{\"text\":\"" + BODY + "\"}}");
			alice.next("reply");
			alice.sendText("{\"type\":\"echo\",\"action\":\"" + BODY + "\",\"ref\":\"u\"}");
			alice.next("error");
			alice.sendText("{\"type\":\"echo\",\"action\":\"boom\",\"ref\":\"b\",\"data\":\"" + BODY + "\"}");
			alice.next("error");

			List<String> outputs = List.of(this.actuator.get("/streams").body(),
					this.actuator.get("/streams/room:secret").body(), this.actuator.get("/health").body(),
					this.actuator.get("/health/streams").body(), this.actuator.prometheus());

			assertThat(outputs).allSatisfy((text) -> {
				assertThat(text).isNotEmpty();
				assertThat(text).doesNotContain(token);
				assertThat(text).doesNotContain(BODY);
			});
			assertThat(this.meters.getMeters()).allSatisfy((meter) -> {
				assertThat(meter.getId().getTags().toString()).doesNotContain(token).doesNotContain(BODY);
			});
			alice.close();
			await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.actuator.get("/streams/room:secret").status() == 404);
			assertThat(output.getAll()).doesNotContain(token);
		}
	}

}
