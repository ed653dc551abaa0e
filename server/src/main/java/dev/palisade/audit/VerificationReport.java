package dev.palisade.audit;

import dev.palisade.shared.TenantId;

/** What {@link AuditVerifier} found in one tenant's log. */
public sealed interface VerificationReport {

    TenantId tenant();

    /** Every record recomputes to the signed checkpoints, and every checkpoint carries a valid signature. */
    record Intact(TenantId tenant, long records, long checkpoints) implements VerificationReport {}

    /**
     * The log departs from what was signed, first at record {@code recordIndex}.
     *
     * @param kind what most likely happened there
     * @param explanation a sentence for the operator
     */
    record Tampered(TenantId tenant, long recordIndex, Tampering kind, String explanation)
            implements VerificationReport {}

    /** How a log was changed. Exact for gaps and forged checkpoints; inferred from counts and times otherwise. */
    enum Tampering {
        /** A record's content no longer matches what was signed. */
        EDITED,
        /** A record is missing: a gap in the indexes, or fewer records than the signed tree holds. */
        DELETED,
        /** A record was added that no checkpoint signed, at the end or between signed records. */
        INSERTED,
        /** Records were moved: their times run backwards where the signed tree diverges. */
        OUT_OF_ORDER,
        /** A checkpoint's signature does not verify, or its stored columns disagree with its signed text. */
        CHECKPOINT_FORGED,
        /** Records verify, but stored proof nodes differ from them, so proofs served from them would fail. */
        PROOF_NODES_DAMAGED
    }
}
