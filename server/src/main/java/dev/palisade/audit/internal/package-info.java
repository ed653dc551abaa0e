/** Storage, leaf encoding and checkpoint signing of the audit log. */
@NullMarked
package dev.palisade.audit.internal;

import org.jspecify.annotations.NullMarked;
