/** Authentication of API callers by bearer token, failed-attempt rate limiting, and the per-endpoint permission check. */
@NullMarked
package dev.palisade.api.security;

import org.jspecify.annotations.NullMarked;
