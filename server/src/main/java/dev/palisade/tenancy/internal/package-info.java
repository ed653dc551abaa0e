/** Persistence of tenancy and the token format. */
@NullMarked
package dev.palisade.tenancy.internal;

import org.jspecify.annotations.NullMarked;
