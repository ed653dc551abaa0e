package dev.palisade.tenancy;

/** A new tenant with its first administrator and that administrator's token (shown once). */
public record TenantCreated(Tenant tenant, Operator admin, IssuedToken adminToken) {}
