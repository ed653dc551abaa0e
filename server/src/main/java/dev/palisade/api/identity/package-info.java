/** HTTP endpoints of the device registry. */
@NullMarked
package dev.palisade.api.identity;

import org.jspecify.annotations.NullMarked;
