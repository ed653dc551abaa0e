package dev.palisade.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a benchmark from the forbidden-API check: a benchmark is a command-line program whose job is to print its
 * figures and progress, which the rest of the code base may not do on the standard streams.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface SuppressForbidden {
    /** Why the exemption is needed. */
    String value();
}
