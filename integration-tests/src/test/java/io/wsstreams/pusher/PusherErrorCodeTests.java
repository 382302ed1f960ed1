package io.wsstreams.pusher;

import org.junit.jupiter.api.Test;

import io.wsstreams.pusher.PusherErrorCode.Reconnect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PusherErrorCode}, against the error codes of Pusher's protocol.
 */
class PusherErrorCodeTests {

	@Test
	void documentedCodesAndMeanings() {
		assertThat(PusherErrorCode.SSL_ONLY.code()).isEqualTo(4000);
		assertThat(PusherErrorCode.APP_NOT_FOUND.code()).isEqualTo(4001);
		assertThat(PusherErrorCode.APP_NOT_FOUND.message()).isEqualTo("Application does not exist");
		assertThat(PusherErrorCode.APP_DISABLED.code()).isEqualTo(4003);
		assertThat(PusherErrorCode.OVER_CONNECTION_QUOTA.code()).isEqualTo(4004);
		assertThat(PusherErrorCode.PATH_NOT_FOUND.code()).isEqualTo(4005);
		assertThat(PusherErrorCode.INVALID_VERSION_FORMAT.code()).isEqualTo(4006);
		assertThat(PusherErrorCode.UNSUPPORTED_PROTOCOL_VERSION.code()).isEqualTo(4007);
		assertThat(PusherErrorCode.NO_PROTOCOL_VERSION.code()).isEqualTo(4008);
		assertThat(PusherErrorCode.UNAUTHORIZED.code()).isEqualTo(4009);
		assertThat(PusherErrorCode.UNAUTHORIZED.message()).isEqualTo("Connection is unauthorized");
		assertThat(PusherErrorCode.OVER_CAPACITY.code()).isEqualTo(4100);
		assertThat(PusherErrorCode.GENERIC_RECONNECT.code()).isEqualTo(4200);
		assertThat(PusherErrorCode.PONG_NOT_RECEIVED.code()).isEqualTo(4201);
		assertThat(PusherErrorCode.CLOSED_AFTER_INACTIVITY.code()).isEqualTo(4202);
		assertThat(PusherErrorCode.CLIENT_EVENT_RATE_LIMIT.code()).isEqualTo(4301);
		assertThat(PusherErrorCode.CLIENT_EVENT_RATE_LIMIT.message()).isEqualTo("Client event rejected due to rate limit");
		assertThat(PusherErrorCode.WATCHLIST_LIMIT_EXCEEDED.code()).isEqualTo(4302);
		assertThat(PusherErrorCode.values()).hasSize(15);
	}

	@Test
	void reconnectClassFollowsTheRange() {
		assertThat(PusherErrorCode.APP_NOT_FOUND.reconnect()).isEqualTo(Reconnect.NEVER);
		assertThat(PusherErrorCode.UNAUTHORIZED.reconnect()).isEqualTo(Reconnect.NEVER);
		assertThat(PusherErrorCode.OVER_CAPACITY.reconnect()).isEqualTo(Reconnect.AFTER_BACKOFF);
		assertThat(PusherErrorCode.PONG_NOT_RECEIVED.reconnect()).isEqualTo(Reconnect.IMMEDIATELY);
		assertThat(PusherErrorCode.CLIENT_EVENT_RATE_LIMIT.reconnect()).isEqualTo(Reconnect.UNSPECIFIED);
		assertThat(Reconnect.of(4099)).isEqualTo(Reconnect.NEVER);
		assertThat(Reconnect.of(4100)).isEqualTo(Reconnect.AFTER_BACKOFF);
		assertThat(Reconnect.of(4199)).isEqualTo(Reconnect.AFTER_BACKOFF);
		assertThat(Reconnect.of(4200)).isEqualTo(Reconnect.IMMEDIATELY);
		assertThat(Reconnect.of(4299)).isEqualTo(Reconnect.IMMEDIATELY);
		assertThat(Reconnect.of(3999)).isEqualTo(Reconnect.UNSPECIFIED);
		assertThat(Reconnect.of(1000)).isEqualTo(Reconnect.UNSPECIFIED);
	}

	@Test
	void lookUpByCode() {
		assertThat(PusherErrorCode.of(4201)).isEqualTo(PusherErrorCode.PONG_NOT_RECEIVED);
		assertThat(PusherErrorCode.of(4002)).isNull();
	}

}
