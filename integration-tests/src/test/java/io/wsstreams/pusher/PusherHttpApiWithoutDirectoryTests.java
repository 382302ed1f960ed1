package io.wsstreams.pusher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.wsstreams.protocol.InboundFrameReader;
import io.wsstreams.pusher.api.PusherHttpApi;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PusherHttpApi} in an application without a
 * {@link io.wsstreams.pusher.server.PusherChannelDirectory}: channel queries get 501.
 */
class PusherHttpApiWithoutDirectoryTests {

	private final PusherSignatures signatures = new PusherSignatures("app-key", "app-secret");

	private final PusherHttpApi api = new PusherHttpApi(
			new PusherApps(List.of(new PusherApp("app-id", this.signatures, null, List.of(), true))), null, () -> null,
			InboundFrameReader.boundedMapper(32, 65536), Clock.systemUTC(), 1024, 1024);

	@Test
	void channelQueriesAnswer501() throws Exception {
		for (String path : List.of("/apps/app-id/channels", "/apps/app-id/channels/orders",
				"/apps/app-id/channels/presence-room/users")) {
			MockHttpServletResponse response = get(path);
			assertThat(response.getStatus()).as(path).isEqualTo(501);
			assertThat(response.getContentAsString()).isEqualTo("Channel information is not available on this server");
		}
	}

	@Test
	void unsignedRequestIsRefusedBeforeAnythingElse() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/apps/app-id/channels");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.api.handleRequest(request, response);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).isEqualTo("Missing auth_key");
	}

	private MockHttpServletResponse get(String path) throws Exception {
		Map<String, String> query = new PusherRequestAuthenticator(this.signatures, Clock.systemUTC()).sign("GET", path,
				Map.of(), new byte[0]);
		StringJoiner joiner = new StringJoiner("&");
		query.forEach((name, value) -> joiner.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setQueryString(joiner.toString());
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.api.handleRequest(request, response);
		return response;
	}

}
