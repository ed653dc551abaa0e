package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.internal.AuditLeaf;
import dev.palisade.keys.KeyCustody;
import dev.palisade.protocol.merkle.MerkleHashes;
import dev.palisade.protocol.merkle.ProofVerifier;
import dev.palisade.protocol.note.Checkpoint;
import dev.palisade.protocol.note.NoteVerification;
import dev.palisade.protocol.note.NoteVerifier;
import dev.palisade.protocol.note.SignedNote;
import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every change through the API leaves an audit record in the same transaction; records, checkpoints and proofs served
 * by the API verify with the protocol's own verifiers, as an outside auditor would check them.
 */
class AuditLogIT extends WithServer {

    @Autowired
    KeyCustody keys;

    @Autowired
    AuditLogIdentity identity;

    @Test
    void aChangeIsRecordedWithActorTargetRequestIdAndOutcome() {
        TestTenant tenant = newTenant();
        String requestId = "req-" + UUID.randomUUID();

        ApiResponse created = api.post(
                "/api/v1/operators",
                tenant.adminToken(),
                Map.of("name", "alice", "role", "auditor"),
                Map.of("X-Request-Id", requestId));

        JsonNode last = lastRecord(tenant);
        assertThat(last.path("action").asString()).isEqualTo("operator.created");
        assertThat(last.path("target").asString()).isEqualTo("operator:" + created.text("id"));
        assertThat(last.path("requestId").asString()).isEqualTo(requestId);
        assertThat(last.path("outcome").asString()).isEqualTo("succeeded");
        assertThat(last.path("actor").path("kind").asString()).isEqualTo("operator");
        assertThat(last.path("actor").path("id").asString()).isEqualTo(tenant.adminId());
        assertThat(last.path("details").path("role").asString()).isEqualTo("auditor");
    }

    @Test
    void aNewTenantsLogStartsWithItsCreationAndThePlatformLogRecordsItToo() {
        TestTenant tenant = newTenant();

        List<String> actions = new ArrayList<>();
        api.get("/api/v1/audit/records", tenant.adminToken())
                .body()
                .path("items")
                .forEach(record -> actions.add(record.path("action").asString()));
        JsonNode platformLast = lastRecord(new TestTenant("", "default", "", platformToken));

        assertThat(actions).containsExactly("tenant.created", "operator.created", "token.created");
        assertThat(platformLast.path("action").asString()).isEqualTo("tenant.created");
        assertThat(platformLast.path("target").asString()).isEqualTo("tenant:" + tenant.id());
    }

    @Test
    void aRefusedChangeLeavesNoRecord() {
        TestTenant tenant = newTenant();
        api.post("/api/v1/operators", tenant.adminToken(), Map.of("name", "bob", "role", "viewer"));
        long before = treeSize(tenant);

        ApiResponse duplicate =
                api.post("/api/v1/operators", tenant.adminToken(), Map.of("name", "bob", "role", "viewer"));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(treeSize(tenant)).isEqualTo(before);
    }

    @Test
    void everyRecordHasAnInclusionProofAgainstTheSignedCheckpoint() {
        TestTenant tenant = newTenant();
        for (int i = 0; i < 4; i++) {
            newOperator(tenant, "viewer");
        }
        JsonNode checkpoint =
                api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken()).body();
        String verifierKey =
                api.get("/api/v1/audit/verifier-key", tenant.adminToken()).text("verifierKey");
        long size = checkpoint.path("treeSize").asLong();
        byte[] signedRoot = verifiedRoot(checkpoint.path("note").asString(), verifierKey, tenant, size);

