/** HTTP endpoints of over-the-air updates for operators: artifact uploads (streamed) and releases. */
@NullMarked
package dev.palisade.api.ota;

import org.jspecify.annotations.NullMarked;
