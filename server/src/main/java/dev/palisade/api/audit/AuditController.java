package dev.palisade.api.audit;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.audit.AuditCheckpoint;
import dev.palisade.audit.AuditQueries;
import dev.palisade.audit.AuditRecord;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's audit log. Hashes are base64 (standard alphabet, as in the checkpoint notes); proofs follow
 * RFC 9162 and verify against the root hash of a signed checkpoint.
 */
@RestController
class AuditController {

    private static final String RECORDS = "audit-records";
    private static final String CHECKPOINTS = "audit-checkpoints";

    private final AuditQueries audit;

    AuditController(AuditQueries audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit/records")
    @RequiresPermission(Permission.AUDIT_READ)
    PageResponse<RecordView> records(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                RECORDS, audit.records(caller.tenant(), Cursors.numberKeyed(RECORDS, cursor, limit)), RecordView::of);
    }

    @GetMapping("/api/v1/audit/records/{index}")
    @RequiresPermission(Permission.AUDIT_READ)
    RecordView record(Caller caller, @PathVariable long index) {
        return RecordView.of(audit.record(caller.tenant(), index));
    }

    @GetMapping("/api/v1/audit/records/{index}/inclusion-proof")
    @RequiresPermission(Permission.AUDIT_READ)
    InclusionProofView inclusionProof(
            Caller caller, @PathVariable long index, @RequestParam(required = false) @Nullable Long treeSize) {
        AuditQueries.InclusionProof proof = audit.inclusionProof(caller.tenant(), index, treeSize);
        return new InclusionProofView(
                proof.index(), proof.treeSize(), base64(proof.leafHash()), base64(proof.hashes()));
    }

    @GetMapping("/api/v1/audit/checkpoints")
    @RequiresPermission(Permission.AUDIT_READ)
    PageResponse<CheckpointView> checkpoints(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                CHECKPOINTS,
                audit.checkpoints(caller.tenant(), Cursors.numberKeyed(CHECKPOINTS, cursor, limit)),
                CheckpointView::of);
    }

    @GetMapping("/api/v1/audit/checkpoints/latest")
    @RequiresPermission(Permission.AUDIT_READ)
    CheckpointView latestCheckpoint(Caller caller) {
        return CheckpointView.of(audit.latestCheckpoint(caller.tenant()));
    }

    @GetMapping("/api/v1/audit/checkpoints/{treeSize}")
    @RequiresPermission(Permission.AUDIT_READ)
    CheckpointView checkpoint(Caller caller, @PathVariable long treeSize) {
        return CheckpointView.of(audit.checkpoint(caller.tenant(), treeSize));
    }

    @GetMapping("/api/v1/audit/consistency-proof")
    @RequiresPermission(Permission.AUDIT_READ)
    ConsistencyProofView consistencyProof(Caller caller, @RequestParam long from, @RequestParam long to) {
        AuditQueries.ConsistencyProof proof = audit.consistencyProof(caller.tenant(), from, to);
        return new ConsistencyProofView(proof.fromSize(), proof.toSize(), base64(proof.hashes()));
    }

    @GetMapping("/api/v1/audit/verifier-key")
    @RequiresPermission(Permission.AUDIT_READ)
    VerifierKeyView verifierKey() {
        return new VerifierKeyView(audit.verifierKey());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(AuditController::base64).toList();
    }

    record RecordView(
            long index,
            Instant recordedAt,
            ActorView actor,
            String action,
            String target,
            String requestId,
            String outcome,
            Map<String, String> details) {
        static RecordView of(AuditRecord record) {
            return new RecordView(
                    record.index(),
                    record.recordedAt(),
                    new ActorView(
                            record.actor().kind().wireName(),
                            record.actor().id(),
                            record.actor().name()),
                    record.action(),
                    record.target(),
                    record.requestId(),
                    record.outcome().wireName(),
                    record.details());
        }
    }

    record ActorView(String kind, String id, String name) {}

    /** @param note the checkpoint as a C2SP signed note, verifiable with the installation's verifier key */
    record CheckpointView(long treeSize, String rootHash, Instant signedAt, String note) {
        static CheckpointView of(AuditCheckpoint checkpoint) {
            return new CheckpointView(
                    checkpoint.treeSize(), base64(checkpoint.rootHash()), checkpoint.signedAt(), checkpoint.note());
        }
    }

    record InclusionProofView(long index, long treeSize, String leafHash, List<String> hashes) {}

    record ConsistencyProofView(long from, long to, List<String> hashes) {}

    /** @param verifierKey C2SP verifier key ({@code name+keyid+base64}) for this installation's checkpoints */
    record VerifierKeyView(String verifierKey) {}
}
