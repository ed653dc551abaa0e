package dev.palisade.provisioning;

/**
 * Why a first contact, or a device's proof of its owner's claim, was refused; the code is what the device, the audit
 * log and the operator see.
 */
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
    /** Too many first contacts (or claim requests) for the tenant or the manufacturer CA; try again shortly. */
    RATE_LIMITED("provisioning.rate-limited"),
    /** No claim of the tenant names the device its bootstrap certificate names. */
    CLAIM_NOT_FOUND("provisioning.claim-not-found"),
    /** A claim names the device, and the device has not proven it holds the claim code yet. */
    CLAIM_NOT_PROVEN("provisioning.claim-not-proven"),
    /** The claim registered its device already. */
    CLAIM_USED("provisioning.claim-used"),
    /** The claim's time ran out. */
    CLAIM_EXPIRED("provisioning.claim-expired"),
    /** The owner cancelled the claim. */
    CLAIM_CANCELLED("provisioning.claim-cancelled"),
    /** Too many wrong codes were tried: the claim is locked, the right code no longer proves it. */
    CLAIM_LOCKED("provisioning.claim-locked"),
    /** Another bootstrap certificate naming the same device proved the claim first. */
    CLAIM_PROVEN_ELSEWHERE("provisioning.claim-proven-elsewhere"),
    /** The code does not match the claim's; the attempt counts towards locking it. */
    CLAIM_WRONG_CODE("provisioning.claim-wrong-code"),
    /** The proof is not signed by the key of the bootstrap certificate the device connects with. */
    CLAIM_SIGNATURE_INVALID("provisioning.claim-signature-invalid"),
    /** The proof is not what the protocol says: bad hex, base64, or a missing field. */
    CLAIM_MALFORMED("provisioning.claim-malformed"),
    /** The nonce was never issued to this device for this tenant's claim, or is forgotten. */
    CLAIM_NONCE_UNKNOWN("provisioning.claim-nonce-unknown"),
    /** The nonce was used already. */
    CLAIM_NONCE_REPLAYED("provisioning.claim-nonce-replayed"),
    /** The nonce is too old. */
    CLAIM_NONCE_EXPIRED("provisioning.claim-nonce-expired"),
    /** Too many nonces of the claim are outstanding; use one, or wait for them to expire. */
    CLAIM_BUSY("provisioning.claim-busy");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
