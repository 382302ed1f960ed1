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
 * {@code StreamUser} (may be {@code null}), {@link java.security.Principal} (Spring
 * Security's {@code Authentication} when it authenticated the handshake, else the
 * {@code StreamUser}), Spring Security's {@code Authentication} (or a subtype; {@code null}
 * when the connection has none), {@code JsonNode} for the raw {@code data},
 * and at most one other parameter, the payload, converted from {@code data} with the
 * application's JSON mapper and validated when annotated {@code @Valid} or
 * {@code @Validated}. The return value becomes the reply's {@code data}; a
 * {@link java.util.concurrent.CompletionStage} is replied to when it completes.
 *
 * <p>While the method runs, Spring Security's {@code SecurityContextHolder} holds the
 * connection's {@code Authentication}, so that method security such as
 * {@code @PreAuthorize} applies: a denial is answered {@code FORBIDDEN}. An exception is
 * answered by a {@link StreamExceptionHandler @StreamExceptionHandler} that handles it,
 * or as a {@link StreamErrorException} says, else {@code INTERNAL_ERROR}.
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
