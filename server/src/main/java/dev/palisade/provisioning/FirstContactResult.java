package dev.palisade.provisioning;

import dev.palisade.pki.IssuedCertificate;

/** How a device's first contact ended. */
public sealed interface FirstContactResult {

    /** The device is registered and active; its operational certificate, to return in the same response. */
    record Enrolled(IssuedCertificate certificate) implements FirstContactResult {}

    /**
     * Not yet: the device is registered and waits for something of its own to do first (attest); it enrols by asking
     * again once it has. The wait is audited.
     */
    record Pending(String code, String detail) implements FirstContactResult {}

    /** Refused: nothing changed, the refusal is audited (except {@link RefusalReason#RATE_LIMITED}, see there). */
    record Refused(String code, String detail, boolean retryLater) implements FirstContactResult {}
}
