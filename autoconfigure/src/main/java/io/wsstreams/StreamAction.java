package io.wsstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link StreamFeature @StreamFeature} bean as the handler of one
 * action.
 *
 * <p>Parameters are resolved by type: {@link StreamContext}, {@code StreamPublisher},
 * {@code StreamUser} (may be {@code null}), {@code JsonNode} for the raw {@code data},
 * and at most one other parameter, the payload, converted from {@code data} with the
 * application's JSON mapper and validated when annotated {@code @Valid} or
 * {@code @Validated}. The return value becomes the reply's {@code data}; a
 * {@link java.util.concurrent.CompletionStage} is replied to when it completes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StreamAction {

	/**
	 * The action handled; frames without an {@code action} use {@code message}.
	 * @return the action name
	 */
	String value() default "message";

}
