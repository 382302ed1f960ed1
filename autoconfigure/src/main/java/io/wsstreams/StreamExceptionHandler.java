package io.wsstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that answers exceptions of {@link StreamAction @StreamAction} handlers, as
 * {@code @MessageExceptionHandler} does for STOMP: in a
 * {@link StreamFeature @StreamFeature} bean for that feature's actions, in a
 * {@link StreamControllerAdvice @StreamControllerAdvice} bean for every feature's.
 *
 * <p>The method returns the {@link StreamError} to answer with; {@code null} leaves the
 * exception unhandled ({@code INTERNAL_ERROR}). Its parameters are resolved by type: the
 * exception (a {@code Throwable} subtype), {@link StreamContext}, {@link StreamUser},
 * {@link java.security.Principal}. Of the handlers that apply, the feature's own come
 * first, then the advice beans' in their {@code @Order}; within one bean, the handler of
 * the closest exception type. A cause is matched when the exception itself is not.
 *
 * <pre class="code">
 * &#64;StreamExceptionHandler
 * StreamError insufficientFunds(InsufficientFundsException ex) {
 *     return StreamError.of("INSUFFICIENT_FUNDS", "Not enough funds for this bid");
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StreamExceptionHandler {

	/**
	 * The exceptions handled; empty to take them from the method's exception parameter.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
