package dev.palisade.pki.x509;

/** Why a CSR was refused, with the stable code that clients see in problem details. */
public enum CsrProblem {
    /** Larger than the policy's bound; not parsed at all. */
    TOO_LARGE("pki.csr.too-large"),
    /** Not one PKCS#10 request in DER or PEM: garbage, truncated, BER, trailing bytes, an undecodable key. */
    MALFORMED("pki.csr.malformed"),
    /** The request's signature does not verify with the public key it carries. */
    PROOF_OF_POSSESSION_FAILED("pki.csr.proof-of-possession-failed"),
    /** A key type or size outside the policy (for example RSA-2048, or a curve other than P-256/P-384). */
    UNSUPPORTED_KEY("pki.csr.unsupported-key"),
    /** Signed with an algorithm other than ECDSA or PKCS#1 v1.5 RSA with SHA-256/384/512, or not fitting the key. */
    UNSUPPORTED_SIGNATURE_ALGORITHM("pki.csr.unsupported-signature-algorithm"),
    /** The subject has no common name. */
    MISSING_COMMON_NAME("pki.csr.missing-common-name"),
    /** The common name is not a valid device id (MQTT wildcards, '/', NUL, a leading '$', '*', '?'), or not alone. */
    INVALID_IDENTITY("pki.csr.invalid-identity");

    private final String code;

    CsrProblem(String code) {
        this.code = code;
    }

    /** The stable machine-readable code, for example {@code pki.csr.too-large}. */
    public String code() {
        return code;
    }
}
