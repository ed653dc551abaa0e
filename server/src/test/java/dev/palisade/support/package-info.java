/** Test support: a running server in the test JVM and an HTTPS client for its API. */
@NullMarked
package dev.palisade.support;

import org.jspecify.annotations.NullMarked;
