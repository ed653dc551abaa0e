/** Storage of access policies; used only by the feature's own services. */
@NullMarked
package dev.palisade.accesspolicy.internal;

import org.jspecify.annotations.NullMarked;
