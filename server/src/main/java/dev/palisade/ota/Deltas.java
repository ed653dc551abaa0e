package dev.palisade.ota;

import dev.palisade.audit.AuditLog;
import dev.palisade.ota.internal.BlobStore;
import dev.palisade.ota.internal.DeltaEncoder;
import dev.palisade.ota.internal.DeltaRepository;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Binary deltas between releases, generated on an operator's request: zstd patch-from of the newer release's artifact
 * against the older one's, for releases of the same model, hardware revision and tier. A delta is applied back after
 * generation and kept (content-addressed in the blob store) only if it reproduces the target's SHA-256 and is smaller
 * than the target; otherwise the row records that devices should download the full image. Generating a pair again
 * answers with what was recorded.
 *
 * <p>On request rather than at every publication: a level-19 encoding of a large image takes tens of seconds and
 * hundreds of megabytes, and only the pairs a fleet actually runs (the installed version to the new one) are worth it.
 */
@Service
public class Deltas {

    private static final Logger log = LoggerFactory.getLogger(Deltas.class);

    private final TenantTransactions transactions;
    private final OtaRepository releases;
    private final DeltaRepository repository;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final OtaProperties properties;
    private final Clock clock;

    Deltas(
            TenantTransactions transactions,
            OtaRepository releases,
            DeltaRepository repository,
            BlobStore blobs,
            AuditLog audit,
            OtaProperties properties,
            Clock clock) {
        this.transactions = transactions;
        this.releases = releases;
        this.repository = repository;
        this.blobs = blobs;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** The outcome of a request: the delta (or the record that the full image is to be used), and whether it is new. */
    public record Generated(Delta delta, boolean created) {}

    /** Generates the delta from {@code from}'s artifact to {@code to}'s, or answers with the one recorded. */
    public Generated generate(Caller caller, ReleaseId fromId, ReleaseId toId) {
        Release from = release(caller, fromId, "fromRelease");
        Release to = release(caller, toId, "toRelease");
        if (!from.model().equals(to.model())
                || !from.hardwareRevision().equals(to.hardwareRevision())
                || from.tier() != to.tier()) {
            throw new InvalidInputException(
                    "ota.delta.incompatible-releases",
                    "toRelease",
                    "a delta is between releases of the same model, hardware revision and tier");
        }
        if (from.artifact().equals(to.artifact())) {
            throw new InvalidInputException(
                    "ota.delta.same-content", "toRelease", "both releases name the same artifact");
        }
        if (from.length() > DeltaEncoder.MAX_FROM_LENGTH) {
            throw new InvalidInputException(
                    "ota.delta.too-large", "fromRelease", "a delta's base image is at most 2 GB");
        }
        var existing = transactions.readInTenant(
                caller.tenant(), () -> repository.delta(caller.tenant(), from.artifact(), to.artifact()));
        if (existing.isPresent()) {
            return new Generated(existing.get(), false);
        }
        Delta delta;
        try {
            delta = encode(caller, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("generating the delta from " + from.sha256() + " to " + to.sha256(), e);
        }
        return transactions.inTenant(caller.tenant(), () -> {
            if (!repository.insert(delta)) {
                // the same pair was generated concurrently and committed first
                return new Generated(
                        repository
                                .delta(caller.tenant(), from.artifact(), to.artifact())
                                .orElseThrow(),
                        false);
            }
            Map<String, String> details = new HashMap<>();
            details.put("fromRelease", from.id().toString());
            details.put("toRelease", to.id().toString());
            details.put("fromSha256", from.sha256().hex());
            details.put("toSha256", to.sha256().hex());
            details.put("useFullImage", String.valueOf(delta.useFullImage()));
            if (delta.deltaSha256() != null) {
                details.put("deltaSha256", delta.deltaSha256().hex());
                details.put("deltaLength", String.valueOf(delta.deltaLength()));
            }
            audit.append(
                    caller.audit("ota.delta-generated", "release:" + to.id()).withDetails(details));
            return new Generated(delta, true);
        });
    }

    /** The tenant's deltas, newest first. */
    public List<Delta> list(Caller caller, int limit) {
        return transactions.readInTenant(caller.tenant(), () -> repository.deltas(caller.tenant(), limit));
    }

    private Delta encode(Caller caller, Release from, Release to) throws IOException {
        if (!blobs.contains(from.sha256()) || !blobs.contains(to.sha256())) {
            throw new IllegalStateException("an artifact's blob is missing from the store");
        }
        Path staging = blobs.stagingFile("delta");
        try {
            var encoded = DeltaEncoder.encode(
                    blobs.path(from.sha256()), blobs.path(to.sha256()), to.sha256(), properties.deltaLevel(), staging);
            Sha256 deltaSha256 = null;
            Long deltaLength = null;
            switch (encoded) {
                case DeltaEncoder.Encoded.DoesNotReproduce failed ->
                    throw new IllegalStateException(
                            "the delta to " + to.sha256() + " does not reproduce it: " + failed.detail());
                case DeltaEncoder.Encoded.Verified verified -> {
                    log.info(
                            "Delta {} -> {}: {} bytes for a {}-byte image, encoded in {} ms, verified in {} ms",
                            from.sha256(),
                            to.sha256(),
                            verified.length(),
                            to.length(),
                            verified.encodingTime().toMillis(),
                            verified.verificationTime().toMillis());
                    if (verified.length() < to.length()) {
                        BlobStore.Outcome stored;
                        try (InputStream in = Files.newInputStream(staging)) {
                            stored = blobs.write(in, verified.length(), null, verified.length());
                        }
                        if (!(stored instanceof BlobStore.Outcome.Stored kept)) {
                            throw new IOException("the delta could not be stored: " + stored);
                        }
                        deltaSha256 = kept.sha256();
                        deltaLength = kept.length();
                    }
                }
            }
            return new Delta(
                    caller.tenant(),
                    from.artifact(),
                    to.artifact(),
                    from.sha256(),
                    to.sha256(),
                    to.length(),
                    deltaSha256,
                    deltaLength,
                    properties.deltaLevel(),
                    encoded.windowLog(),
                    encoded.encodingTime(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id());
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private Release release(Caller caller, ReleaseId id, String field) {
        return transactions
                .readInTenant(caller.tenant(), () -> releases.release(caller.tenant(), id))
                .orElseThrow(() -> new InvalidInputException("ota.delta.unknown-release", field, "no release " + id));
    }
}
