package dev.palisade.pki;

import dev.palisade.audit.Actor;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.internal.CertificateRepository;
import dev.palisade.pki.internal.IssuanceWriter;
import dev.palisade.pki.x509.CertificateIssuer;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.pki.x509.CsrInspection;
import dev.palisade.pki.x509.CsrInspector;
import dev.palisade.pki.x509.CsrPolicy;
import dev.palisade.pki.x509.InspectedCsr;
import dev.palisade.pki.x509.IssueSpec;
import dev.palisade.pki.x509.PublicKeyHashes;
import dev.palisade.pki.x509.Serials;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Issues certificates to registered devices from their PKCS#10 requests. The request must prove possession of its key,
 * use an allowed key type, and name exactly the device it is issued for; a key already bound to another device is
 * refused. The certificate, the key's binding, the audit record and the {@link CertificateIssued} event are written
 * in one transaction, so a certificate is either recorded or was never handed out.
 */
@Service
public class CertificateIssuance {

    private final CsrInspector inspector = new CsrInspector(CsrPolicy.defaults());
    private final CertificateAuthorities authorities;
    private final DeviceRegistry devices;
    private final KeyCustody keys;
    private final IssuanceWriter writer;
    private final CertificateRepository certificates;
    private final TenantTransactions transactions;
    private final PkiSettings settings;
    private final List<CertificateLifetimeCap> caps;
    private final Clock clock;

