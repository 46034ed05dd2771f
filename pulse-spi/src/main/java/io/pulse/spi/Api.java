package io.pulse.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type as part of the plugin contract and says how stable it is.
 *
 * <p>{@link Stability#STABLE} types change only in binary-compatible ways (new default methods, new record
 * factory methods) within a major version. {@link Stability#EXPERIMENTAL} types may change in any release.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Api {

    /** {@return how stable the annotated type is} */
    Stability value() default Stability.STABLE;

    /** Promise levels for SPI types. */
    enum Stability {
        /** Binary compatible within a major version. */
        STABLE,
        /** May change in any release; vendors should expect to adapt. */
        EXPERIMENTAL
    }
}
