package io.wsstreams.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot application that the benchmarks compare ws-streams with: ws-streams'
 * auto-configuration, which this jar carries, stays off, and {@link BenchEndpoints}
 * serves the publisher and the probes, which need a {@link BenchTarget} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootApplication(excludeName = { "io.wsstreams.autoconfigure.WsStreamsAutoConfiguration",
		"io.wsstreams.autoconfigure.WsStreamsSessionAutoConfiguration",
		"io.wsstreams.autoconfigure.WsStreamsRedisAutoConfiguration",
		"io.wsstreams.autoconfigure.StreamsEndpointAutoConfiguration",
		"io.wsstreams.autoconfigure.StreamsMetricsAutoConfiguration" })
@Import(BenchEndpoints.class)
public @interface PeerApplication {

}
