/** HTTP endpoints of tenancy: the caller's identity, tenants, operators and API tokens. */
@NullMarked
package dev.palisade.api.tenancy;

import org.jspecify.annotations.NullMarked;
