package io.wsstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Declares a bean as a stream feature: a named unit that clients select with
 * {@code clients=} and address with the {@code type} of their frames.
 *
 * <p>Methods annotated {@link StreamAction @StreamAction} handle inbound frames by
 * action; {@link OnJoin @OnJoin} and {@link OnLeave @OnLeave} methods observe
 * connections selecting the feature. The annotation is a {@link Component @Component},
 * so annotated classes are picked up by component scanning.
 *
 * <pre class="code">
 * &#64;StreamFeature(name = "chat", strategy = DeliveryStrategy.STREAMS)
 * class ChatFeature {
 *
 *     &#64;StreamAction("send")
 *     void send(&#64;Valid ChatMessage message, StreamContext context) {
 *         context.publish("message", message);
 *     }
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface StreamFeature {

	/**
	 * The feature's name: {@code [a-z][a-z0-9-]{0,31}}, not one of {@code welcome},
	 * {@code reply}, {@code error}, {@code ping}, {@code pong} or {@code system}.
	 * @return the name
	 */
	String name();

	/**
	 * How the feature's publications are delivered.
	 * @return the strategy, {@link DeliveryStrategy#PUB_SUB} by default
	 */
	DeliveryStrategy strategy() default DeliveryStrategy.PUB_SUB;

}
