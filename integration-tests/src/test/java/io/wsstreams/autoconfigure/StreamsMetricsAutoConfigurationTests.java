package io.wsstreams.autoconfigure;


import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamFeature;
import io.wsstreams.actuate.StreamsMetrics;
import io.wsstreams.connection.StreamStatistics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamsMetricsAutoConfiguration}: the meters are a {@link MeterBinder}
 * that Spring Boot binds to its registries, with the application's features known.
 */
class StreamsMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsStreamsAutoConfiguration.class,
				WsStreamsSessionAutoConfiguration.class, StreamsMetricsAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withUserConfiguration(GreetingConfiguration.class);

	@Test
	void bindsTheMetersThroughSpringBoot() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean("wsStreamsMetrics").isInstanceOf(MeterBinder.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("ws.streams.connections.open").gauge().value()).isZero();
			assertThat(meters.get("ws.streams.connections").tag("feature", "greet").gauge().value()).isZero();
			assertThat(meters.get("ws.streams.messages").tag("feature", "greet").functionCounters()).hasSize(2);
			assertThat(meters.get("ws.streams.closes").functionCounters())
				.extracting((counter) -> counter.getId().getTag("code"))
				.containsExactlyInAnyOrderElementsOf(StreamStatistics.closeCodes())
				.contains("1000", "1001", "1006", "1008", "1011", "1012", "4401", "4403", "4408", "4429", "4509",
						"other");
		});
	}

	@Test
	void bindsToEachRegistryWhenThereIsNoComposite() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsStreamsAutoConfiguration.class,
					WsStreamsSessionAutoConfiguration.class, StreamsMetricsAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(GreetingConfiguration.class, TwoRegistriesConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamsMetrics metrics = context.getBean(StreamsMetrics.class);
				SimpleMeterRegistry first = context.getBean("first", SimpleMeterRegistry.class);
				SimpleMeterRegistry second = context.getBean("second", SimpleMeterRegistry.class);
				// Bound again to one of them: still one gauge there.
				metrics.bindTo(first);

				for (MeterRegistry meters : new MeterRegistry[] { first, second }) {
					assertThat(meters.get("ws.streams.connections").tag("feature", "greet").gauge()).isNotNull();
				}
			});
	}

	@Test
	void countsClosesByCode() {
		this.contextRunner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			StreamStatistics statistics = context.getBean(StreamStatistics.class);

			statistics.closed(4403);
			statistics.closed(4403);
			statistics.closed(1008);
			statistics.closed(3000);
			statistics.closed(4999);

			assertThat(meters.get("ws.streams.closes").tag("code", "4403").functionCounter().count()).isEqualTo(2);
			assertThat(meters.get("ws.streams.closes").tag("code", "1008").functionCounter().count()).isEqualTo(1);
			assertThat(meters.get("ws.streams.closes").tag("code", "other").functionCounter().count()).isEqualTo(2);
			assertThat(meters.get("ws.streams.closes").tag("code", "1000").functionCounter().count()).isZero();
			assertThat(statistics.closes()).containsEntry("4403", 2L).containsEntry("other", 2L);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		GreetingFeature greetingFeature() {
			return new GreetingFeature();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoRegistriesConfiguration {

		@Bean
		@Primary
		SimpleMeterRegistry first() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SimpleMeterRegistry second() {
			return new SimpleMeterRegistry();
		}

	}

	@StreamFeature(name = "greet")
	static class GreetingFeature {

		@StreamAction("hello")
		String hello() {
			return "hello";
		}

	}

}
