package io.wsstreams.pusher;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PusherCodec}, against the message formats of Pusher's protocol.
 */
class PusherCodecTests {

	private final PusherCodec codec = new PusherCodec(16, 20_000);

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void connectionEstablishedDataIsAStringHoldingSocketIdAndActivityTimeout() {
		String text = this.codec.connectionEstablished("123.456", 120);
		assertThat(text).isEqualTo("{\"event\":\"pusher:connection_established\","
				+ "\"data\":\"{\\\"socket_id\\\":\\\"123.456\\\",\\\"activity_timeout\\\":120}\"}");
		JsonNode data = this.mapper.readTree(this.mapper.readTree(text).get("data").asString());
		assertThat(data.get("socket_id").asString()).isEqualTo("123.456");
		assertThat(data.get("activity_timeout").asInt()).isEqualTo(120);
	}

	@Test
	void errorDataIsAnObjectWithCodeAndMessage() {
		assertThat(this.codec.error(PusherErrorCode.UNAUTHORIZED))
			.isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"Connection is unauthorized\"}}");
		assertThat(this.codec.error(null, "Invalid signature"))
			.isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"Invalid signature\"}}");
	}

	@Test
	void pingAndPongHaveEmptyData() {
		assertThat(this.codec.ping()).isEqualTo("{\"event\":\"pusher:ping\",\"data\":{}}");
		assertThat(this.codec.pong()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
	}

	@Test
	void channelEventDataIsAString() {
		assertThat(this.codec.channelEvent("my-event", "my-channel", "{\"hello\":\"world\"}", null))
			.isEqualTo("{\"event\":\"my-event\",\"channel\":\"my-channel\",\"data\":\"{\\\"hello\\\":\\\"world\\\"}\"}");
		assertThat(this.codec.channelEvent("client-msg", "presence-room", "hi", "42"))
			.isEqualTo("{\"event\":\"client-msg\",\"channel\":\"presence-room\",\"data\":\"hi\",\"user_id\":\"42\"}");
	}

	@Test
	void signinSuccessCarriesTheUserDataString() {
		assertThat(this.codec.signinSuccess("{\"id\":\"12345\"}")).isEqualTo(
				"{\"event\":\"pusher:signin_success\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"12345\\\"}\"}}");
	}

	@Test
	void subscriptionSucceeded() {
		assertThat(this.codec.subscriptionSucceeded("private-chat")).isEqualTo(
				"{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-chat\",\"data\":\"{}\"}");
		Map<String, JsonNode> members = new LinkedHashMap<>();
		members.put("11814b369700141b222a3f3791cec2d9", this.mapper.readTree("{\"name\":\"Phil Leggetter\"}"));
		members.put("71dd6a29da2a4833336d2a964becf820", this.mapper.readTree("{\"name\":\"Max Williams\"}"));
		String text = this.codec.presenceSubscriptionSucceeded("presence-example-channel", members);
		JsonNode message = this.mapper.readTree(text);
		assertThat(message.get("channel").asString()).isEqualTo("presence-example-channel");
		JsonNode presence = this.mapper.readTree(message.get("data").asString()).get("presence");
		assertThat(presence.get("ids")).hasSize(2);
		assertThat(presence.get("ids").get(0).asString()).isEqualTo("11814b369700141b222a3f3791cec2d9");
		assertThat(presence.get("hash").get("71dd6a29da2a4833336d2a964becf820").get("name").asString())
			.isEqualTo("Max Williams");
		assertThat(presence.get("count").asInt()).isEqualTo(2);
	}

	@Test
	void memberAddedAndRemovedDataAreStrings() {
		assertThat(this.codec.memberAdded("presence-x", "7", this.mapper.readTree("{\"name\":\"Ann\"}"))).isEqualTo(
				"{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-x\","
						+ "\"data\":\"{\\\"user_id\\\":\\\"7\\\",\\\"user_info\\\":{\\\"name\\\":\\\"Ann\\\"}}\"}");
		assertThat(this.codec.memberAdded("presence-x", "7", null)).isEqualTo(
				"{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-x\",\"data\":\"{\\\"user_id\\\":\\\"7\\\"}\"}");
		assertThat(this.codec.memberRemoved("presence-x", "7")).isEqualTo(
				"{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-x\",\"data\":\"{\\\"user_id\\\":\\\"7\\\"}\"}");
	}

	@Test
	void readsTheDocumentedSubscribe() {
		PusherMessage message = this.codec.read("{\"event\":\"pusher:subscribe\",\"data\":{"
				+ "\"channel\":\"presence-example-channel\",\"auth\":\"key:sig\","
				+ "\"channel_data\":\"{ \\\"user_id\\\": \\\"1\\\" }\"}}");
		assertThat(message.event()).isEqualTo(PusherCodec.SUBSCRIBE);
		assertThat(message.channel()).isNull();
		assertThat(message.dataString("channel")).isEqualTo("presence-example-channel");
		assertThat(message.dataString("auth")).isEqualTo("key:sig");
		assertThat(message.dataString("channel_data")).isEqualTo("{ \"user_id\": \"1\" }");
		assertThat(this.codec.readObject(message.dataString("channel_data")).get("user_id").asString()).isEqualTo("1");
		assertThat(message.dataString("missing")).isNull();
		assertThat(message.isClientEvent()).isFalse();
	}

	@Test
	void readsClientEventsWithStringOrObjectData() {
		PusherMessage object = this.codec.read("{\"event\":\"client-typing\",\"channel\":\"private-a\",\"data\":{\"t\":1}}");
		assertThat(object.isClientEvent()).isTrue();
		assertThat(object.channel()).isEqualTo("private-a");
		assertThat(object.data().isObject()).isTrue();
		PusherMessage string = this.codec.read("{\"event\":\"client-typing\",\"channel\":\"private-a\",\"data\":\"x\"}");
		assertThat(string.data().asString()).isEqualTo("x");
		assertThat(string.dataString("t")).isNull();
		PusherMessage ping = this.codec.read("{\"event\":\"pusher:ping\"}");
		assertThat(ping.data()).isNull();
		assertThat(this.codec.read("{\"event\":\"pusher:ping\",\"channel\":null,\"data\":null}").data()).isNull();
	}

	@Test
	void refusesWhatIsNoPusherMessage() {
		for (String text : new String[] { "", "nope", "[]", "\"x\"", "{}", "{\"event\":1}", "{\"event\":\"\"}",
				"{\"event\":\"x\",\"channel\":1}", "{\"event\":\"x\",\"data\":" + "[".repeat(40) + "]".repeat(40) + "}" }) {
			assertThatExceptionOfType(InvalidPusherMessageException.class).as(text)
				.isThrownBy(() -> this.codec.read(text));
		}
		assertThatExceptionOfType(InvalidPusherMessageException.class)
			.isThrownBy(() -> this.codec.read("{\"event\":\"x\",\"data\":\"" + "a".repeat(20_001) + "\"}"));
		assertThatExceptionOfType(InvalidPusherMessageException.class).isThrownBy(() -> this.codec.readObject("[1]"));
		assertThatExceptionOfType(InvalidPusherMessageException.class).isThrownBy(() -> this.codec.readObject("{"));
	}

}
