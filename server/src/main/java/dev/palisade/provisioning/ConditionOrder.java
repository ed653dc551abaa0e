package dev.palisade.provisioning;

/**
 * Where each registration condition runs: local and cheap first, the tenant's webhook (up to its timeout) last. A new
 * condition takes a free number between; attestation belongs at {@link #ATTESTATION}.
 */
public final class ConditionOrder {

    public static final int ENTRY_UNUSED = 100;
    public static final int NOT_RECALLED = 200;
    public static final int FIRMWARE_FLOOR = 300;
    /** Reserved: "attestation passed where the policy requires it", wired with the attestation feature. */
    public static final int ATTESTATION = 400;

    public static final int WEBHOOK = 900;

    private ConditionOrder() {}
}
