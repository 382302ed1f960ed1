package io.wsstreams.pusher;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PusherSignatures}, against the worked examples of Pusher's
 * "Generating authentication and authorization strings": key
 * {@code 278d425bdf160c739803}, secret {@code 7ad3773142a6692b25b8}, socket id
 * {@code 1234.1234}.
 */
class PusherSignaturesTests {

	private final PusherSignatures signatures = new PusherSignatures("278d425bdf160c739803", "7ad3773142a6692b25b8");

	@Test
	void privateChannelAuthIsTheDocumentedOne() {
		assertThat(this.signatures.authorizeChannel("1234.1234", "private-foobar"))
			.isEqualTo("278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
	}

	/**
	 * The documented signature {@code afaed369…} is that of the user data as the example
	 * was first written, with the name {@code "Mr. Pusher"}: the page now shows
	 * {@code "Mr. Channels"} beside the old signature, which that data does not give.
	 */
	@Test
	void presenceChannelAuthSignsTheChannelDataAndIsTheDocumentedOne() {
		String channelData = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}";
		assertThat(this.signatures.authorizePresenceChannel("1234.1234", "presence-foobar", channelData))
			.isEqualTo("278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c");
	}

	@Test
	void userAuthenticationIsTheDocumentedOne() {
		assertThat(this.signatures.authenticateUser("1234.1234", "{\"id\":\"12345\"}"))
			.isEqualTo("278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba");
	}

	@Test
	void channelAuthIsVerified() {
		String auth = "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobar", null, auth)).isTrue();
		assertThat(this.signatures.verifyChannel("1234.1235", "private-foobar", null, auth)).isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobaz", null, auth)).isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobar", "{}", auth)).isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobar", null, null)).isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobar", null, "")).isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "private-foobar", null,
				"other-key:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"))
			.isFalse();
	}

	@Test
	void presenceAuthIsVerifiedOnlyWithTheSameChannelData() {
		String channelData = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}";
		String auth = "278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c";
		assertThat(this.signatures.verifyChannel("1234.1234", "presence-foobar", channelData, auth)).isTrue();
		assertThat(this.signatures.verifyChannel("1234.1234", "presence-foobar",
				"{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}", auth))
			.isFalse();
		assertThat(this.signatures.verifyChannel("1234.1234", "presence-foobar", null, auth)).isFalse();
	}

	@Test
	void userAuthIsVerified() {
		String auth = "278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba";
		assertThat(this.signatures.verifyUser("1234.1234", "{\"id\":\"12345\"}", auth)).isTrue();
		assertThat(this.signatures.verifyUser("1234.1234", "{\"id\":\"12346\"}", auth)).isFalse();
		assertThat(this.signatures.verifyUser("1234.1235", "{\"id\":\"12345\"}", auth)).isFalse();
	}

	@Test
	void webhookSignatureIsTheHexHmacOfTheBody() {
		// reference: printf '%s' BODY | openssl dgst -sha256 -hmac 7ad3773142a6692b25b8 -hex
		byte[] body = "{\"time_ms\":1327078148132,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"my-channel\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		String expected = "c19001ae3963ccb13bf618e5b16ba9848e7e74df0993aa0689168e341c6833cf";
		assertThat(this.signatures.webhookSignature(body)).isEqualTo(expected);
		assertThat(this.signatures.verifyWebhook(body, expected)).isTrue();
		assertThat(this.signatures.verifyWebhook(body, expected.toUpperCase())).isFalse();
		assertThat(this.signatures.verifyWebhook("{}".getBytes(StandardCharsets.UTF_8), expected)).isFalse();
		assertThat(this.signatures.verifyWebhook(body, null)).isFalse();
	}

	@Test
	void constantTimeEqualsComparesWholeStrings() {
		assertThat(PusherSignatures.constantTimeEquals("abc", "abc")).isTrue();
		assertThat(PusherSignatures.constantTimeEquals("abc", "abd")).isFalse();
		assertThat(PusherSignatures.constantTimeEquals("abc", "ab")).isFalse();
		assertThat(PusherSignatures.constantTimeEquals("abc", null)).isFalse();
		assertThat(PusherSignatures.constantTimeEquals("é", "é")).isTrue();
	}

	@Test
	void emptyKeyOrSecretIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PusherSignatures("", "secret"));
		assertThatIllegalArgumentException().isThrownBy(() -> new PusherSignatures("key", ""));
	}

}
