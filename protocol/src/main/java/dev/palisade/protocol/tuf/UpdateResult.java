package dev.palisade.protocol.tuf;

/** The outcome of {@link TufUpdater#refresh()}: callers must handle both cases. */
public sealed interface UpdateResult {

    /**
     * The top-level metadata is current, verified and persisted.
     *
     * @param root the trusted root
     * @param timestamp the trusted timestamp
     * @param snapshot the trusted snapshot
     * @param targets the trusted top-level targets
     */
    record Updated(Root root, Timestamp timestamp, Snapshot snapshot, Targets targets) implements UpdateResult {}

    /**
     * The update was refused; nothing from it was persisted, and what was trusted before stays trusted.
     *
     * @param reason the class of failure
     * @param detail a human-readable explanation
     */
    record Refused(RefusalReason reason, String detail) implements UpdateResult {}
}
