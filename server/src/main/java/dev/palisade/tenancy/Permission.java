package dev.palisade.tenancy;

/** What an operator may do. Each API endpoint requires exactly one permission; roles grant sets of them. */
public enum Permission {
    /** Read the caller's own tenant. */
    TENANT_READ,
    /** Create and list tenants; only effective for administrators of the platform tenant. */
    TENANTS_MANAGE,
    OPERATORS_READ,
    OPERATORS_MANAGE,
    /** Create, list and revoke one's own tokens, with a role no stronger than one's own. */
    TOKENS_OWN,
    /** List every token of the tenant. */
    TOKENS_READ,
    /** Create and revoke tokens of any operator of the tenant. */
    TOKENS_MANAGE,
    /** Read audit records, checkpoints and proofs. */
    AUDIT_READ,
    /** See devices and their certificates. */
    DEVICES_READ,
    /** Register devices, issue and revoke their certificates. */
    DEVICES_MANAGE,
    /** See the tenant's certificate authorities. */
    CA_READ,
    /** Introduce, activate and retire certificate authorities, revoke a whole authority. */
    CA_MANAGE,
    /** See access policies, their versions and attachments. */
    POLICIES_READ,
    /** Save, delete, attach and detach access policies. */
    POLICIES_MANAGE,
    /** See attestation verdicts, reference values, expected endorsement keys and attestation settings. */
    ATTESTATION_READ,
    /** Set expected endorsement keys, reference values and attestation settings. */
    ATTESTATION_MANAGE,
    /** See manufacturers, manifest entries, the recall list and the registration policy. */
    PROVISIONING_READ,
    /** Register manufacturers, import manifests, recall devices and set the registration policy. */
    PROVISIONING_MANAGE,
    /** See update artifacts and releases. */
    OTA_READ,
    /** Upload artifacts, create and publish releases. */
    OTA_MANAGE
}
