package dev.palisade.provisioning;

import dev.palisade.attestation.EndorsementKeys;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.Decommissioning;
import dev.palisade.identity.Device;
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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    private final Clock clock;
    private final GroupCommit commits;
    private final EndorsementKeys endorsementKeys;
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
            EndorsementKeys endorsementKeys,
            ClaimVouchers claims,
            Clock clock) {
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
        this.endorsementKeys = endorsementKeys;
        this.claims = claims;
        this.clock = clock;
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
        // the reads of a first contact share one read transaction (and its one round of statements to begin and end it)
        Reads reads = transactions.readInTenant(
                scope, () -> new Reads(manifests.findByBootstrap(scope, fingerprint), policies.get(scope)));
        Optional<ManifestEntry> found = reads.entry()
                .filter(entry ->
                        entry.manufacturer().equals(registration.manufacturer().id()));
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
        // ahead of the policy: a decommissioned device's old bootstrap certificate is told why, not "entry used"
        Optional<Refusal> decision = transactions
                .readInTenant(scope, () -> decommissioned(scope, entry).or(() -> policy.evaluateLocally(request)))
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
            commits.run(
                    () -> transactions.inTenant(scope, () -> register(scope, entry, actor, requestId, facts, signed)));
            return new FirstContactResult.Enrolled(signed);
        } catch (RegistrationRefused e) {
            audited(scope, actor, "device:" + entry.device(), requestId, e.refusal, facts);
            return refused(e.refusal);
        } catch (PalisadeException e) {
            var refused = new Refusal(RefusalReason.REQUEST_REFUSED, e.code() + ": " + e.detail());
            audited(scope, actor, "device:" + entry.device(), requestId, refused, facts);
            return refused(refused);
        }
    }

    private IssuedCertificate register(
            TenantId tenant,
            Voucher entry,
            Actor actor,
            String requestId,
            Map<String, String> facts,
            IssuedCertificate certificate) {
        lockForUse(tenant, entry);
        DeviceId device = entry.device();
        DeviceState state = devices.lockStates(tenant, List.of(device)).get(device);
        if (state == null) {
            registerDevice(tenant, entry, requestId);
        } else if (state == DeviceState.DECOMMISSIONED) {
            readmit(tenant, entry, requestId);
        } else if (state != DeviceState.PROVISIONED) {
            // an operator registered it and it enrolled already, or it is decommissioned: not a first contact
            throw new RegistrationRefused(
                    new Refusal(RefusalReason.DEVICE_REGISTERED, "device '" + device + "' is " + state.wireName()));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        switch (entry) {
            case ManifestEntry listed -> manifests.markUsed(tenant, listed.id(), now, requestId);
            case DeviceClaim claim -> claims.markUsed(tenant, claim, now, requestId);
        }
        audit.append(AuditEntry.succeeded(tenant, actor, "provisioning.registered", "device:" + device, requestId)
                .withDetails(facts)
                .withDetails(Map.of("decision", "allowed")));
        // joins this transaction: the certificate is recorded, and the device activated, with the entry's use
        issuance.recordEnrolment(certificate, requestId);
        return certificate;
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
                DeviceState state = devices.lockStates(tenant, List.of(device)).get(device);
                if (state == null) {
                    registerDevice(tenant, entry, requestId);
                } else if (state == DeviceState.DECOMMISSIONED) {
                    readmit(tenant, entry, requestId);
                } else if (state != DeviceState.PROVISIONED) {
                    throw new RegistrationRefused(new Refusal(
                            RefusalReason.DEVICE_REGISTERED, "device '" + device + "' is " + state.wireName()));
                }
                audit.append(AuditEntry.succeeded(
                                tenant, actor, "provisioning.awaiting-attestation", "device:" + device, requestId)
                        .withDetails(facts));
            });
        } catch (RegistrationRefused e) {
            audited(tenant, actor, "device:" + entry.device(), requestId, e.refusal, facts);
            return refused(e.refusal);
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
                .filter(entry -> policies.get(tenant).attestation() != null)
                .filter(entry -> devices.find(tenant, entry.device())
                        .filter(device -> device.state() == DeviceState.PROVISIONED)
                        .isPresent())
                .map(entry -> new AttestingDevice(tenant, entry.device()));
    }

    /**
     * Brings a decommissioned device back to provisioned when {@code entry} re-manufactured it (a manifest imported
     * after its decommissioning vouches for it anew); refuses it otherwise.
     */
    private void readmit(TenantId tenant, Voucher entry, String requestId) {
        Optional<Refusal> refusal = decommissioned(tenant, entry);
        if (refusal.isPresent()) {
            throw new RegistrationRefused(refusal.get());
        }
        if (!(entry instanceof ManifestEntry listed)) {
            throw new IllegalStateException("only a manifest entry re-manufactures a decommissioned device");
        }
        DeviceId device = entry.device();
        var deviceActor = new Actor(Actor.ActorKind.DEVICE, device.value(), device.value());
        devices.moveTo(
                tenant,
                device,
                DeviceState.PROVISIONED,
                deviceActor,
                requestId,
                "re-manufactured: listed again by manifest " + listed.manifest());
        byte[] endorsementKey = entry.endorsementKeySha256();
        if (endorsementKey != null) {
            endorsementKeys.expect(tenant, device, endorsementKey, deviceActor, requestId);
        }
    }

    /** A device that may attest with its bootstrap certificate, see {@link #awaitingAttestation}. */
    public record AttestingDevice(TenantId tenant, DeviceId device) {}

    private void registerDevice(TenantId tenant, Voucher entry, String requestId) {
        DeviceId device = entry.device();
        var deviceActor = new Actor(Actor.ActorKind.DEVICE, device.value(), device.value());
        devices.registerWithin(
                tenant,
                device,
                deviceActor,
                requestId,
                VoucherFacts.attributes(entry),
                Map.of("registeredBy", entry.via()));
        byte[] endorsementKey = entry.endorsementKeySha256();
        if (endorsementKey != null) {
            // the TPM the manufacturer put in this device is the one it must attest with
            endorsementKeys.expect(tenant, device, endorsementKey, deviceActor, requestId);
        }
    }

    /**
     * Refuses a decommissioned device unless {@code entry} comes from a manifest imported after its decommissioning (it
     * was re-manufactured). An entry imported before, used or waiting, vouched for the device that was retired; an
     * owner's claim never brings a retired device back.
     */
    private Optional<Refusal> decommissioned(TenantId tenant, Voucher entry) {
        Optional<Device> device = devices.find(tenant, entry.device());
        if (device.isEmpty() || device.get().state() != DeviceState.DECOMMISSIONED) {
            return Optional.empty();
        }
        Decommissioning retired = device.get().decommissioning();
        if (retired != null
                && entry instanceof ManifestEntry listed
                && manifests.importedAt(tenant, listed.manifest()).isAfter(retired.at())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                RefusalReason.DEVICE_DECOMMISSIONED,
                "device '" + entry.device() + "' was decommissioned"
                        + (retired == null ? "" : " at " + retired.at())
                        + "; only a manifest imported since (re-manufacture) lets it enrol again"));
    }

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

    /** Locks the voucher where the registration consumes it, and refuses one that cannot register its device now. */
    private void lockForUse(TenantId tenant, Voucher candidate) {
        switch (candidate) {
            case ManifestEntry listed -> {
                if (manifests.lock(tenant, listed.id()).orElseThrow().used()) {
                    throw new RegistrationRefused(
                            new Refusal(RefusalReason.ENTRY_USED, "the manifest entry registered its device already"));
                }
            }
            case DeviceClaim claim ->
                claims.lockForUse(tenant, claim).ifPresent(refusal -> {
                    throw new RegistrationRefused(refusal);
                });
        }
    }

    /** What a first contact reads before it decides. */
    private record Reads(Optional<ManifestEntry> entry, ProvisioningPolicy policy) {}

    /** A refusal found inside the registering transaction, which rolls it back. */
    private static final class RegistrationRefused extends RuntimeException {

        private final Refusal refusal;

        RegistrationRefused(Refusal refusal) {
            super(refusal.detail(), null, false, false);
            this.refusal = refusal;
        }
    }
}
