package dev.palisade.protocol.tuf;

/** The outcome of downloading a target file: callers must handle both cases. */
public sealed interface TargetDownload {

    /**
     * The content has exactly the length and hashes trusted metadata names.
     *
     * @param target its trusted description
     * @param content the verified bytes
     */
    record Verified(TargetFile target, byte[] content) implements TargetDownload {

        /** Keeps a copy of the content. */
        public Verified {
            content = content.clone();
        }

        /** A copy of the verified bytes. */
        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /**
     * The content must not be used.
     *
     * @param reason the class of failure
     * @param detail a human-readable explanation
     */
    record Refused(RefusalReason reason, String detail) implements TargetDownload {}
}
