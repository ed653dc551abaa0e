package dev.palisade.ota;

import dev.palisade.audit.AuditLog;
import dev.palisade.ota.internal.BlobStore;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.shared.problem.TooLargeException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Uploading and reading artifacts. An upload is streamed to disk, never held in memory; its row is written only after
 * its bytes are durable, and a refused upload (too large, not the declared digest or length) keeps nothing. Uploading
 * content the tenant already has answers with the existing artifact and changes nothing, which makes retries safe.
 */
@Service
public class Artifacts {

    private final TenantTransactions transactions;
    private final OtaRepository repository;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final OtaProperties properties;
    private final Clock clock;

    Artifacts(
            TenantTransactions transactions,
            OtaRepository repository,
            BlobStore blobs,
            AuditLog audit,
            OtaProperties properties,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.blobs = blobs;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** The outcome of an upload: the artifact, and whether this upload created it. */
    public record Uploaded(Artifact artifact, boolean created) {}

    /** The largest artifact an upload may carry. */
    public long maxSize() {
        return properties.maxArtifactSize().toBytes();
    }

    /**
     * Stores {@code content} as an artifact of the caller's tenant.
     *
     * @param expectedSha256 the digest the uploader declares, lower-case hex; checked, and nothing is kept if it differs
     * @param expectedLength the length the uploader declares; checked likewise
     */
    public Uploaded upload(
            Caller caller,
            @Nullable String name,
            InputStream content,
            @Nullable String expectedSha256,
            @Nullable Long expectedLength) {
        if (name == null || !Artifact.NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "ota.artifact.invalid-name", "name", "an artifact name is 1 to 128 letters, digits or . _ + -");
        }
        if (expectedSha256 != null && !Sha256.isValid(expectedSha256)) {
            throw new InvalidInputException(
                    "ota.artifact.invalid-sha256", "sha256", "sha256 is 64 lower-case hex digits");
        }
        if (expectedLength != null && expectedLength < 0) {
            throw new InvalidInputException("ota.artifact.invalid-length", "length", "length is not negative");
        }
        if (expectedLength != null && expectedLength > maxSize()) {
            throw tooLarge();
        }
        BlobStore.Outcome outcome;
        try {
            outcome = blobs.write(
                    content, maxSize(), expectedSha256 == null ? null : new Sha256(expectedSha256), expectedLength);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload of " + name + " did not complete", e);
        }
        return switch (outcome) {
            case BlobStore.Outcome.TooLarge tooLarge -> throw tooLarge();
            case BlobStore.Outcome.DigestMismatch mismatch ->
                throw new InvalidInputException(
                        "ota.artifact.sha256-mismatch",
                        "sha256",
                        "the uploaded content's SHA-256 is " + mismatch.actual() + ", not the declared "
                                + mismatch.expected() + "; nothing was stored");
            case BlobStore.Outcome.LengthMismatch mismatch ->
                throw new InvalidInputException(
                        "ota.artifact.length-mismatch",
                        "length",
                        "the uploaded content is " + mismatch.actual() + " bytes, not the declared "
                                + mismatch.expected() + "; nothing was stored");
            case BlobStore.Outcome.Stored stored -> record(caller, name, stored);
        };
    }

    private Uploaded record(Caller caller, String name, BlobStore.Outcome.Stored stored) {
        return transactions.inTenant(caller.tenant(), () -> {
            var existing = repository.artifactWithContent(caller.tenant(), stored.sha256());
            if (existing.isPresent()) {
                return new Uploaded(existing.get(), false);
            }
            var artifact = new Artifact(
                    caller.tenant(),
                    new ArtifactId(Uuid7.next(clock)),
                    name,
                    stored.sha256(),
                    stored.length(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id());
            if (!repository.insertArtifact(artifact)) {
                // the same content arrived concurrently and committed first
                return new Uploaded(
                        repository
                                .artifactWithContent(caller.tenant(), stored.sha256())
                                .orElseThrow(),
                        false);
            }
            audit.append(caller.audit("ota.artifact-uploaded", "artifact:" + artifact.id())
                    .withDetails(Map.of(
                            "name", name,
                            "sha256", stored.sha256().hex(),
                            "length", String.valueOf(stored.length()))));
            return new Uploaded(artifact, true);
        });
    }

    public Artifact get(Caller caller, ArtifactId id) {
        return transactions
                .readInTenant(caller.tenant(), () -> repository.artifact(caller.tenant(), id))
                .orElseThrow(() -> new NotFoundException("ota.artifact.not-found", "no artifact " + id));
    }

    /** The tenant's artifacts, oldest first. */
    public Page<Artifact> list(Caller caller, PageRequest page) {
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        repository.artifacts(caller.tenant(), page.after(), page.limit() + 1),
                        page.limit(),
                        artifact -> artifact.id().toString()));
    }

    private TooLargeException tooLarge() {
        return new TooLargeException(
                "ota.artifact.too-large", "an artifact is at most " + maxSize() + " bytes; nothing was stored");
    }
}
