package dev.palisade.audit;

import dev.palisade.audit.VerificationReport.Intact;
import dev.palisade.audit.VerificationReport.Tampered;
import dev.palisade.audit.VerificationReport.Tampering;
import dev.palisade.audit.internal.AuditLeaf;
import dev.palisade.audit.internal.LogRows;
import dev.palisade.audit.internal.LogRows.CheckpointRow;
import dev.palisade.audit.internal.LogRows.RecordRow;
import dev.palisade.protocol.merkle.MerkleHashes;
import dev.palisade.protocol.merkle.TreeFrontier;
import dev.palisade.protocol.note.Checkpoint;
import dev.palisade.protocol.note.NoteVerification;
import dev.palisade.protocol.note.NoteVerifier;
import dev.palisade.protocol.note.SignedNote;
import dev.palisade.shared.TenantId;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Recomputes a tenant's audit log from the database and checks it against its signed checkpoints. It trusts only the
 * verifier key it is given, never keys or hashes stored beside the log, so whoever can write the database but not
 * sign cannot make a changed log pass.
 *
 * <p>Every append is checkpointed in its own transaction, so the first checkpoint that no longer matches names the
 * first changed record exactly. Whether that record was edited, deleted, inserted or moved is then read from the
 * evidence around it: gaps in the indexes, the number of records against the signed size, times running backwards.
 */
public final class AuditVerifier {

    private final NoteVerifier trusted;
    private final AuditLogIdentity identity;

    public AuditVerifier(String verifierKey, AuditLogIdentity identity) {
        this.trusted = new NoteVerifier(verifierKey);
        this.identity = identity;
    }

    /** Verifies the log of {@code tenant}, reading it through {@code connection} in one read-only transaction. */
    public VerificationReport verify(Connection connection, TenantId tenant) throws SQLException {
        try (LogRows rows = LogRows.open(connection, tenant)) {
            return new Run(tenant, rows).verify();
        } catch (LogRows.UnreadableRecordException unreadable) {
            return new Tampered(tenant, unreadable.index(), Tampering.EDITED, unreadable.explanation());
        }
    }

    /** The state of one verification pass over the records and checkpoints, both read in order. */
    private final class Run {

        private final TenantId tenant;
        private final LogRows rows;
        private TreeFrontier frontier = TreeFrontier.empty();
        private long verifiedSize;
        private long checkpointsChecked;
        private long firstNodeMismatch = -1;
        private Instant previousTime = Instant.MIN;
        private Instant timeBeforePrevious = Instant.MIN;

        Run(TenantId tenant, LogRows rows) {
            this.tenant = tenant;
            this.rows = rows;
        }

        VerificationReport verify() throws SQLException {
            CheckpointRow checkpoint = rows.nextCheckpoint();
            for (RecordRow record = rows.nextRecord(); record != null; record = rows.nextRecord()) {
                if (record.index() != frontier.size()) {
                    return tampered(
                            frontier.size(),
                            Tampering.DELETED,
                            "record " + frontier.size() + " is missing: the log jumps from " + (frontier.size() - 1)
                                    + " to " + record.index());
                }
                absorb(record);
                while (checkpoint != null && checkpoint.treeSize() <= frontier.size()) {
                    Tampered mismatch = check(checkpoint);
                    if (mismatch != null) {
                        return mismatch;
                    }
                    checkpoint = rows.nextCheckpoint();
                }
            }
            if (checkpoint != null) {
                Tampered forged = forgery(checkpoint);
                return forged != null
                        ? forged
                        : tampered(
                                frontier.size(),
                                Tampering.DELETED,
                                "the log ends at " + frontier.size() + " records but a checkpoint signs "
                                        + checkpoint.treeSize());
            }
            if (frontier.size() > verifiedSize) {
                return tampered(
                        verifiedSize,
                        Tampering.INSERTED,
                        (frontier.size() - verifiedSize) + " record(s) from index " + verifiedSize
                                + " on were never signed");
            }
            if (firstNodeMismatch >= 0) {
                return tampered(
                        firstNodeMismatch,
                        Tampering.PROOF_NODES_DAMAGED,
                        "the stored leaf hash of record " + firstNodeMismatch
                                + " differs from the record, which matches its checkpoints");
            }
            return new Intact(tenant, frontier.size(), checkpointsChecked);
        }

