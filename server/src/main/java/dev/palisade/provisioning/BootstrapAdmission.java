package dev.palisade.provisioning;

import dev.palisade.identity.DeviceId;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.provisioning.internal.ManufacturerRepository;
import dev.palisade.provisioning.internal.RefusalAudit;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Lets a device holding a manufacturer's bootstrap certificate open a session for its first contact on a channel that
 * keeps one open (MQTT), before it asks for anything: the tenant is found by the rules of {@link FirstContact} (the CA
 * registered by exactly one tenant, or the one the device names), and the device is the one the manifest lists for
 * the certificate. What the session may then ask is decided by {@link FirstContact}, as over EST; admitting it
 * registers and stores nothing. A refusal for a tenant the device named is audited there, as EST audits it.
 */
@Service
public class BootstrapAdmission {

    private final ManufacturerTrust trust;
    private final ManifestRepository manifests;
    private final TenantTransactions transactions;
    private final RefusalAudit refusals;

    BootstrapAdmission(
            ManufacturerTrust trust,
            ManifestRepository manifests,
            TenantTransactions transactions,
            RefusalAudit refusals) {
        this.trust = trust;
        this.manifests = manifests;
        this.transactions = transactions;
        this.refusals = refusals;
    }

    /** Whether a session with this bootstrap certificate may open, and for which tenant and device. */
    public sealed interface Outcome {

        /**
         * @param listed the device an imported manifest lists the certificate for; empty when none does (its first
         *     contact will be refused, and the session learns why)
         */
        record Admitted(TenantId tenant, Optional<DeviceId> listed) implements Outcome {}

        record Refused(String code, String detail) implements Outcome {}
    }

    /**
     * Admits the device presenting {@code chain}.
     *
     * @param tenant the tenant the device named; null: the one tenant that registered its CA
     */
    public Outcome admit(
            @Nullable TenantId tenant, X509Certificate[] chain, EnrolmentChannel channel, String requestId) {
        List<ManufacturerTrust.Registration> ofTenant = FirstContact.registrations(trust, tenant, chain);
        if (ofTenant.size() != 1) {
            Refusal refusal = FirstContact.unknownCa(ofTenant);
            if (tenant != null) {
                String fingerprint = HexFormat.of().formatHex(ManufacturerRepository.sha256(chain[0]));
                refusals.record(
                        tenant,
                        FirstContact.bootstrapActor(chain[0], fingerprint),
                        "provisioning.registration-refused",
                        "bootstrap:" + fingerprint,
                        requestId,
                        refusal.reason().code(),
                        Map.of("channel", channel.wireName(), "detail", refusal.detail()));
            }
            return new Outcome.Refused(refusal.reason().code(), refusal.detail());
        }
        ManufacturerTrust.Registration registration = ofTenant.getFirst();
        TenantId scope = registration.tenant();
        byte[] fingerprint = ManufacturerRepository.sha256(chain[0]);
        Optional<DeviceId> listed = transactions
                .readInTenant(scope, () -> manifests.findByBootstrap(scope, fingerprint))
                .filter(entry ->
                        entry.manufacturer().equals(registration.manufacturer().id()))
                .map(ManifestEntry::device);
        return new Outcome.Admitted(scope, listed);
    }
}
