package io.wsstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link StreamFeature @StreamFeature} bean to be called after a
 * connection that selected the feature has been welcomed and has received its join
 * frames. It may take a {@link StreamContext}, a {@code StreamPublisher} and a
 * {@code StreamUser}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnJoin {

}
