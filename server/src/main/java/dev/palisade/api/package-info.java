/**
 * The operator API, {@code /api/v1} over HTTPS (TLS 1.3 only): authentication by bearer token, the permission matrix
 * enforced per endpoint, RFC 9457 problem details with stable codes, cursor pagination, idempotency keys on creating
 * requests, and the endpoints of each feature in a sub-package named after it. Features know nothing of HTTP; this
 * face translates.
 */
@NullMarked
package dev.palisade.api;

import org.jspecify.annotations.NullMarked;
