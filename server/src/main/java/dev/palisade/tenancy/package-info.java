/**
 * Tenancy: tenants, the operators who work in them, their roles and the permission matrix, and the API tokens that
 * operators authenticate with. Tokens are shown once at creation and stored only as a hash; each is scoped to one
 * tenant and one role, expires, and can be revoked. The platform tenant, created on first start, is the only one whose
 * administrators may manage other tenants.
 */
@NullMarked
package dev.palisade.tenancy;

import org.jspecify.annotations.NullMarked;
