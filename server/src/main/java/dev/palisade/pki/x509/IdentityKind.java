package dev.palisade.pki.x509;

/** What a device certificate lets its holder do; the path segment of its SPIFFE ID names it. */
public enum IdentityKind {
    /** An operational device identity: connects to the broker, renews itself. */
    DEVICE("device"),
    /** A bootstrap identity (a manufacturer or installer credential): may only enrol for an operational identity. */
    BOOTSTRAP("bootstrap");

    private final String pathSegment;

    IdentityKind(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    /** The first path segment of the SPIFFE ID: {@code device} or {@code bootstrap}. */
    public String pathSegment() {
        return pathSegment;
    }
}