    CertificateIssuance(
            CertificateAuthorities authorities,
            DeviceRegistry devices,
            KeyCustody keys,
            IssuanceWriter writer,
            CertificateRepository certificates,
            TenantTransactions transactions,
            PkiSettings settings,
            List<CertificateLifetimeCap> caps,
            Clock clock) {
        this.caps = List.copyOf(caps);
        this.authorities = authorities;
        this.devices = devices;
        this.keys = keys;
        this.writer = writer;
        this.certificates = certificates;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Issues a device or bootstrap certificate to a registered device of the caller's tenant.
     *
     * @param lifetime the certificate's validity; the profile's default when null
     */
    public IssuedCertificate issue(
            Caller caller, DeviceId device, byte[] csr, CertificateProfile profile, @Nullable Duration lifetime) {
        if (!profile.namesDevice()) {
            throw new InvalidInputException(
                    "pki.profile.not-for-devices", "profile", "devices get device or bootstrap certificates");
        }
        return issue(caller.tenant(), device, csr, profile, lifetime, caller.actor(), caller.requestId());
    }

    /**
     * Issues a device certificate to a device that authenticated itself (EST enrolment and re-enrolment), with the
     * default lifetime.
     */
    public IssuedCertificate enrol(TenantId tenant, DeviceId device, byte[] csr, String requestId) {
        return issue(tenant, device, csr, CertificateProfile.DEVICE, null, deviceActor(device), requestId);
    }

    /**
     * Checks {@code csr} and signs the device certificate an enrolment would issue, without recording it: for a caller
     * that records it with {@link #recordEnrolment} in a transaction of its own making (a first contact registers the
     * device in the same one). A certificate signed here and never recorded never leaves the server.
     *
     * @throws InvalidInputException when the request is refused
     */
    public IssuedCertificate signEnrolment(TenantId tenant, DeviceId device, byte[] csr) {
        return sign(tenant, device, csr, CertificateProfile.DEVICE, null);
    }

    /**
     * Records a certificate from {@link #signEnrolment}, in the caller's transaction when there is one; the device must
     * be registered by then (in that same transaction, if need be).
     *
     * @throws ConflictException when the certificate's key is bound to another device or the device is decommissioned
     */
    public void recordEnrolment(IssuedCertificate certificate, String requestId) {
        DeviceId device = Objects.requireNonNull(certificate.device(), "an enrolment's certificate names its device");
        writer.write(certificate, deviceActor(device), requestId);
    }

    /**
     * Records certificates from {@link #signEnrolment}, each for the request of the same index in {@code requestIds},
     * within the caller's transaction and with one statement per table for all; the devices must be registered by
     * then. Returns the refusals by the index of their certificate ({@link #recordEnrolment} says which); a refused
     * certificate leaves nothing behind.
     */
    public Map<Integer, RuntimeException> recordEnrolments(
            List<IssuedCertificate> certificates, List<String> requestIds) {
        List<Actor> actors = certificates.stream()
                .map(certificate -> deviceActor(
                        Objects.requireNonNull(certificate.device(), "an enrolment's certificate names its device")))
                .toList();
        return writer.writeAllWithin(certificates, actors, requestIds);
    }

    private static Actor deviceActor(DeviceId device) {
        return new Actor(Actor.ActorKind.DEVICE, device.value(), device.value());
    }

    /**
     * Issues a server certificate for one of Palisade's own endpoints (the device endpoint, later the broker) from the
     * platform tenant's CA, recorded and audited like every certificate.
     */
    public IssuedCertificate issueServer(
            TenantId platform, String commonName, PublicKey key, List<String> dnsNames, List<InetAddress> addresses) {
        CertificateAuthority ca = authorities.ensureIssuing(platform);
        SigningKey issuerKey = keys.find(ca.keyAlias())
                .orElseThrow(() -> new IllegalStateException("the key of CA " + ca.id() + " is missing from custody"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(settings.serverCertificateLifetime());
        Instant issuerEnd = ca.requireCertificate().getNotAfter().toInstant();
        X509Certificate certificate = CertificateIssuer.issue(new IssueSpec(
                CertificateProfile.SERVER,
                platform,
                commonName,
                dnsNames,
                addresses,
                key,
                Serials.random(),
                now.minus(Duration.ofMinutes(5)),
                notAfter.isAfter(issuerEnd) ? issuerEnd : notAfter,
                ca.requireCertificate(),
                issuerKey,
                crlUrl(ca.id()),
                ocspUrl(ca.id())));
        var issued = new IssuedCertificate(
                ca.id(),
                certificate.getSerialNumber(),
                platform,
                null,
                CertificateProfile.SERVER,
                certificate,
                PublicKeyHashes.sha256(key),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null);
        writer.writeServer(issued, Actor.system("server-certificates"), "server-certificate-" + commonName);
        return issued;
    }

    /** A device's certificates, newest first. */
    public Page<IssuedCertificate> list(Caller caller, DeviceId device, PageRequest page) {
        devices.get(caller, device);
        String after = page.after();
        Instant before = after == null ? null : Instant.parse(after);
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        certificates.ofDevice(caller.tenant(), device, before, page.limit() + 1),
                        page.limit(),
                        certificate -> certificate.issuedAt().toString()));
    }

    public IssuedCertificate get(Caller caller, CaId issuer, BigInteger serial) {
        return transactions
                .readInTenant(caller.tenant(), () -> certificates.find(caller.tenant(), issuer, serial))
                .orElseThrow(() -> new NotFoundException("pki.certificate.not-found", "no such certificate"));
    }

    /** The chain to send with a certificate of {@code tenant}: its issuing CA's certificate, then the root's. */
    public List<X509Certificate> chain(IssuedCertificate certificate) {
        CertificateAuthority ca = authorities.byId(certificate.tenant(), certificate.issuer());
        return authorities
                .rootCertificate()
                .map(root -> List.of(ca.requireCertificate(), root))
                .orElse(List.of(ca.requireCertificate()));
    }

    private IssuedCertificate issue(
            TenantId tenant,
            DeviceId deviceId,
            byte[] csr,
            CertificateProfile profile,
            @Nullable Duration lifetime,
            Actor actor,
            String requestId) {
        IssuedCertificate issued = sign(tenant, deviceId, csr, profile, lifetime);
        writer.write(issued, actor, requestId);
        return issued;
    }

    private IssuedCertificate sign(
            TenantId tenant, DeviceId deviceId, byte[] csr, CertificateProfile profile, @Nullable Duration lifetime) {
        InspectedCsr request = switch (inspector.inspect(csr)) {
            case CsrInspection.Accepted accepted -> accepted.csr();
            case CsrInspection.Refused refused ->
                throw new InvalidInputException(refused.problem().code(), "csr", refused.detail());
        };
        if (!request.commonName().equals(deviceId)) {
            throw new InvalidInputException(
                    "pki.csr.subject-mismatch",
                    "csr",
                    "the request names device '" + request.commonName() + "', not '" + deviceId + "'");
        }
        // the device's state is checked (and a first certificate activates it) under a lock where the certificate is
        // recorded: checked here, it could change before the commit, and the read would cost every issuance a query.

        // The lifetime is checked before the tenant's first CA is set up: a refused request must leave nothing behind.
        Duration validity = lifetime(profile, lifetime);
        CertificateAuthority ca = authorities.ensureIssuing(tenant);
        X509Certificate issuerCertificate = ca.requireCertificate();
        SigningKey issuerKey = keys.find(ca.keyAlias())
                .orElseThrow(() -> new IllegalStateException("the key of CA " + ca.id() + " is missing from custody"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = profile == CertificateProfile.DEVICE
                ? capped(tenant, deviceId, now, now.plus(validity))
                : now.plus(validity);
        Instant issuerEnd = issuerCertificate.getNotAfter().toInstant();
        X509Certificate certificate = CertificateIssuer.issue(new IssueSpec(
                profile,
                tenant,
                deviceId.value(),
                List.of(),
                List.of(),
                request.publicKey(),
                Serials.random(),
                now.minus(Duration.ofMinutes(5)),
                notAfter.isAfter(issuerEnd) ? issuerEnd : notAfter,
                issuerCertificate,
                issuerKey,
                crlUrl(ca.id()),
                ocspUrl(ca.id())));
        return new IssuedCertificate(
                ca.id(),
                certificate.getSerialNumber(),
                tenant,
                deviceId,
                profile,
                certificate,
                request.publicKeySha256(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null);
    }

    /**
     * A device certificate ends by the earliest deadline of the {@link CertificateLifetimeCap}s (attestation's: the
     * device's latest pass plus the tenant's cap); a device past its deadline gets the shortest lifetime, and must
     * attest to be trusted for longer.
     */
    private Instant capped(TenantId tenant, DeviceId device, Instant now, Instant notAfter) {
        Optional<Instant> deadline = caps.stream()
                .map(cap -> cap.deadline(tenant, device))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
        if (deadline.isEmpty() || !deadline.get().isBefore(notAfter)) {
            return notAfter;
        }
        Instant shortest = now.plus(PkiSettings.MINIMUM_LIFETIME);
        return deadline.get().isAfter(shortest) ? deadline.get() : shortest;
    }

    private Duration lifetime(CertificateProfile profile, @Nullable Duration requested) {
        Duration fallback = profile == CertificateProfile.BOOTSTRAP
                ? settings.bootstrapCertificateLifetime()
                : settings.deviceCertificateLifetime();
        Duration lifetime = requested == null ? fallback : requested;
        if (lifetime.compareTo(PkiSettings.MINIMUM_LIFETIME) < 0 || lifetime.compareTo(Duration.ofDays(3650)) > 0) {
            throw new InvalidInputException(
                    "pki.certificate.invalid-lifetime",
                    "lifetime",
                    "a certificate lives between an hour and ten years");
        }
        return lifetime;
    }

    URI crlUrl(CaId ca) {
        return settings.publicBaseUrl().resolve("/crl/" + ca + ".crl");
    }

    URI ocspUrl(CaId ca) {
        return settings.publicBaseUrl().resolve("/ocsp/" + ca);
    }
}
