package dev.palisade.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts test support from the forbidden-API check where a test needs what production code may not use: the JDK's
 * own small HTTP server ({@code com.sun.net.httpserver}, in the {@code jdk.httpserver} module) as a peer.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface SuppressForbidden {
    /** Why the exemption is needed. */
    String value();
}
