package dev.palisade.ota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.ota.internal.BlobStore;
import dev.palisade.ota.internal.DeltaRepository;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.AfterCommit;
import dev.palisade.storage.GroupCommit;
import dev.palisade.storage.TenantTransactions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * What a device may download, and how many bytes it was served. A device may fetch an artifact only if a published
 * release of its own tenant, for its {@code model} and {@code hardwareRevision} attributes, names it; a device without
 * those attributes is offered nothing. Byte counts are recorded once per request, after the response: a counter per
 * chunk would cost a write per few kilobytes. They are handed to the group commit and the request goes on: a device
 * resuming in ranges would otherwise wait a transaction per range. A crash may lose the counts still queued (moments'
 * worth; nobody was promised them). Whether a device may download is remembered for a few seconds per content, for
 * the same device asking range after range.
 */
@Service
public class Downloads {

    public static final String MODEL_ATTRIBUTE = "model";
    public static final String HARDWARE_REVISION_ATTRIBUTE = "hardwareRevision";

    private static final Duration REMEMBERED = Duration.ofSeconds(10);

    private final TenantTransactions transactions;
    private final GroupCommit groupCommit;
    private final Cache<Servable, Long> servableLengths = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBERED)
            .maximumSize(100_000)
            .build();
    private final OtaRepository repository;
    private final DeltaRepository deltas;
    private final BlobStore blobs;
    private final DeviceRegistry devices;
    private final Clock clock;
    private final List<ServedBytesListener> listeners;

    Downloads(
            TenantTransactions transactions,
            GroupCommit groupCommit,
            OtaRepository repository,
            DeltaRepository deltas,
            BlobStore blobs,
            DeviceRegistry devices,
            Clock clock,
            List<ServedBytesListener> listeners) {
        this.transactions = transactions;
        this.groupCommit = groupCommit;
        this.repository = repository;
        this.deltas = deltas;
        this.blobs = blobs;
        this.devices = devices;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** An artifact's content as the device endpoint serves it: the digest is its entity tag. */
    public record Blob(Sha256 sha256, long length, Path file) {}

    /** What the device was served of one artifact. */
    public record Served(Sha256 sha256, long bytes, long requests, Instant firstServedAt, Instant lastServedAt) {}

    /**
     * The blob with {@code sha256}, if the device may download it; empty otherwise, whatever the reason. A grant is
     * remembered for ten seconds (one read transaction otherwise): a device resuming in ranges asks once per range.
     * Revocation is not affected, since the endpoint checks the device's certificate on every request.
     */
    public Optional<Blob> servable(TenantId tenant, DeviceId device, Sha256 sha256) {
        var key = new Servable(tenant, device, sha256);
        Long remembered = servableLengths.getIfPresent(key);
        OptionalLong length = remembered != null
                ? OptionalLong.of(remembered)
                : transactions.readInTenant(
                        tenant,
                        () -> hardware(tenant, device)
                                .map(hardware -> repository.publishedLength(
                                        tenant, sha256, hardware.model(), hardware.revision()))
                                .orElse(OptionalLong.empty()));
        if (length.isEmpty() || !blobs.contains(sha256)) {
            return Optional.empty();
        }
        servableLengths.put(key, length.getAsLong());
        return Optional.of(new Blob(sha256, length.getAsLong(), blobs.path(sha256)));
    }

    /**
     * Forgets every remembered permission once a withdrawal has committed: the release is no longer served. The cache
     * is memory only, so a durable event publication would buy nothing.
     */
    @EventListener
    void on(ReleaseWithdrawn withdrawn) {
        AfterCommit.run("a release's withdrawal to the download permissions", servableLengths::invalidateAll);
    }

    /** A device's permission to download one content; only granted permissions are remembered. */
    private record Servable(TenantId tenant, DeviceId device, Sha256 sha256) {}

    /**
     * The delta from the content {@code from} to the content {@code to}, if one was kept (smaller than the image) and
     * the device may download both images: published releases of its tenant for its model and hardware revision name
     * them. Empty otherwise, whatever the reason (including "the full image is to be used").
     */
    public Optional<Blob> servableDelta(TenantId tenant, DeviceId device, Sha256 from, Sha256 to) {
        Optional<Delta> delta = transactions.readInTenant(
                tenant,
                () -> hardware(tenant, device)
                        .flatMap(hardware -> deltas.servable(tenant, from, to, hardware.model(), hardware.revision())));
        if (delta.isEmpty()) {
            return Optional.empty();
        }
        Sha256 deltaSha256 = delta.get().deltaSha256();
        Long deltaLength = delta.get().deltaLength();
        if (deltaSha256 == null || deltaLength == null || !blobs.contains(deltaSha256)) {
            return Optional.empty();
        }
        return Optional.of(new Blob(deltaSha256, deltaLength, blobs.path(deltaSha256)));
    }

    /** A device's model and hardware revision, which name the releases it may download. */
    private record Hardware(String model, String revision) {}

    private Optional<Hardware> hardware(TenantId tenant, DeviceId device) {
        return devices.find(tenant, device).flatMap(registered -> {
            String model = registered.attributes().get(MODEL_ATTRIBUTE);
            String revision = registered.attributes().get(HARDWARE_REVISION_ATTRIBUTE);
            return model == null || revision == null ? Optional.empty() : Optional.of(new Hardware(model, revision));
        });
    }

    /**
     * Adds the bytes one request served to the device's count of {@code served}, and tells the listeners.
     *
     * @param image the content the bytes lead to: {@code served} itself, or the target of a delta
     */
    public void recordServed(TenantId tenant, DeviceId device, Sha256 served, Sha256 image, long bytes) {
        groupCommit.submit(() -> transactions.inTenant(tenant, () -> {
            repository.addServed(tenant, device, served, bytes, clock.instant());
            for (ServedBytesListener listener : listeners) {
                listener.served(tenant, device, image, bytes);
            }
        }));
    }

    /** What the device was served, per artifact, in the order it first fetched them. */
    public List<Served> served(TenantId tenant, DeviceId device) {
        return transactions.readInTenant(
                tenant,
                () -> repository.served(tenant, device).stream()
                        .map(row -> new Served(
                                row.sha256(), row.bytes(), row.requests(), row.firstServedAt(), row.lastServedAt()))
                        .toList());
    }
}
