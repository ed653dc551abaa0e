package dev.palisade.protocol.tuf;

/** The outcome of {@link TufUpdater#findTarget(String)}: callers must handle both cases. */
public sealed interface TargetLookup {

    /**
     * Trusted metadata describes the target.
     *
     * @param target its length, hashes and custom data
     * @param role the targets role that vouches for it ({@code targets} or a delegated role)
     */
    record Found(TargetFile target, String role) implements TargetLookup {}

    /**
     * No trusted description of the target: it is unknown ({@link RefusalReason#UNKNOWN_TARGET}) or metadata on the
     * way to it failed verification.
     *
     * @param reason the class of failure
     * @param detail a human-readable explanation
     */
    record Refused(RefusalReason reason, String detail) implements TargetLookup {}
}
