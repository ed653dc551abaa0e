/** Persistence of the device registry. */
@NullMarked
package dev.palisade.identity.internal;

import org.jspecify.annotations.NullMarked;
