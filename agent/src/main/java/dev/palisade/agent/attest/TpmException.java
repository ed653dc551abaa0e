package dev.palisade.agent.attest;

/**
 * The device's TPM could not do what attestation asked of it: tpm2-tools are missing, the TPM cannot be reached
 * through the chosen TCTI, or it refused a command. The message names the tool and what it said.
 */
public final class TpmException extends Exception {

    private static final long serialVersionUID = 1L;

    public TpmException(String message) {
        super(message);
    }

    public TpmException(String message, Throwable cause) {
        super(message, cause);
    }
}
