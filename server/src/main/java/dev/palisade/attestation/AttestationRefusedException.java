package dev.palisade.attestation;

/**
 * Evidence refused before any verdict: malformed, replayed, signed by the wrong key. Carried inside the feature so
 * that the refusal can be audited in a transaction of its own before the caller hears of it as a problem.
 */
final class AttestationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final AttestationReason reason;

    AttestationRefusedException(AttestationReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    AttestationReason reason() {
        return reason;
    }

    String detail() {
        String message = getMessage();
        return message == null ? reason.code() : message;
    }
}
