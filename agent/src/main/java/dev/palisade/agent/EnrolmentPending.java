package dev.palisade.agent;

/**
 * The server registered the device at its first contact but issues no certificate yet: its registration policy
 * requires a passing attestation first (EST 202 Accepted, or {@code provisioning.attestation-required} on MQTT). Until
 * it enrols, the device attests with its bootstrap certificate, then asks again.
 */
public final class EnrolmentPending extends EnrolmentException {

    /** The reason code of a first contact that waits for the device's attestation. */
    public static final String ATTESTATION_REQUIRED = "provisioning.attestation-required";

    private static final long serialVersionUID = 1L;

    public EnrolmentPending(String message) {
        super(message);
    }
}
