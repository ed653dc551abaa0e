package dev.palisade.provisioning;

/** Why a first contact was refused; the code is what the device, the audit log and the operator see. */
public enum RefusalReason {
    /** The bootstrap certificate's CA is not registered with the tenant the device asked for. */
    UNKNOWN_BOOTSTRAP_CA("provisioning.unknown-bootstrap-ca"),
    /** No manifest entry of the CA's manufacturer lists the bootstrap certificate. */
    NOT_IN_MANIFEST("provisioning.not-in-manifest"),
    /** The manifest entry has registered a device already. */
    ENTRY_USED("provisioning.entry-used"),
    /** The device id or serial is on the tenant's recall list. */
    RECALLED("provisioning.recalled"),
    /** The device's firmware is older than the tenant's (or its model's) floor. */
    FIRMWARE_BELOW_FLOOR("provisioning.firmware-below-floor"),
    /** A floor applies and the manifest does not say which firmware the device runs. */
    FIRMWARE_UNKNOWN("provisioning.firmware-unknown"),
    /**
     * The tenant requires a passing attestation first and the device has none recent enough: not a final refusal, the
     * device is registered to wait for its attestation and enrols once it has passed.
     */
    ATTESTATION_REQUIRED("provisioning.attestation-required"),
    /** The tenant requires a passing attestation and the device's latest attestation failed. */
    ATTESTATION_FAILED("provisioning.attestation-failed"),
    /** The tenant's webhook answered, and not with 2xx. */
    WEBHOOK_DENIED("provisioning.webhook-denied"),
    /** The tenant's webhook did not answer in time, or could not be reached. */
    WEBHOOK_UNAVAILABLE("provisioning.webhook-unavailable"),
    /** A device of that id is registered and past provisioning. */
    DEVICE_REGISTERED("provisioning.device-registered"),
    /**
     * The device was decommissioned, and no manifest imported since lists it: it never enrols again unless it is
     * re-manufactured.
     */
    DEVICE_DECOMMISSIONED("provisioning.device-decommissioned"),
    /**
     * The session asked for another device than the one the manifest lists for its bootstrap certificate (over MQTT, a
     * manifest imported after the session connected lists it): reconnect.
     */
    DEVICE_ID_MISMATCH("provisioning.device-id-mismatch"),
    /** The enrolment request itself was refused (its CSR); the detail names the PKI's reason. */
    REQUEST_REFUSED("provisioning.request-refused"),
    /** Too many first contacts for the tenant or the manufacturer CA; try again shortly. */
    RATE_LIMITED("provisioning.rate-limited");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