        for (long index = 0; index < size; index++) {
            JsonNode record = api.get("/api/v1/audit/records/" + index, tenant.adminToken())
                    .body();
            JsonNode proof = api.get(
                            "/api/v1/audit/records/" + index + "/inclusion-proof?treeSize=" + size, tenant.adminToken())
                    .body();
            byte[] leafHash = MerkleHashes.leafHash(AuditLeaf.encode(fromView(tenant, record)));

            assertThat(Base64.getEncoder().encodeToString(leafHash))
                    .isEqualTo(proof.path("leafHash").asString());
            assertThat(ProofVerifier.verifyInclusion(index, size, leafHash, hashes(proof), signedRoot))
                    .as("inclusion of record %d", index)
                    .isTrue();
        }
    }

    @Test
    void laterCheckpointsProveConsistentWithEarlierOnes() {
        TestTenant tenant = newTenant();
        JsonNode early =
                api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken()).body();
        for (int i = 0; i < 5; i++) {
            newOperator(tenant, "viewer");
        }
        JsonNode late =
                api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken()).body();
        long from = early.path("treeSize").asLong();
        long to = late.path("treeSize").asLong();

        JsonNode proof = api.get("/api/v1/audit/consistency-proof?from=" + from + "&to=" + to, tenant.adminToken())
                .body();

        assertThat(ProofVerifier.verifyConsistency(
                        from,
                        to,
                        decode(early.path("rootHash").asString()),
                        decode(late.path("rootHash").asString()),
                        hashes(proof)))
                .isTrue();
        assertThat(ProofVerifier.verifyConsistency(
                        from,
                        to,
                        decode(late.path("rootHash").asString()),
                        decode(late.path("rootHash").asString()),
                        hashes(proof)))
                .isFalse();
    }

    @Autowired
    AuditLog log;

    @Autowired
    dev.palisade.storage.TenantTransactions transactions;

    @Test
    void aTransactionThatRecordsABatchSignsOneCheckpointForIt() throws Exception {
        TestTenant tenant = newTenant();
        TenantId id = TenantId.parse(tenant.id());
        long checkpointsBefore = checkpointCount(tenant);

        transactions.inTenant(id, () -> {
            for (int i = 0; i < 5; i++) {
                log.append(AuditEntry.succeeded(id, Actor.system("test"), "test.batched", "item:" + i, "batch-1"));
            }
        });

        assertThat(checkpointCount(tenant)).isEqualTo(checkpointsBefore + 1);
        assertThat(treeSize(tenant)).isEqualTo(8);
        try (var connection = dataSource.getConnection()) {
            assertThat(new AuditVerifier(verifierKey(), identity).verify(connection, id))
                    .isInstanceOf(VerificationReport.Intact.class);
        }
    }

    @Test
    void recordsJoinTheLogInTheOrderTheirTransactionsCommitWithoutWaitingForEachOther() throws Exception {
        TestTenant tenant = newTenant();
        TenantId id = TenantId.parse(tenant.id());
        var firstAppended = new CountDownLatch(1);
        var secondCommitted = new CountDownLatch(1);

        // the first transaction appends, then stays open until the second has appended and committed: were the
        // tenant's log locked at the first append, the second would wait for it, and the await would time out
        var first = CompletableFuture.runAsync(() -> transactions.inTenant(id, () -> {
            log.append(AuditEntry.succeeded(id, Actor.system("test"), "test.appended-first", "item:1", "first"));
            firstAppended.countDown();
            awaitOrFail(secondCommitted);
        }));
        awaitOrFail(firstAppended);
        transactions.inTenant(id, () -> {
            log.append(AuditEntry.succeeded(id, Actor.system("test"), "test.appended-second", "item:2", "second"));
        });
        secondCommitted.countDown();
        first.get(30, TimeUnit.SECONDS);

        List<String> actions = new ArrayList<>();
        api.get("/api/v1/audit/records", tenant.adminToken())
                .body()
                .path("items")
                .forEach(record -> actions.add(record.path("action").asString()));
        assertThat(actions).endsWith("test.appended-second", "test.appended-first");
        try (var connection = dataSource.getConnection()) {
            assertThat(new AuditVerifier(verifierKey(), identity).verify(connection, id))
                    .isInstanceOf(VerificationReport.Intact.class);
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS))
                    .as("the other transaction got there")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTransactionThatRollsBackLeavesNeitherRecordsNorCheckpoint() {
        TestTenant tenant = newTenant();
        TenantId id = TenantId.parse(tenant.id());
        long sizeBefore = treeSize(tenant);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transactions.inTenant(id, () -> {
            log.append(AuditEntry.succeeded(id, Actor.system("test"), "test.doomed", "item:1", "doomed-1"));
            throw new IllegalStateException("the change fails after its record was appended");
        }));

        assertThat(treeSize(tenant)).isEqualTo(sizeBefore);
        assertThat(newOperator(tenant, "viewer")).isNotNull();
        assertThat(treeSize(tenant)).isEqualTo(sizeBefore + 2);
    }

    private String verifierKey() {
        return api.get("/api/v1/audit/verifier-key", platformToken).text("verifierKey");
    }

    private long checkpointCount(TestTenant tenant) {
        return api.get("/api/v1/audit/checkpoints?limit=500", tenant.adminToken())
                .body()
                .path("items")
                .size();
    }

    @Test
    void theServedVerifierKeyIsTheCheckpointKeyInCustody() {
        String served = api.get("/api/v1/audit/verifier-key", platformToken).text("verifierKey");

        var key = keys.find(AuditLogIdentity.CHECKPOINT_KEY).orElseThrow();

        assertThat(served).isEqualTo(identity.verifierKey(key.publicKey()));
    }

    @Test
    void proofRequestsOutsideTheTreeAreRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse beyond = api.get("/api/v1/audit/records/0/inclusion-proof?treeSize=999999", tenant.adminToken());
        ApiResponse backwards = api.get("/api/v1/audit/consistency-proof?from=3&to=2", tenant.adminToken());

        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.text("field")).isEqualTo("treeSize");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.text("field")).isEqualTo("from");
    }

    private byte[] verifiedRoot(String note, String verifierKey, TestTenant tenant, long size) {
        NoteVerification verification = new NoteVerifier(verifierKey).verify(SignedNote.parse(note));
        assertThat(verification).isInstanceOf(NoteVerification.Verified.class);
        Checkpoint checkpoint = Checkpoint.parse(((NoteVerification.Verified) verification).text());
        assertThat(checkpoint.origin()).isEqualTo(identity.origin(TenantId.parse(tenant.id())));
        assertThat(checkpoint.size()).isEqualTo(size);
        return checkpoint.rootHash();
    }

    private static AuditRecord fromView(TestTenant tenant, JsonNode record) {
        Map<String, String> details = new TreeMap<>();
        record.path("details")
                .properties()
                .forEach(entry -> details.put(entry.getKey(), entry.getValue().asString()));
        JsonNode actor = record.path("actor");
        return new AuditRecord(
                TenantId.parse(tenant.id()),
                record.path("index").asLong(),
                Instant.parse(record.path("recordedAt").asString()),
                new Actor(
                        Actor.ActorKind.fromWireName(actor.path("kind").asString()),
                        actor.path("id").asString(),
                        actor.path("name").asString()),
                record.path("action").asString(),
                record.path("target").asString(),
                record.path("requestId").asString(),
                AuditOutcome.fromWireName(record.path("outcome").asString()),
                details);
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> hashes = new ArrayList<>();
        proof.path("hashes").forEach(hash -> hashes.add(decode(hash.asString())));
        return hashes;
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private JsonNode lastRecord(TestTenant tenant) {
        long size = treeSize(tenant);
        return api.get("/api/v1/audit/records/" + (size - 1), tenant.adminToken())
                .body();
    }

    private long treeSize(TestTenant tenant) {
        return api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken())
                .body()
                .path("treeSize")
                .asLong();
    }
}
