/** Back ends of key custody and their wiring. */
@NullMarked
package dev.palisade.keys.internal;

import org.jspecify.annotations.NullMarked;
