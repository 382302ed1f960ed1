package io.wsstreams.pusher;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PusherEncryption}. Pusher documents no worked example for channel keys;
 * the expected values were computed independently with
 * {@code (printf '%s' CHANNEL; printf '%s' MASTER_KEY_BASE64 | base64 -d) | openssl dgst -sha256 -binary | base64}.
 */
class PusherEncryptionTests {

	/** The master key of pusher-http-java's tests: "The 32 chars long encryption key". */
	private static final String LIBRARY_TEST_KEY = "VGhlIDMyIGNoYXJzIGxvbmcgZW5jcnlwdGlvbiBrZXk=";

	/** The demo master key of the sample application. */
	private static final String DEMO_KEY = "d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=";

	@Test
	void sharedSecretIsTheSha256OfChannelNameThenMasterKey() {
		assertThat(PusherEncryption.ofBase64(LIBRARY_TEST_KEY).sharedSecretBase64("private-encrypted-test"))
			.isEqualTo("1O0FFr6NiG4d9D4A5bWBh3EG9Y/wfjzqw172LUXwVQ4=");
		assertThat(PusherEncryption.ofBase64(DEMO_KEY).sharedSecretBase64("private-encrypted-demo"))
			.isEqualTo("+GJvymNQTRq3t1RhNYThT3OoomyM1UCffJHlOdQVgQY=");
	}

	@Test
	void sharedSecretIs32BytesAndDiffersPerChannel() {
		PusherEncryption encryption = PusherEncryption.of(Base64.getDecoder().decode(DEMO_KEY));
		byte[] secret = encryption.sharedSecret("private-encrypted-a");
		assertThat(secret).hasSize(32);
		assertThat(Base64.getDecoder().decode(encryption.sharedSecretBase64("private-encrypted-a"))).isEqualTo(secret);
		assertThat(encryption.sharedSecret("private-encrypted-b")).isNotEqualTo(secret);
		assertThat(PusherEncryption.ofBase64(LIBRARY_TEST_KEY).sharedSecret("private-encrypted-a"))
			.isNotEqualTo(secret);
	}

	@Test
	void masterKeyMustBe32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> PusherEncryption.of(new byte[31]))
			.withMessageContaining("32 bytes, not 31");
		assertThatIllegalArgumentException().isThrownBy(() -> PusherEncryption.of(new byte[33]));
		assertThatIllegalArgumentException().isThrownBy(() -> PusherEncryption.ofBase64("TG9yZW0gSXBzdW0ga"));
		assertThatIllegalArgumentException().isThrownBy(() -> PusherEncryption.ofBase64(""));
		assertThatIllegalArgumentException().isThrownBy(() -> PusherEncryption.ofBase64("not base64!"))
			.withMessageContaining("base64");
	}

	@Test
	void theMasterKeyIsCopied() {
		byte[] key = Base64.getDecoder().decode(DEMO_KEY);
		PusherEncryption encryption = PusherEncryption.of(key);
		byte[] before = encryption.sharedSecret("private-encrypted-demo");
		key[0] ^= 1;
		assertThat(encryption.sharedSecret("private-encrypted-demo")).isEqualTo(before);
	}

	@Test
	void onlyEncryptedChannelsHaveAKey() {
		PusherEncryption encryption = PusherEncryption.ofBase64(DEMO_KEY);
		assertThatIllegalArgumentException().isThrownBy(() -> encryption.sharedSecret("private-demo"));
		assertThatIllegalArgumentException().isThrownBy(() -> encryption.sharedSecret("demo"));
	}

}
