/** Persistence of provisioning, manifest signature verification and parsing, and rate limits. */
@NullMarked
package dev.palisade.provisioning.internal;

import org.jspecify.annotations.NullMarked;
