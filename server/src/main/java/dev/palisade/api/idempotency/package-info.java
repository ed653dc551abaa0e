/** Idempotency keys for creating requests: a retried POST returns the first response instead of creating twice. */
@NullMarked
package dev.palisade.api.idempotency;

import org.jspecify.annotations.NullMarked;
