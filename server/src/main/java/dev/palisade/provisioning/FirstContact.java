package dev.palisade.provisioning;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.provisioning.internal.ManufacturerRepository;
import dev.palisade.provisioning.internal.RateLimits;
import dev.palisade.provisioning.internal.RefusalAudit;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.storage.GroupCommit;
import dev.palisade.storage.TenantTransactions;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * A device's first contact: it presents a bootstrap certificate from a manufacturer CA registered with the tenant and
 * asks, over EST, for its operational certificate. What vouches for it ({@link Voucher}) is its manifest entry, found
 * by the certificate's fingerprint, or, where no manifest lists it, its owner's claim that the certificate proved
 * ({@link ClaimProofs}). The {@link RegistrationPolicy} decides, and a device that passes is registered, its voucher
 * consumed, its certificate issued and the decision audited, all in one transaction: a crash leaves either all of it or
 * none, and the voucher is used once however many first contacts race for it. The certificate goes back in the same
 * response. Devices that arrive together share that transaction ({@link GroupCommit}); each still gets its own
 * answer.
 */
@Service
public class FirstContact {

    private final ManufacturerTrust trust;
    private final ManifestRepository manifests;
    private final ProvisioningPolicies policies;
    private final RegistrationPolicy policy;
    private final RateLimits limits;
    private final DeviceRegistry devices;
    private final CertificateAuthorities authorities;
    private final CertificateIssuance issuance;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final RefusalAudit refusals;
    private final GroupCommit commits;
    private final Registrations registrations;
    private final ClaimVouchers claims;

    FirstContact(
            ManufacturerTrust trust,
            ManifestRepository manifests,
            ProvisioningPolicies policies,
            RegistrationPolicy policy,
            RateLimits limits,
            DeviceRegistry devices,
            CertificateAuthorities authorities,
            CertificateIssuance issuance,
            TenantTransactions transactions,
            AuditLog audit,
            RefusalAudit refusals,
            GroupCommit commits,
            Registrations registrations,
            ClaimVouchers claims) {
        this.trust = trust;
        this.manifests = manifests;
        this.policies = policies;
        this.policy = policy;
        this.limits = limits;
        this.devices = devices;
        this.authorities = authorities;
        this.issuance = issuance;
        this.transactions = transactions;
        this.audit = audit;
        this.refusals = refusals;
        this.registrations = registrations;
        this.claims = claims;
        this.commits = commits;
    }

    /** Whether {@code chain} is a manufacturer's bootstrap certificate that some tenant registered. */
    public boolean isBootstrapCertificate(X509Certificate[] chain) {
        return !trust.registrations(chain).isEmpty();
    }

    /**
     * Registers and enrols the device presenting {@code chain}, over EST.
     *
     * @param tenant the tenant the device asked for (the EST label); null: the one tenant that registered its CA
     * @param csr the PKCS#10 request (DER) for the operational certificate
     */
    public FirstContactResult enrol(@Nullable TenantId tenant, X509Certificate[] chain, byte[] csr, String requestId) {
        return enrol(tenant, chain, csr, requestId, EnrolmentChannel.EST, null);
    }

