package io.wsstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link StreamExceptionHandler @StreamExceptionHandler} methods answer
 * the exceptions of every feature's handlers, as {@code @ControllerAdvice} does for MVC.
 * A feature's own exception handlers come first; advice beans follow in their
 * {@code @Order}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface StreamControllerAdvice {

}
