package dev.palisade.agent.ota;

import dev.palisade.protocol.tuf.RefusalReason;
import java.util.Locale;

/** The stable codes a device reports as the reason of a refusal or rollback. */
final class RefusalCodes {

    static final String NOT_FOR_THIS_DEVICE = "not-for-this-device";
    static final String WRONG_ROLE = "wrong-role";
    static final String TARGET_MISMATCH = "target-metadata-mismatch";
    static final String TOO_LARGE = "target-too-large";
    static final String BELOW_FLOOR = "security-version-below-floor";
    static final String DOWNLOAD_FAILED = "download-failed";
    static final String NOT_FOUND = "blob-not-found";
    static final String STORAGE_FAILED = "storage-failed";
    static final String HEALTH_CHECK_FAILED = "health-check-failed";
    static final String DEADLINE_PASSED = "trial-deadline-passed";

    private RefusalCodes() {}

    /** {@code tuf.hash-mismatch} for {@link RefusalReason#HASH_MISMATCH}, and so on. */
    static String of(RefusalReason reason) {
        return "tuf." + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
