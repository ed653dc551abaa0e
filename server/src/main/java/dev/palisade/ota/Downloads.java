package dev.palisade.ota;

import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.ota.internal.BlobStore;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.stereotype.Service;

/**
 * What a device may download, and how many bytes it was served. A device may fetch an artifact only if a published
 * release of its own tenant, for its {@code model} and {@code hardwareRevision} attributes, names it; a device without
 * those attributes is offered nothing. Byte counts are recorded once per request, after the response: a counter per
 * chunk would cost a write per few kilobytes, and a batch held in memory would lose a crash's worth of counts.
 */
@Service
public class Downloads {

    public static final String MODEL_ATTRIBUTE = "model";
    public static final String HARDWARE_REVISION_ATTRIBUTE = "hardwareRevision";

    private final TenantTransactions transactions;
    private final OtaRepository repository;
    private final BlobStore blobs;
    private final DeviceRegistry devices;
    private final Clock clock;

    Downloads(
            TenantTransactions transactions,
            OtaRepository repository,
            BlobStore blobs,
            DeviceRegistry devices,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.blobs = blobs;
        this.devices = devices;
        this.clock = clock;
    }

    /** An artifact's content as the device endpoint serves it: the digest is its entity tag. */
    public record Blob(Sha256 sha256, long length, Path file) {}

    /** What the device was served of one artifact. */
    public record Served(Sha256 sha256, long bytes, long requests, Instant firstServedAt, Instant lastServedAt) {}

    /** The blob with {@code sha256}, if the device may download it; empty otherwise, whatever the reason. */
    public Optional<Blob> servable(TenantId tenant, DeviceId device, Sha256 sha256) {
        Optional<Device> registered = devices.find(tenant, device);
        if (registered.isEmpty()) {
            return Optional.empty();
        }
        String model = registered.get().attributes().get(MODEL_ATTRIBUTE);
        String hardwareRevision = registered.get().attributes().get(HARDWARE_REVISION_ATTRIBUTE);
        if (model == null || hardwareRevision == null) {
            return Optional.empty();
        }
        OptionalLong length = transactions.readInTenant(
                tenant, () -> repository.publishedLength(tenant, sha256, model, hardwareRevision));
        if (length.isEmpty() || !blobs.contains(sha256)) {
            return Optional.empty();
        }
        return Optional.of(new Blob(sha256, length.getAsLong(), blobs.path(sha256)));
    }

    /** Adds the bytes one request served to the device's count. */
    public void recordServed(TenantId tenant, DeviceId device, Sha256 sha256, long bytes) {
        transactions.inTenant(tenant, () -> repository.addServed(tenant, device, sha256, bytes, clock.instant()));
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
