package dev.palisade.attestation;

/**
 * Stable reason codes of verdicts and refusals. A verdict's reason says why authentic evidence passed or failed; a
 * refusal's says why evidence was not even accepted as authentic (it changes nothing and is only audited).
 */
public enum AttestationReason {
    /** The evidence matched a release's reference values. */
    PASSED("attestation.passed"),
    /** A quoted PCR differs from every stored release of the device's model. */
    PCR_MISMATCH("attestation.reference.pcr-mismatch"),
    /** A boot log measurement differs from every stored release of the device's model. */
    MEASUREMENT_MISMATCH("attestation.reference.measurement-mismatch"),
    /** The device has no model attribute, or its model has no reference values. */
    NO_REFERENCE_VALUES("attestation.reference.none"),
    /** The tenant refuses boot logs: a device without a TPM cannot pass. */
    BOOT_LOG_NOT_ACCEPTED("attestation.boot-log.not-accepted"),
    /** No passing verdict within the tenant's re-attestation interval. */
    MISSED("attestation.missed"),

    /** No such device is registered in the tenant. */
    DEVICE_UNKNOWN("attestation.device.unknown"),
    /** The evidence is not the structure it should be: truncated, wrong magic, wrong type, bad encoding. */
    MALFORMED_EVIDENCE("attestation.evidence.malformed"),
    /** The nonce was never issued to this device, or was issued so long ago that it is forgotten. */
    NONCE_UNKNOWN("attestation.nonce.unknown"),
    /** The nonce was used already. */
    NONCE_REPLAYED("attestation.nonce.replayed"),
    /** The nonce's lifetime ended before the evidence arrived. */
    NONCE_EXPIRED("attestation.nonce.expired"),
    /** The quote's qualifying data is not the nonce the evidence names. */
    NONCE_MISMATCH("attestation.quote.nonce-mismatch"),
    /** The quote's signature does not verify with the device's bound attestation key. */
    SIGNATURE_INVALID("attestation.quote.signature-invalid"),
    /** The reported PCR values are incomplete or do not hash to the quoted digest. */
    PCR_DIGEST_MISMATCH("attestation.quote.pcr-digest-mismatch"),
    /** The device has no attestation key bound yet. */
    KEY_NOT_BOUND("attestation.key.not-bound"),
    /** The attestation key is not a restricted signing key made and kept in the TPM. */
    KEY_UNSUITABLE("attestation.key.unsuitable"),
    /** No endorsement key is expected for the device: an operator or a manifest must name it first. */
    ENDORSEMENT_KEY_UNKNOWN("attestation.endorsement.unknown"),
    /** The endorsement key is not the one expected for the device. */
    ENDORSEMENT_KEY_NOT_EXPECTED("attestation.endorsement.not-expected"),
    /** The endorsement key cannot receive a credential (not a restricted AES-CFB decryption key). */
    ENDORSEMENT_KEY_UNSUITABLE("attestation.endorsement.unsuitable"),
    /** The credential challenge is unknown, used or expired. */
    CHALLENGE_UNKNOWN("attestation.challenge.unknown"),
    /** The secret returned is not the credential: the key is not in the TPM that holds the endorsement key. */
    CHALLENGE_FAILED("attestation.challenge.wrong-secret"),
    /** The boot log's signature does not verify with the key of the certificate the device presented. */
    BOOT_LOG_SIGNATURE_INVALID("attestation.boot-log.signature-invalid");

    private final String code;

    AttestationReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AttestationReason fromCode(String code) {
        for (AttestationReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reason code: " + code);
    }
}
