package io.wsstreams.autoconfigure;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.OnJoin;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import io.wsstreams.feature.FeatureRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature declarations are checked at start-up: invalid, reserved or duplicate names and
 * ill-formed handler methods fail the application with a message that names the bean.
 */
class FeatureDeclarationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WsStreamsAutoConfiguration.class, WsStreamsSessionAutoConfiguration.class));

	@Test
	void registersValidFeatures() {
		this.contextRunner.withBean("chatFeature", Chat.class)
			.withBean("longNameFeature", LongName.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FeatureRegistry registry = context.getBean(FeatureRegistry.class);
				assertThat(registry.get("chat")).isNotNull();
				assertThat(registry.get("chat").strategy()).isEqualTo(DeliveryStrategy.STREAMS);
				assertThat(registry.get("a-" + "b".repeat(30))).isNotNull();
			});
	}

	@ParameterizedTest
	@ValueSource(classes = { UpperCase.class, LeadingDigit.class, Underscore.class, TooLong.class, Empty.class })
	void failsStartupForInvalidFeatureName(Class<?> feature) {
		String name = feature.getAnnotation(StreamFeature.class).name();
		this.contextRunner.withBean("badFeature", feature)
			.run((context) -> assertStartupFailure(context, "'badFeature'", "invalid name '" + name + "'"));
	}

	@ParameterizedTest
	@ValueSource(classes = { Welcome.class, Reply.class, Error.class, Ping.class, Pong.class, SystemName.class })
	void failsStartupForReservedFeatureName(Class<?> feature) {
		String name = feature.getAnnotation(StreamFeature.class).name();
		this.contextRunner.withBean("reservedFeature", feature)
			.run((context) -> assertStartupFailure(context, "'reservedFeature'", "reserved name '" + name + "'"));
	}

	@Test
	void failsStartupWhenTwoBeansDeclareTheSameFeature() {
		this.contextRunner.withBean("chatFeature", Chat.class)
			.withBean("otherChatFeature", OtherChat.class)
			.run((context) -> assertStartupFailure(context, "'chat'", "'chatFeature'", "'otherChatFeature'"));
	}

	@Test
	void failsStartupForActionWithTwoPayloads() {
		this.contextRunner.withBean("twoPayloadsFeature", TwoPayloads.class)
			.run((context) -> assertStartupFailure(context, "'twoPayloadsFeature'", "TwoPayloads.send()"));
	}

	@Test
	void failsStartupForJoinCallbackTakingAPayload() {
		this.contextRunner.withBean("joinPayloadFeature", JoinWithPayload.class)
			.run((context) -> assertStartupFailure(context, "'joinPayloadFeature'", "JoinWithPayload.joined()"));
	}

	@Test
	void failsStartupWhenTwoMethodsHandleTheSameAction() {
		this.contextRunner.withBean("twiceFeature", ActionTwice.class)
			.run((context) -> assertStartupFailure(context, "'twiceFeature'", "'send'"));
	}

	@Test
	void failsStartupForEmptyActionName() {
		this.contextRunner.withBean("emptyActionFeature", EmptyAction.class)
			.run((context) -> assertStartupFailure(context, "'emptyActionFeature'", "empty action"));
	}

	@Test
	void failsStartupForStreamsFeatureHandlingTheHistoryAction() {
		this.contextRunner.withBean("historyFeature", OwnHistory.class)
			.run((context) -> assertStartupFailure(context, "'historyFeature'", "'history'"));
	}

	private static void assertStartupFailure(AssertableWebApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
			.isInstanceOf(IllegalStateException.class)
			.message()
			.contains(fragments);
	}

	@StreamFeature(name = "chat", strategy = DeliveryStrategy.STREAMS)
	static class Chat {

		@StreamAction("send")
		void send(String text, StreamContext context) {
		}

	}

	@StreamFeature(name = "chat")
	static class OtherChat {

	}

	@StreamFeature(name = "a-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
	static class LongName {

	}

	@StreamFeature(name = "Chat")
	static class UpperCase {

	}

	@StreamFeature(name = "1chat")
	static class LeadingDigit {

	}

	@StreamFeature(name = "chat_room")
	static class Underscore {

	}

	@StreamFeature(name = "abcdefghijklmnopqrstuvwxyz0123456")
	static class TooLong {

	}

	@StreamFeature(name = "")
	static class Empty {

	}

	@StreamFeature(name = "welcome")
	static class Welcome {

	}

	@StreamFeature(name = "reply")
	static class Reply {

	}

	@StreamFeature(name = "error")
	static class Error {

	}

	@StreamFeature(name = "ping")
	static class Ping {

	}

	@StreamFeature(name = "pong")
	static class Pong {

	}

	@StreamFeature(name = "system")
	static class SystemName {

	}

	@StreamFeature(name = "two")
	static class TwoPayloads {

		@StreamAction("send")
		void send(String text, JsonNode raw, Integer count) {
		}

	}

	@StreamFeature(name = "joins")
	static class JoinWithPayload {

		@OnJoin
		void joined(StreamContext context, String text) {
		}

	}

	@StreamFeature(name = "twice")
	static class ActionTwice {

		@StreamAction("send")
		void send(String text) {
		}

		@StreamAction("send")
		void sendAgain(String text) {
		}

	}

	@StreamFeature(name = "empty")
	static class EmptyAction {

		@StreamAction("")
		void nothing() {
		}

	}

	@StreamFeature(name = "own-history", strategy = DeliveryStrategy.STREAMS)
	static class OwnHistory {

		@StreamAction("history")
		void history(JsonNode data) {
		}

	}

}
