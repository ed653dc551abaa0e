package dev.palisade.api.provisioning;

import dev.palisade.pki.x509.PemText;
import dev.palisade.provisioning.AttestationRequirement;
import dev.palisade.provisioning.DeviceClaim;
import dev.palisade.provisioning.FirmwareVersion;
import dev.palisade.provisioning.ImportedManifest;
import dev.palisade.provisioning.ManifestEntry;
import dev.palisade.provisioning.Manufacturer;
import dev.palisade.provisioning.ProvisioningPolicy;
import dev.palisade.provisioning.Recall;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the provisioning endpoints answer. */
final class ProvisioningViews {

    private ProvisioningViews() {}

    record CaView(String subject, String sha256, Instant notAfter, String pem) {
        static CaView of(X509Certificate ca) {
            try {
                return new CaView(
                        ca.getSubjectX500Principal().getName(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded())),
                        ca.getNotAfter().toInstant(),
                        PemText.certificate(ca));
            } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record ManufacturerView(String id, String name, String signingKey, List<CaView> bootstrapCas, Instant createdAt) {
        static ManufacturerView of(Manufacturer manufacturer) {
            String key = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'})
                            .encodeToString(manufacturer.signingKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return new ManufacturerView(
                    manufacturer.id().toString(),
                    manufacturer.name(),
                    key,
                    manufacturer.bootstrapCas().stream().map(CaView::of).toList(),
                    manufacturer.createdAt());
        }
    }

    record EntryView(
            String id,
            String manifest,
            String deviceId,
            @Nullable String serial,
            @Nullable String bootstrapCertificateSha256,
            @Nullable String endorsementKeySha256,
            String model,
            String hardwareRevision,
            @Nullable String firmwareVersion,
            @Nullable Instant usedAt) {
        static EntryView of(ManifestEntry entry) {
            FirmwareVersion firmware = entry.firmwareVersion();
            return new EntryView(
                    entry.id().toString(),
                    entry.manifest().toString(),
                    entry.device().value(),
                    entry.serial(),
                    hex(entry.bootstrapSha256()),
                    hex(entry.endorsementKeySha256()),
                    entry.model(),
                    entry.hardwareRevision(),
                    firmware == null ? null : firmware.text(),
                    entry.usedAt());
        }
    }

    record ManifestView(String id, String manufacturer, String contentSha256, int entries, Instant importedAt) {
        static ManifestView of(ImportedManifest manifest) {
            return new ManifestView(
                    manifest.id().toString(),
                    manifest.manufacturer(),
                    HexFormat.of().formatHex(manifest.contentSha256()),
                    manifest.entries().size(),
                    manifest.importedAt());
        }
    }

    record RecallView(String kind, String value, String reason, Instant createdAt) {
        static RecallView of(Recall recall) {
            return new RecallView(recall.kind().wireName(), recall.value(), recall.reason(), recall.createdAt());
        }
    }

    record PolicyView(
            @Nullable String firmwareFloor,
            Map<String, String> modelFloors,
            @Nullable String webhookUrl,
            @Nullable String requireAttestationWithin,
            @Nullable String attestationAssurance) {
        static PolicyView of(ProvisioningPolicy policy) {
            FirmwareVersion floor = policy.firmwareFloor();
            URI webhook = policy.webhook();
            AttestationRequirement attestation = policy.attestation();
            return new PolicyView(
                    floor == null ? null : floor.text(),
                    policy.modelFloorTexts(),
                    webhook == null ? null : webhook.toString(),
                    attestation == null ? null : attestation.within().toString(),
                    attestation == null ? null : attestation.minimum().wireName());
        }
    }

    /**
     * A claim as its owner sees it: never the code. {@code state} is the state now (an open or proven claim past its
     * expiry reads expired).
     */
    record ClaimView(
            String id,
            String manufacturer,
            String serial,
            String deviceId,
            @Nullable String model,
            String state,
            int failedAttempts,
            Instant createdAt,
            String createdBy,
            Instant expiresAt,
            @Nullable Instant provenAt,
            @Nullable String provenBootstrapCertificateSha256,
            @Nullable Instant endedAt,
            @Nullable String endedBy) {
        static ClaimView of(DeviceClaim claim, Instant now) {
            return new ClaimView(
                    claim.id().toString(),
                    claim.manufacturerName(),
                    claim.serial(),
                    claim.device().value(),
                    claim.model(),
                    claim.stateAt(now).wireName(),
                    claim.failedAttempts(),
                    claim.createdAt(),
                    claim.createdBy(),
                    claim.expiresAt(),
                    claim.provenAt(),
                    hex(claim.provenBootstrapSha256()),
                    claim.endedAt(),
                    claim.endedBy());
        }
    }

    private static @Nullable String hex(byte @Nullable [] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }
}
