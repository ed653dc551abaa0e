package dev.palisade.attestation.tpm;

/** Bytes that are not the TPM structure they claim to be: truncated, oversized, of an unknown algorithm, trailing. */
public final class MalformedTpmStructure extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedTpmStructure(String message) {
        super(message);
    }
}
