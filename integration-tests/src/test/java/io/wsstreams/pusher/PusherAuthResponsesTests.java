package io.wsstreams.pusher;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PusherAuthResponses}, against the examples of Pusher's documentation of
 * auth signatures: key {@code 278d425bdf160c739803}, secret {@code 7ad3773142a6692b25b8},
 * socket id {@code 1234.1234}.
 */
class PusherAuthResponsesTests {

	private static final String KEY = "278d425bdf160c739803";

	private final PusherSignatures signatures = new PusherSignatures(KEY, "7ad3773142a6692b25b8");

	private final PusherEncryption encryption = PusherEncryption.of(new byte[32]);

	private final PusherAuthResponses responses = new PusherAuthResponses(this.signatures, this.encryption);

	@Test
	void privateChannelResponseIsTheDocumentedAuth() {
		assertThat(this.responses.channel("1234.1234", "private-foobar")).containsExactly(Map.entry("auth",
				KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"));
	}

	@Test
	void presenceResponseSignsTheChannelDataAsGivenAndIsTheDocumentedOne() {
		String channelData = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}";
		assertThat(this.responses.presence("1234.1234", "presence-foobar", channelData)).containsExactly(
				Map.entry("auth", KEY + ":afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c"),
				Map.entry("channel_data", channelData));
	}

	@Test
	void presenceResponseWritesTheChannelDataOfAUserAndSignsIt() {
		Map<String, String> response = this.responses.presence("1234.1234", "presence-foobar", "10",
				Map.of("name", "Mr. Pusher"));
		assertThat(response.get("channel_data"))
			.isEqualTo("{\"user_id\":\"10\",\"user_info\":{\"name\":\"Mr. Pusher\"}}");
		assertThat(this.signatures.verifyChannel("1234.1234", "presence-foobar", response.get("channel_data"),
				response.get("auth")))
			.isTrue();
	}

	@Test
	void userResponseIsTheDocumentedOne() {
		assertThat(this.responses.user("1234.1234", "{\"id\":\"12345\"}")).containsExactly(
				Map.entry("auth", KEY + ":4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba"),
				Map.entry("user_data", "{\"id\":\"12345\"}"));
		assertThat(this.responses.user("1234.1234", "12345", null).get("user_data")).isEqualTo("{\"id\":\"12345\"}");
	}

	@Test
	void encryptedChannelResponseAddsTheChannelsSharedSecret() {
		Map<String, String> response = this.responses.channel("1234.1234", "private-encrypted-foobar");
		assertThat(response.get("auth"))
			.isEqualTo(this.signatures.authorizeChannel("1234.1234", "private-encrypted-foobar"));
		assertThat(Base64.getDecoder().decode(response.get("shared_secret")))
			.isEqualTo(this.encryption.sharedSecret("private-encrypted-foobar")).hasSize(32);
	}

	@Test
	void invalidRequestsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.responses.channel("1234.1234:x", "private-foobar"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.responses.channel("1234.1234", "private-a#b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.responses.channel("1234.1234", "public"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.responses.presence("1234.1234", "private-foobar", "{\"user_id\":1}"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PusherAuthResponses(this.signatures, null).channel("1234.1234",
					"private-encrypted-foobar"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.responses.user("nope", "{\"id\":\"1\"}"));
	}

}
