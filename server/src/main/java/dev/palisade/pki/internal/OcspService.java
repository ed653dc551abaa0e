package dev.palisade.pki.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.PkiSettings;
import dev.palisade.pki.x509.CertificateIssuer;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.pki.x509.CertificateStatus;
import dev.palisade.pki.x509.IssueSpec;
import dev.palisade.pki.x509.OcspResponder;
import dev.palisade.pki.x509.PublicKeyHashes;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.pki.x509.Serials;
import dev.palisade.storage.TenantTransactions;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The OCSP responder of every authority. Each answers with a delegated OCSP signer certificate that its authority
 * issued (made on first use, renewed when a third of its life remains), so the authority's own key signs only
 * certificates and CRLs. Answers for one certificate without a nonce are signed once and then served from cache until
 * they near their nextUpdate or the certificate is revoked.
 */
@Component
public class OcspService {

    private final TenantTransactions transactions;
    private final CaRegistry registry;
    private final RevocationIndex revocations;
    private final CertificateRepository certificates;
    private final KeyCustody keys;
    private final AuditLog audit;
    private final PkiSettings settings;
    private final Clock clock;
    private final Map<CaId, Responder> responders = new ConcurrentHashMap<>();
    private final Cache<IssuedSerial, Boolean> issued =
            Caffeine.newBuilder().maximumSize(200_000).build();

    OcspService(
            TenantTransactions transactions,
            CaRegistry registry,
            RevocationIndex revocations,
            CertificateRepository certificates,
            KeyCustody keys,
            AuditLog audit,
            PkiSettings settings,
            Clock clock) {
        this.transactions = transactions;
        this.registry = registry;
        this.revocations = revocations;
        this.certificates = certificates;
        this.keys = keys;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** The DER OCSP response to {@code request} for authority {@code ca}, or empty if there is no such authority. */
    public Optional<byte[]> respond(CaId ca, byte[] request) {
        Optional<CertificateAuthority> authority = registry.get(ca).filter(found -> found.certificate() != null);
        if (authority.isEmpty()) {
            return Optional.empty();
        }
        OcspResponder responder = responder(authority.get());
        return Optional.of(responder.respond(request, serial -> status(authority.get(), serial)));
    }

    /** Drops the cached answer for a certificate whose status changed. */
    public void invalidate(CaId ca, BigInteger serial) {
        Responder responder = responders.get(ca);
        if (responder != null) {
            responder.responder().cache().invalidate(serial);
        }
    }

    /** Drops every cached answer of an authority (after it was revoked). */
    public void invalidateAll(CaId ca) {
        Responder responder = responders.get(ca);
        if (responder != null) {
            responder.responder().cache().invalidateAll();
        }
    }

    private CertificateStatus status(CertificateAuthority ca, BigInteger serial) {
        Optional<RevokedEntry> revoked = revocations.find(ca.id(), serial);
        if (revoked.isPresent()) {
            return new CertificateStatus.Revoked(
                    revoked.get().revokedAt(), revoked.get().reason());
        }
        if (ca.status() == dev.palisade.pki.CaStatus.REVOKED) {
            return new CertificateStatus.Revoked(ca.createdAt(), dev.palisade.pki.x509.RevocationReason.CA_COMPROMISE);
        }
        boolean known = issued.get(
                new IssuedSerial(ca.id(), serial),
                key -> transactions.readInTenant(ca.tenant(), () -> certificates.exists(ca.tenant(), ca.id(), serial)));
        return known ? new CertificateStatus.Good() : new CertificateStatus.Unknown();
    }

    private OcspResponder responder(CertificateAuthority ca) {
        Instant renewBy = clock.instant().plus(settings.ocspSignerLifetime().dividedBy(3));
        Responder current = responders.get(ca.id());
        if (current != null && current.signerNotAfter().isAfter(renewBy)) {
            return current.responder();
        }
        synchronized (this) {
            current = responders.get(ca.id());
            if (current != null && current.signerNotAfter().isAfter(renewBy)) {
                return current.responder();
            }
            KeyAlias alias = KeyAlias.of("tenant/" + ca.tenant() + "/ocsp-signer/" + ca.id());
            SigningKey signerKey = keys.getOrCreate(alias, ca.keyAlgorithm());
            X509Certificate signer = transactions.inTenant(
                    ca.tenant(),
                    () -> certificates
                            .latestOf(ca.tenant(), ca.id(), CertificateProfile.OCSP_SIGNER, renewBy)
                            .filter(existing ->
                                    existing.certificate().getPublicKey().equals(signerKey.publicKey()))
                            .map(IssuedCertificate::certificate)
                            .orElseGet(() -> issueSigner(ca, signerKey)));
            var responder = new OcspResponder(
                    ca.requireCertificate(), signer, signerKey, clock, settings.ocspResponseValidity());
            responders.put(
                    ca.id(), new Responder(responder, signer.getNotAfter().toInstant()));
            return responder;
        }
    }

    /** Issues and records a delegated signer certificate; runs inside a tenant transaction. */
    private X509Certificate issueSigner(CertificateAuthority ca, SigningKey signerKey) {
        SigningKey caKey = keys.find(ca.keyAlias())
                .orElseThrow(() -> new IllegalStateException("the key of CA " + ca.id() + " is missing from custody"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(settings.ocspSignerLifetime());
        Instant caEnd = ca.requireCertificate().getNotAfter().toInstant();
        X509Certificate certificate = CertificateIssuer.issue(new IssueSpec(
                CertificateProfile.OCSP_SIGNER,
                ca.tenant(),
                "Palisade OCSP signer " + ca.generation(),
                List.of(),
                List.of(),
                signerKey.publicKey(),
                Serials.random(),
                now.minus(Duration.ofMinutes(5)),
                notAfter.isAfter(caEnd) ? caEnd : notAfter,
                ca.requireCertificate(),
                caKey,
                null,
                null));
        var issuedSigner = new IssuedCertificate(
                ca.id(),
                certificate.getSerialNumber(),
                ca.tenant(),
                null,
                CertificateProfile.OCSP_SIGNER,
                certificate,
                PublicKeyHashes.sha256(signerKey.publicKey()),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null);
        certificates.insert(issuedSigner);
        audit.append(AuditEntry.succeeded(
                        ca.tenant(),
                        Actor.system("ocsp"),
                        "certificate.issued",
                        "certificate:" + ca.id() + "/" + issuedSigner.serialHex(),
                        "ocsp-signer-" + ca.id())
                .withDetails(Map.of("profile", "ocsp-signer")));
        return certificate;
    }

    private record Responder(OcspResponder responder, Instant signerNotAfter) {}

    private record IssuedSerial(CaId ca, BigInteger serial) {}
}
