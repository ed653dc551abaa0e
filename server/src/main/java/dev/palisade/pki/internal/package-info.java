/** Persistence, in-memory indexes and background work of the PKI. */
@NullMarked
package dev.palisade.pki.internal;

import org.jspecify.annotations.NullMarked;