    /**
     * Registers and enrols the device presenting {@code chain}.
     *
     * @param tenant the tenant the device asked for (the EST label, the MQTT user name); null: the one tenant that
     *     registered its CA
     * @param csr the PKCS#10 request (DER) for the operational certificate
     * @param channel how the request came, recorded with the decision
     * @param expected the device the request was made for (the device id of an MQTT provisioning topic), if the channel
     *     names one: a manifest entry of another device refuses it
     */
    public FirstContactResult enrol(
            @Nullable TenantId tenant,
            X509Certificate[] chain,
            byte[] csr,
            String requestId,
            EnrolmentChannel channel,
            @Nullable DeviceId expected) {
        X509Certificate bootstrap = chain[0];
        byte[] fingerprint = ManufacturerRepository.sha256(bootstrap);
        String fingerprintHex = HexFormat.of().formatHex(fingerprint);
        var actor = bootstrapActor(bootstrap, fingerprintHex);
        Map<String, String> channelFact = Map.of("channel", channel.wireName());
        List<ManufacturerTrust.Registration> ofTenant = registrations(trust, tenant, chain);
        if (ofTenant.size() != 1) {
            var refused = unknownCa(ofTenant);
            if (tenant != null) {
                audited(tenant, actor, "bootstrap:" + fingerprintHex, requestId, refused, channelFact);
            }
            return refused(refused);
        }
        ManufacturerTrust.Registration registration = ofTenant.getFirst();
        TenantId scope = registration.tenant();
        String caHex = HexFormat.of().formatHex(ManufacturerRepository.sha256(registration.ca()));
        if (!limits.tryAcquire(scope, caHex)) {
            // not audited: under a flood, writing a record per refusal is the very load the limit keeps out
            return new FirstContactResult.Refused(
                    RefusalReason.RATE_LIMITED.code(), "too many first contacts; try again shortly", true);
        }
        // the reads of a first contact share one read transaction (and its one round of statements to begin and end
        // it): the manifest entry, the tenant's policy and, for a listed device, the policy's local conditions
        Reads reads = transactions.readInTenant(scope, () -> {
            ProvisioningPolicy tenantPolicy = policies.forDecision(scope);
            Optional<ManifestEntry> listed = manifests
                    .findByBootstrap(scope, fingerprint)
                    .filter(entry -> entry.manufacturer()
                            .equals(registration.manufacturer().id()));
            if (listed.isEmpty()
                    || (expected != null && !expected.equals(listed.get().device()))) {
                return new Reads(listed, tenantPolicy, null);
            }
            var request = new RegistrationRequest(listed.get(), registration.manufacturer(), bootstrap, tenantPolicy);
            return new Reads(listed, tenantPolicy, new Decided(localDecision(scope, request)));
        });
        Optional<ManifestEntry> found = reads.entry();
        Voucher chosen;
        if (found.isPresent()) {
            chosen = found.get();
        } else {
            switch (claims.standing(scope, registration.manufacturer(), bootstrap, fingerprint)) {
                case ClaimVouchers.Standing.Usable usable -> chosen = usable.claim();
                case ClaimVouchers.Standing.Refused none -> {
                    Map<String, String> facts = new java.util.TreeMap<>(none.facts());
                    facts.putAll(channelFact);
                    audited(scope, actor, "bootstrap:" + fingerprintHex, requestId, none.refusal(), facts);
                    return refused(none.refusal());
                }
            }
        }
        Voucher entry = chosen;
        var request = new RegistrationRequest(entry, registration.manufacturer(), bootstrap, reads.policy());
        Map<String, String> facts = VoucherFacts.of(entry, registration.manufacturer(), fingerprintHex, channel);
        if (expected != null && !expected.equals(entry.device())) {
            var refused = new Refusal(
                    RefusalReason.DEVICE_ID_MISMATCH,
                    "the " + entry.via() + " names this bootstrap certificate for device '" + entry.device()
                            + "', not '" + expected + "'; reconnect and use its provisioning topic");
            audited(scope, actor, "device:" + entry.device(), requestId, refused, facts);
            return refused(refused);
        }
        Decided decided = reads.decided();
        Optional<Refusal> decision = (decided != null
                        ? decided.refusal()
                        : transactions.readInTenant(scope, () -> localDecision(scope, request)))
                .or(() -> policy.evaluateCallingOut(request));
        if (decision.isPresent() && decision.get().reason() == RefusalReason.ATTESTATION_REQUIRED) {
            return awaitAttestation(scope, entry, actor, requestId, facts, decision.get());
        }
        if (decision.isPresent()) {
            audited(scope, actor, "device:" + entry.device(), requestId, decision.get(), facts);
            return refused(decision.get());
        }
        authorities.ensureIssuing(scope); // set up outside the transaction: a refused device must leave nothing behind
        try {
            // signed here, on the device's own thread, so that devices sign in parallel; committed with other devices'
            // registrations, whose one transaction pays for the disk flush and the audit checkpoint once for all
            IssuedCertificate signed = issuance.signEnrolment(scope, entry.device(), csr);
            commits.run(registrations, new Registrations.Registration(scope, entry, actor, requestId, facts, signed));
            return new FirstContactResult.Enrolled(signed);
        } catch (Registrations.RegistrationRefused e) {
            audited(scope, actor, "device:" + entry.device(), requestId, e.refusal(), facts);
            return refused(e.refusal());
        } catch (PalisadeException e) {
            var refused = new Refusal(RefusalReason.REQUEST_REFUSED, e.code() + ": " + e.detail());
            audited(scope, actor, "device:" + entry.device(), requestId, refused, facts);
            return refused(refused);
        }
    }

    /**
     * The tenant wants the device to attest before it registers, and it has not (recently enough): the device is
     * registered, provisioned but without a certificate and its entry unused, so that it can attest with its bootstrap
     * certificate ({@link #awaitingAttestation}); its next first contact after a pass enrols it.
     */
    private FirstContactResult awaitAttestation(
            TenantId tenant, Voucher entry, Actor actor, String requestId, Map<String, String> facts, Refusal waiting) {
        try {
            transactions.inTenant(tenant, () -> {
                DeviceId device = entry.device();
                registrations.registerToAttest(tenant, entry, requestId);
                audit.append(AuditEntry.succeeded(
                                tenant, actor, "provisioning.awaiting-attestation", "device:" + device, requestId)
                        .withDetails(facts));
            });
        } catch (Registrations.RegistrationRefused e) {
            audited(tenant, actor, "device:" + entry.device(), requestId, e.refusal(), facts);
            return refused(e.refusal());
        }
        return new FirstContactResult.Pending(waiting.reason().code(), waiting.detail());
    }

