package io.wsstreams.pusher;

import java.util.List;
import java.util.Map;

import io.wsstreams.autoconfigure.WsStreamsAutoConfiguration;
import io.wsstreams.autoconfigure.WsStreamsPusherAutoConfiguration;
import io.wsstreams.autoconfigure.WsStreamsSessionAutoConfiguration;
import io.wsstreams.broker.memory.InMemoryTopicOccupancy;
import io.wsstreams.pusher.api.PusherHttpApi;
import io.wsstreams.pusher.server.PusherActivityListener;
import io.wsstreams.pusher.server.PusherApps;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherEvents;
import io.wsstreams.pusher.server.PusherWebSocketHandler;
import io.wsstreams.pusher.webhook.PusherWebhooks;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code ws-streams.pusher} properties and {@link WsStreamsPusherAutoConfiguration}.
 */
class PusherPropertiesTests {

	private static final String[] APP = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
			"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret" };

	private static final String MASTER_KEY = "d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsStreamsAutoConfiguration.class,
				WsStreamsSessionAutoConfiguration.class, WsStreamsPusherAutoConfiguration.class));

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PusherEvents.class).doesNotHaveBean(PusherWebSocketHandler.class);
		});
	}

	@Test
	void createsTheEndpointWhenEnabled() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
					"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
					"ws-streams.pusher.apps[0].encryption-master-key=" + MASTER_KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PusherEvents.class).hasSingleBean(PusherWebSocketHandler.class);
				PusherApps apps = context.getBean(PusherApps.class);
				assertThat(apps.byKey("app-key")).isNotNull();
				assertThat(apps.byId("app-id").encryption()).isNotNull();
			});
	}

	@Test
	void servesTheHttpApiUnlessTurnedOff() {
		this.contextRunner.withPropertyValues(APP)
			.run((context) -> assertThat(context).hasSingleBean(PusherHttpApi.class));
		this.contextRunner.withPropertyValues(APP).withPropertyValues("ws-streams.pusher.api.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PusherHttpApi.class)
				.hasSingleBean(PusherWebSocketHandler.class));
	}

	@Test
	void backsOffFromTheApplicationsHttpApi() {
		PusherHttpApi own = new PusherHttpApi(new PusherApps(List.of()), null, () -> null, null, null, 1, 1);
		this.contextRunner.withPropertyValues(APP)
			.withBean(PusherHttpApi.class, () -> own)
			.run((context) -> assertThat(context.getBean(PusherHttpApi.class)).isSameAs(own));
	}

	@Test
	void refusesAnHttpApiBodyLimitOfZero() {
		this.contextRunner.withPropertyValues(APP)
			.withPropertyValues("ws-streams.pusher.api.max-body-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.api.max-body-size"));
	}

	@Test
	void refusesAWebhookWithoutAnHttpUrlOrWithAnUnknownEventType() {
		this.contextRunner.withPropertyValues(APP)
			.withPropertyValues("ws-streams.pusher.apps[0].webhooks[0].url=ftp://hooks.example.com/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[0].webhooks[0].url"));
		this.contextRunner.withPropertyValues(APP)
			.withPropertyValues("ws-streams.pusher.apps[0].webhooks[0].url=https://hooks.example.com/pusher",
					"ws-streams.pusher.apps[0].webhooks[0].event-types=channel_vacated,subscription_count")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[0].webhooks[0].event-types")
				.hasMessageContaining("subscription_count"));
	}

	@Test
	void webhooksAreTheActivityListener() {
		this.contextRunner.withPropertyValues(APP)
			.withPropertyValues("ws-streams.pusher.apps[0].webhooks[0].url=https://hooks.example.com/pusher")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PusherActivityListener.class)
				.isInstanceOf(PusherWebhooks.class));
	}

	@Test
	void providesTheDirectoryAndInMemoryOccupancyAndBacksOffForTheApplicationsDirectory() {
		String[] enabled = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
				"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret" };
		this.contextRunner.withPropertyValues(enabled).run((context) -> {
			assertThat(context).hasSingleBean(PusherChannelDirectory.class)
				.hasSingleBean(InMemoryTopicOccupancy.class);
		});
		PusherChannelDirectory own = new PusherChannelDirectory() {

			@Override
			public Map<String, PusherChannelInfo> channels(String appId, @Nullable String prefix) {
				return Map.of();
			}

			@Override
			public PusherChannelInfo channel(String appId, String channel) {
				return PusherChannelInfo.VACANT;
			}

			@Override
			public List<PusherMember> members(String appId, String channel) {
				return List.of();
			}

			@Override
			public void terminate(String appId, String userId) {
			}

		};
		this.contextRunner.withPropertyValues(enabled)
			.withBean(PusherChannelDirectory.class, () -> own)
			.run((context) -> assertThat(context.getBean(PusherChannelDirectory.class)).isSameAs(own));
	}

	@Test
	void refusesPresenceLimitsBelowOne() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
					"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
					"ws-streams.pusher.max-presence-members=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.max-presence-members"));
	}

	@Test
	void refusesNoApps() {
		this.contextRunner.withPropertyValues("ws-streams.pusher.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps"));
	}

	@Test
	void refusesADuplicateKey() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=one",
					"ws-streams.pusher.apps[0].key=same", "ws-streams.pusher.apps[0].secret=s1",
					"ws-streams.pusher.apps[1].id=two", "ws-streams.pusher.apps[1].key=same",
					"ws-streams.pusher.apps[1].secret=s2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[1].key")
				.hasMessageContaining("Duplicate app key"));
	}

	@Test
	void refusesAMissingSecretWithoutShowingSecrets() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=one",
					"ws-streams.pusher.apps[0].key=key")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[0].secret"));
	}

	@Test
	void refusesAMasterKeyThatIsNot32Bytes() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=one",
					"ws-streams.pusher.apps[0].key=key", "ws-streams.pusher.apps[0].secret=top-secret",
					"ws-streams.pusher.apps[0].encryption-master-key=c2hvcnQ=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[0].encryption-master-key")
				.hasMessageContaining("32 bytes")
				.hasMessageNotContaining("c2hvcnQ="));
	}

	@Test
	void refusesAnInvalidAppId() {
		this.contextRunner
			.withPropertyValues("ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=a#b",
					"ws-streams.pusher.apps[0].key=key", "ws-streams.pusher.apps[0].secret=top-secret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws-streams.pusher.apps[0].id"));
	}

}
