package dev.palisade.tenancy;

import static dev.palisade.tenancy.Permission.ATTESTATION_MANAGE;
import static dev.palisade.tenancy.Permission.ATTESTATION_READ;
import static dev.palisade.tenancy.Permission.AUDIT_READ;
import static dev.palisade.tenancy.Permission.CA_MANAGE;
import static dev.palisade.tenancy.Permission.CA_READ;
import static dev.palisade.tenancy.Permission.DEVICES_MANAGE;
import static dev.palisade.tenancy.Permission.DEVICES_READ;
import static dev.palisade.tenancy.Permission.OPERATORS_READ;
import static dev.palisade.tenancy.Permission.OTA_MANAGE;
import static dev.palisade.tenancy.Permission.OTA_READ;
import static dev.palisade.tenancy.Permission.POLICIES_MANAGE;
import static dev.palisade.tenancy.Permission.POLICIES_READ;
import static dev.palisade.tenancy.Permission.PROVISIONING_MANAGE;
import static dev.palisade.tenancy.Permission.PROVISIONING_READ;
import static dev.palisade.tenancy.Permission.TENANT_READ;
import static dev.palisade.tenancy.Permission.TOKENS_OWN;
import static dev.palisade.tenancy.Permission.TOKENS_READ;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Operator roles and the permission matrix. Features add their permissions to the roles that need them: the security
 * engineer gets device, PKI, policy and response actions; the release manager gets releases and rollouts; the auditor
 * reads everything, including the audit log and all tokens, and changes nothing.
 */
public enum Role {
    ADMIN(EnumSet.allOf(Permission.class)),
    SECURITY_ENGINEER(EnumSet.of(
            TENANT_READ,
            OPERATORS_READ,
            TOKENS_OWN,
            AUDIT_READ,
            DEVICES_READ,
            DEVICES_MANAGE,
            CA_READ,
            CA_MANAGE,
            POLICIES_READ,
            POLICIES_MANAGE,
            ATTESTATION_READ,
            ATTESTATION_MANAGE,
            PROVISIONING_READ,
            PROVISIONING_MANAGE,
            OTA_READ,
            OTA_MANAGE)),
    RELEASE_MANAGER(EnumSet.of(
            TENANT_READ,
            OPERATORS_READ,
            TOKENS_OWN,
            DEVICES_READ,
            CA_READ,
            POLICIES_READ,
            ATTESTATION_READ,
            PROVISIONING_READ,
            OTA_READ,
            OTA_MANAGE)),
    AUDITOR(EnumSet.of(
            TENANT_READ,
            OPERATORS_READ,
            TOKENS_OWN,
            TOKENS_READ,
            AUDIT_READ,
            DEVICES_READ,
            CA_READ,
            POLICIES_READ,
            ATTESTATION_READ,
            PROVISIONING_READ,
            OTA_READ)),
    VIEWER(EnumSet.of(TENANT_READ, TOKENS_OWN, DEVICES_READ, ATTESTATION_READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** True if this role can do nothing that {@code other} cannot: a token may never outrank its operator. */
    public boolean isWithin(Role other) {
        return other.permissions.containsAll(permissions);
    }

    /** The role's name on the wire and in the database, for example {@code security-engineer}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; roles are admin, security-engineer,"
                + " release-manager, auditor, viewer");
    }
}