    /**
     * The device presenting {@code chain}, if it is one that registered at its first contact and waits to attest
     * before it enrols: the attestation endpoints accept its bootstrap certificate as its identity until then.
     */
    public Optional<AttestingDevice> awaitingAttestation(X509Certificate[] chain) {
        List<ManufacturerTrust.Registration> registrations = trust.registrations(chain);
        if (registrations.size() != 1) {
            return Optional.empty();
        }
        ManufacturerTrust.Registration registration = registrations.getFirst();
        TenantId tenant = registration.tenant();
        byte[] fingerprint = ManufacturerRepository.sha256(chain[0]);
        Optional<Voucher> waiting = transactions
                .readInTenant(tenant, () -> manifests.findByBootstrap(tenant, fingerprint))
                .filter(entry ->
                        entry.manufacturer().equals(registration.manufacturer().id()))
                .<Voucher>map(entry -> entry)
                .or(() -> claims.usableProvenBy(tenant, registration.manufacturer(), fingerprint));
        return waiting.filter(entry -> !entry.used())
                .filter(entry -> policies.forDecision(tenant).attestation() != null)
                .filter(entry -> devices.find(tenant, entry.device())
                        .filter(device -> device.state() == DeviceState.PROVISIONED)
                        .isPresent())
                .map(entry -> new AttestingDevice(tenant, entry.device()));
    }

    /** A device that may attest with its bootstrap certificate, see {@link #awaitingAttestation}. */
    public record AttestingDevice(TenantId tenant, DeviceId device) {}

    private void audited(
            TenantId tenant, Actor actor, String target, String requestId, Refusal refusal, Map<String, String> facts) {
        refusals.record(
                tenant,
                actor,
                "provisioning.registration-refused",
                target,
                requestId,
                refusal.reason().code(),
                withDetail(facts, refusal.detail()));
    }

    private static Map<String, String> withDetail(Map<String, String> facts, String detail) {
        var all = new java.util.TreeMap<>(facts);
        all.put("detail", detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        return all;
    }

    private static FirstContactResult.Refused refused(Refusal refusal) {
        return new FirstContactResult.Refused(refusal.reason().code(), refusal.detail(), false);
    }

    /**
     * The registrations of the CA {@code chain} validates to: with {@code tenant} only, or with any tenant when it is
     * null. First contact goes on only when there is exactly one.
     */
    static List<ManufacturerTrust.Registration> registrations(
            ManufacturerTrust trust, @Nullable TenantId tenant, X509Certificate[] chain) {
        List<ManufacturerTrust.Registration> registrations = trust.registrations(chain);
        return tenant == null
                ? registrations
                : registrations.stream()
                        .filter(registration -> registration.tenant().equals(tenant))
                        .toList();
    }

    /** Why {@code ofTenant}, not exactly one registration, lets no first contact go on. */
    static Refusal unknownCa(List<ManufacturerTrust.Registration> ofTenant) {
        return new Refusal(
                RefusalReason.UNKNOWN_BOOTSTRAP_CA,
                ofTenant.isEmpty()
                        ? "the bootstrap certificate's CA is not registered with this tenant"
                        : "the bootstrap CA is registered with more than one tenant: name the tenant (the EST label,"
                                + " the MQTT user name)");
    }

    /** The device holding a bootstrap certificate, as the audit log names it. */
    static Actor bootstrapActor(X509Certificate bootstrap, String fingerprintHex) {
        return new Actor(Actor.ActorKind.DEVICE, "bootstrap:" + fingerprintHex, subject(bootstrap));
    }

    private static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        return name.isEmpty() ? "bootstrap" : name.length() > 200 ? name.substring(0, 200) : name;
    }

    /**
     * The policy's conditions that read only this server's state, for the device {@code request} names. Ahead of
     * them, a decommissioned device's old bootstrap certificate is told why, not "entry used".
     */
    private Optional<Refusal> localDecision(TenantId tenant, RegistrationRequest request) {
        return registrations.decommissioned(tenant, request.entry()).or(() -> policy.evaluateLocally(request));
    }

    /**
     * What a first contact reads before it decides: the device's manifest entry from its manufacturer, the tenant's
     * policy and, when the entry was found (for the device the request names, if it names one), the local decision.
     */
    private record Reads(
            Optional<ManifestEntry> entry,
            ProvisioningPolicy policy,
            @Nullable Decided decided) {}

    /** The local decision on a first contact: the refusal, or none. */
    private record Decided(Optional<Refusal> refusal) {}
}
