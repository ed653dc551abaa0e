package dev.palisade.agent.attest;

/**
 * The server refused the device's evidence or a step before it (a nonce, the attestation key's binding): nothing was
 * recorded but the refusal. Unlike a failing verdict, a refusal says the evidence itself was not acceptable. The
 * reason codes are those of docs/attestation.md.
 */
public final class AttestationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String detail;

    public AttestationRefusedException(String step, int status, String code, String detail) {
        super("attestation " + step + " refused by the server (HTTP " + status + " " + code + "): " + detail);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The reason code, such as {@code attestation.endorsement.not-expected}; empty when the server gave none. */
    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