        private void absorb(RecordRow record) {
            byte[] leafHash = MerkleHashes.leafHash(AuditLeaf.encode(record.record(), record.detailsJson()));
            byte[] storedHash = record.storedLeafHash();
            if (firstNodeMismatch < 0 && (storedHash == null || !MessageDigest.isEqual(storedHash, leafHash))) {
                firstNodeMismatch = record.index();
            }
            timeBeforePrevious = previousTime;
            previousTime = record.record().recordedAt();
            frontier = frontier.append(leafHash).frontier();
        }

        private @Nullable Tampered check(CheckpointRow row) throws SQLException {
            Tampered forged = forgery(row);
            if (forged != null) {
                return forged;
            }
            Checkpoint signed = Checkpoint.parse(SignedNote.parse(row.note()).text());
            if (signed.size() != frontier.size()) {
                return tampered(
                        row.treeSize() - 1,
                        Tampering.CHECKPOINT_FORGED,
                        "checkpoint stored for size " + row.treeSize() + " signs size " + signed.size());
            }
            if (!MessageDigest.isEqual(signed.rootHash(), frontier.rootHash())) {
                return diverged(signed.size());
            }
            verifiedSize = signed.size();
            checkpointsChecked++;
            return null;
        }

        /** A checkpoint whose signature, origin or columns do not hold up, or null if it is genuine. */
        private @Nullable Tampered forgery(CheckpointRow row) {
            long index = Math.max(0, row.treeSize() - 1);
            SignedNote note;
            Checkpoint signed;
            try {
                note = SignedNote.parse(row.note());
                signed = Checkpoint.parse(note.text());
            } catch (IllegalArgumentException malformed) {
                return tampered(
                        index,
                        Tampering.CHECKPOINT_FORGED,
                        "checkpoint for size " + row.treeSize() + " is not a well-formed signed checkpoint: "
                                + malformed.getMessage());
            }
            if (!(trusted.verify(note) instanceof NoteVerification.Verified)) {
                return tampered(
                        index,
                        Tampering.CHECKPOINT_FORGED,
                        "checkpoint for size " + row.treeSize()
                                + " does not carry a valid signature of the installation's audit key");
            }
            if (!signed.origin().equals(identity.origin(tenant))) {
                return tampered(
                        index,
                        Tampering.CHECKPOINT_FORGED,
                        "checkpoint for size " + row.treeSize() + " belongs to another log (" + signed.origin() + ")");
            }
            if (signed.size() != row.treeSize() || !MessageDigest.isEqual(signed.rootHash(), row.rootHash())) {
                return tampered(
                        index,
                        Tampering.CHECKPOINT_FORGED,
                        "the stored size or root of checkpoint " + row.treeSize() + " differs from its signed text");
            }
            return null;
        }

        /** The tree no longer matches the checkpoint at {@code size}; every checkpoint before it matched. */
        private Tampered diverged(long size) throws SQLException {
            long index =
                    firstNodeMismatch >= verifiedSize && firstNodeMismatch < size ? firstNodeMismatch : verifiedSize;
            long records = rows.recordCount();
            long signed = rows.latestSignedSize();
            if (records > signed) {
                return tampered(
                        index,
                        Tampering.INSERTED,
                        "record " + index + " does not match the signed log, which" + " has " + signed
                                + " records where the database now has " + records);
            }
            if (records < signed) {
                return tampered(
                        index,
                        Tampering.DELETED,
                        "record " + index + " does not match the signed log, which" + " has " + signed
                                + " records where the database now has " + records);
            }
            if (index == frontier.size() - 1 && timeRunsBackwardsAroundLastRecord()) {
                return tampered(
                        index,
                        Tampering.OUT_OF_ORDER,
                        "record " + index + " is out of order: the records around it run backwards in time");
            }
            return tampered(
                    index,
                    Tampering.EDITED,
                    "record " + index + " was changed after it was signed" + " (checkpoint " + size
                            + " no longer matches)");
        }

        private boolean timeRunsBackwardsAroundLastRecord() throws SQLException {
            RecordRow next = rows.peekRecord();
            return previousTime.isBefore(timeBeforePrevious)
                    || (next != null && next.record().recordedAt().isBefore(previousTime));
        }

        private Tampered tampered(long index, Tampering kind, String explanation) {
            return new Tampered(tenant, index, kind, explanation);
        }
    }
}
