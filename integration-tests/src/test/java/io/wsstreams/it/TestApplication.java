package io.wsstreams.it;

import java.util.Map;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application with a few features, for tests through real sockets.
 */
@SpringBootApplication(excludeName = StreamsServerTest.JDBC_SESSIONS)
public class TestApplication {

	/**
	 * Starts the application, as a node in a process of its own.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		org.springframework.boot.SpringApplication.run(TestApplication.class, args);
	}

	/** A pub-sub feature with handlers that exercise each dispatch outcome. */
	@StreamFeature(name = "echo")
	static class EchoFeature {

		@StreamAction
		JsonNode message(JsonNode data) {
			return data;
		}

		@StreamAction("publish")
		PublishResult publish(@Valid Text text, StreamContext context) {
			return context.publish("message", text);
		}

		@StreamAction("others")
		void others(JsonNode data, StreamContext context) {
			context.publishToOthers("message", data);
		}

		@StreamAction("boom")
		Object boom() {
			throw new IllegalStateException("secret internal detail");
		}

		@StreamAction("restricted")
		String restricted() {
			return "granted";
		}

		@StreamAction("whoami")
		Map<String, Object> whoami(StreamContext context) {
			return Map.of("connectionId", context.connectionId(), "stream", context.stream(), "user",
					(context.user() != null) ? context.user().id() : "anonymous");
		}

	}

	/**
	 * Lets only admins (users whose id starts with {@code admin}) select
	 * {@code notifications} on {@code admin:} streams and send the {@code restricted}
	 * action.
	 * @return the authorizer
	 */
	@Bean
	StreamAuthorizer testAuthorizer() {
		return new StreamAuthorizer() {

			@Override
			public boolean canSubscribe(@Nullable StreamUser user, String stream, String feature) {
				return !(stream.startsWith("admin:") && "notifications".equals(feature)) || isAdmin(user);
			}

			@Override
			public boolean canSend(@Nullable StreamUser user, String stream, String feature, String action) {
				return !"restricted".equals(action) || isAdmin(user);
			}

		};
	}

	static boolean isAdmin(@Nullable StreamUser user) {
		return user != null && user.id().startsWith("admin");
	}

	/** A second feature, so that connections can select several. */
	@StreamFeature(name = "notifications")
	static class NotificationsFeature {

	}

	/** A streams feature. */
	@StreamFeature(name = "log", strategy = DeliveryStrategy.STREAMS)
	static class LogFeature {

	}

	/** A streams feature whose action publishes, so that replies carry the log id. */
	@StreamFeature(name = "chat", strategy = DeliveryStrategy.STREAMS)
	static class ChatFeature {

		@StreamAction("send")
		PublishResult send(@Valid Text text, StreamContext context) {
			return context.publish("message", text);
		}

	}

	/**
	 * A validated payload.
	 *
	 * @param text the text
	 */
	record Text(@NotBlank @Size(max = 20) String text) {
	}

}
