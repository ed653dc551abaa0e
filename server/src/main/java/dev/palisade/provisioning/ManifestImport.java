package dev.palisade.provisioning;

import dev.palisade.audit.AuditLog;
import dev.palisade.provisioning.internal.ManifestDocument;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.provisioning.internal.RefusalAudit;
import dev.palisade.provisioning.internal.SignedManifests;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Imports a manufacturer's signed manifest. The CMS signature must verify with the manufacturer's registered key, the
 * manifest must parse, and no entry may repeat one of the same manifest or one already stored (a bootstrap
 * certificate listed twice, a device with an entry still waiting). Otherwise nothing is stored, the refusal is audited
 * with its reason code, and the caller gets 400. Entries wait, unused, for their devices' first contact.
 */
@Service
public class ManifestImport {

    static final String DUPLICATE = "provisioning.manifest.duplicate-entry";

    private final Manufacturers manufacturers;
    private final ManifestRepository manifests;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final RefusalAudit refusals;
    private final Clock clock;

    ManifestImport(
            Manufacturers manufacturers,
            ManifestRepository manifests,
            TenantTransactions transactions,
            AuditLog audit,
            RefusalAudit refusals,
            Clock clock) {
        this.manufacturers = manufacturers;
        this.manifests = manifests;
        this.transactions = transactions;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
    }

    /** @param signedManifest the CMS SignedData, PEM or base64 DER */
    public ImportedManifest importManifest(Caller caller, String manufacturerName, @Nullable String signedManifest) {
        Manufacturer manufacturer = manufacturers.get(caller, manufacturerName);
        if (signedManifest == null || signedManifest.isBlank()) {
            throw new InvalidInputException("signedManifest", "signedManifest is required");
        }
        try {
            byte[] content = SignedManifests.open(signedManifest, manufacturer.signingKey());
            List<ManifestDocument.Line> lines = ManifestDocument.parse(content);
            return store(caller, manufacturer, content, lines);
        } catch (PalisadeException refused) {
            refusals.record(
                    caller.tenant(),
                    caller.actor(),
                    "manifest.import-refused",
                    "manufacturer:" + manufacturer.name(),
                    caller.requestId(),
                    refused.code(),
                    Map.of("detail", refused.detail()));
            throw refused;
        }
    }

    private ImportedManifest store(
            Caller caller, Manufacturer manufacturer, byte[] content, List<ManifestDocument.Line> lines) {
        refuseRepeatsWithin(lines);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var id = Uuid7.next(clock);
        List<ManifestEntry> entries = new ArrayList<>(lines.size());
        for (ManifestDocument.Line line : lines) {
            entries.add(new ManifestEntry(
                    caller.tenant(),
                    Uuid7.next(clock),
                    id,
                    manufacturer.id(),
                    line.device(),
                    line.serial(),
                    line.bootstrapSha256(),
                    line.endorsementKeySha256(),
                    line.model(),
                    line.hardwareRevision(),
                    line.firmwareVersion(),
                    null));
        }
        var manifest = new ImportedManifest(id, manufacturer.name(), sha256(content), entries, now);
        try {
            transactions.inTenant(caller.tenant(), () -> {
                refuseRepeatsOfStored(caller, entries);
                manifests.insert(caller.tenant(), manufacturer.id(), manifest, caller.operatorName());
                audit.append(caller.audit("manifest.imported", "manifest:" + id)
                        .withDetails(Map.of(
                                "manufacturer", manufacturer.name(),
                                "entries", String.valueOf(entries.size()),
                                "contentSha256", HexFormat.of().formatHex(manifest.contentSha256()))));
            });
        } catch (DuplicateKeyException raced) {
            // another import stored the same entry between the check and the insert
            throw duplicate("an entry of this manifest was imported meanwhile");
        }
        return manifest;
    }

    private static void refuseRepeatsWithin(List<ManifestDocument.Line> lines) {
        Set<String> devices = new HashSet<>();
        Set<ByteBuffer> certificates = new HashSet<>();
        for (ManifestDocument.Line line : lines) {
            if (!devices.add(line.device().value())) {
                throw duplicate("device '" + line.device() + "' is listed twice");
            }
            byte[] bootstrap = line.bootstrapSha256();
            if (bootstrap != null && !certificates.add(ByteBuffer.wrap(bootstrap))) {
                throw duplicate("bootstrap certificate " + HexFormat.of().formatHex(bootstrap) + " is listed twice");
            }
        }
    }

    private void refuseRepeatsOfStored(Caller caller, List<ManifestEntry> entries) {
        List<String> waiting = manifests.waitingDevices(
                caller.tenant(),
                entries.stream().map(entry -> entry.device().value()).toList());
        if (!waiting.isEmpty()) {
            throw duplicate("device '" + waiting.getFirst() + "' has an entry waiting for its first contact");
        }
        List<byte[]> fingerprints = new ArrayList<>();
        for (ManifestEntry entry : entries) {
            byte[] bootstrap = entry.bootstrapSha256();
            if (bootstrap != null) {
                fingerprints.add(bootstrap);
            }
        }
        if (!fingerprints.isEmpty() && manifests.listedBootstrapCertificates(caller.tenant(), fingerprints) > 0) {
            throw duplicate("a bootstrap certificate of this manifest is listed by an earlier one");
        }
    }

    private static InvalidInputException duplicate(String detail) {
        return new InvalidInputException(DUPLICATE, "signedManifest", detail);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
