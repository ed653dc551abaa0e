package dev.palisade.agent.attest;

import java.util.Locale;

/** The algorithm of the TPM's endorsement and attestation keys, and the attestation key's signature scheme. */
public enum TpmKeyAlgorithm {
    RSA("rsa", "rsassa"),
    ECC("ecc", "ecdsa");

    private final String toolName;
    private final String signatureScheme;

    TpmKeyAlgorithm(String toolName, String signatureScheme) {
        this.toolName = toolName;
        this.signatureScheme = signatureScheme;
    }

    /** As tpm2-tools name it ({@code -G rsa}). */
    public String toolName() {
        return toolName;
    }

    String signatureScheme() {
        return signatureScheme;
    }

    /** {@code rsa} or {@code ecc}, in any case. */
    public static TpmKeyAlgorithm parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rsa" -> RSA;
            case "ecc" -> ECC;
            default -> throw new IllegalArgumentException("a TPM key algorithm is rsa or ecc, not " + name);
        };
    }
}
