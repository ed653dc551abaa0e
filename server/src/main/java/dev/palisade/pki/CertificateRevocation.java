package dev.palisade.pki;

import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.pki.internal.CaRegistry;
import dev.palisade.pki.internal.CaRepository;
import dev.palisade.pki.internal.CertificateRepository;
import dev.palisade.pki.internal.CrlPublisher;
import dev.palisade.pki.internal.OcspService;
import dev.palisade.pki.internal.RevocationIndex;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Revokes one certificate, every certificate of a device, or a whole issuing CA, with an RFC 5280 reason. The rows,
 * one audit record per certificate and the {@link CertificatesRevoked} event (serials and key hashes) commit together;
 * at the commit the in-memory revocation index takes the serials, ahead of every listener (the broker's cut of live
 * sessions among them), and right after the OCSP cache and the CRLs reflect the change. Revocation is final:
 * the reasons that can be undone (certificate hold) are refused.
 */
@Service
public class CertificateRevocation {

    private final TenantTransactions transactions;
    private final CertificateRepository certificates;
    private final CaRepository authorities;
    private final CaRegistry registry;
    private final DeviceRegistry devices;
    private final RevocationIndex index;
    private final OcspService ocsp;
    private final CrlPublisher crls;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CertificateRevocation(
            TenantTransactions transactions,
            CertificateRepository certificates,
            CaRepository authorities,
            CaRegistry registry,
            DeviceRegistry devices,
            RevocationIndex index,
            OcspService ocsp,
            CrlPublisher crls,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.authorities = authorities;
        this.registry = registry;
        this.devices = devices;
        this.index = index;
        this.ocsp = ocsp;
        this.crls = crls;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Parses an RFC 5280 reason by wire name; only final reasons are accepted. */
    public static RevocationReason reason(String field, @Nullable String wireName) {
        if (wireName == null) {
            return RevocationReason.UNSPECIFIED;
        }
        RevocationReason reason = RevocationReason.ofWireName(wireName)
                .orElseThrow(() -> new InvalidInputException(
                        "pki.revocation.invalid-reason",
                        field,
                        "unknown reason; use key-compromise, ca-compromise, affiliation-changed, superseded,"
                                + " cessation-of-operation, privilege-withdrawn or unspecified"));
        if (reason == RevocationReason.CERTIFICATE_HOLD || reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new InvalidInputException(
                    "pki.revocation.invalid-reason",
                    field,
                    "revocation is final;" + " certificate hold is not supported");
        }
        return reason;
    }

    /**
     * Revokes one certificate.
     *
     * @throws ConflictException {@code pki.certificate.already-revoked} when it was revoked before: the first
     *     revocation's time and reason stand, and nothing is recorded again
     */
    public IssuedCertificate revoke(Caller caller, CaId issuer, BigInteger serial, RevocationReason reason) {
        IssuedCertificate certificate = transactions
                .readInTenant(caller.tenant(), () -> certificates.find(caller.tenant(), issuer, serial))
                .orElseThrow(() -> new NotFoundException("pki.certificate.not-found", "no such certificate"));
        List<IssuedCertificate> revoked = transactions.inTenant(caller.tenant(), () -> {
            List<IssuedCertificate> changed = certificates.revokeOne(caller.tenant(), issuer, serial, now(), reason);
            if (changed.isEmpty()) {
                throw alreadyRevoked(
                        certificates.find(caller.tenant(), issuer, serial).orElse(certificate));
            }
            return record(caller, issuer, reason, changed);
        });
        applied(caller.tenant(), issuer, revoked);
        return revoked.getFirst();
    }

    private static ConflictException alreadyRevoked(IssuedCertificate certificate) {
        RevocationReason reason = certificate.revocationReason();
        return new ConflictException(
                "pki.certificate.already-revoked",
                "certificate " + certificate.serialHex() + " was revoked at " + certificate.revokedAt()
                        + (reason == null ? "" : " (" + reason.wireName() + ")")
                        + "; revocation is final");
    }

    /** Revokes every certificate of a device; returns those that were not revoked already. */
    public List<IssuedCertificate> revokeDevice(Caller caller, DeviceId device, RevocationReason reason) {
        devices.get(caller, device);
        List<IssuedCertificate> revoked =
                transactions.inTenant(caller.tenant(), () -> revokeAllOf(caller, device, reason));
        applied(caller.tenant(), revoked);
        return revoked;
    }

    /**
     * Revokes every certificate of a device within the caller's transaction (decommissioning it, say), so that the
     * revocation commits or rolls back with the caller's change; the revocation index takes the serials at the commit.
     * The caller hands the result to {@link #afterCommit} once its transaction committed, for the OCSP cache and the
     * CRLs. Returns those that were not revoked already.
     */
    public List<IssuedCertificate> revokeDeviceWithin(Caller caller, DeviceId device, RevocationReason reason) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("revokeDeviceWithin joins the caller's transaction");
        }
        return transactions.inTenant(caller.tenant(), () -> revokeAllOf(caller, device, reason));
    }

    /**
     * Brings the OCSP cache and the CRLs up to date with certificates revoked by {@link #revokeDeviceWithin}, once the
     * caller's transaction committed (outside it: publishing a CRL writes in a transaction of its own).
     */
    public void afterCommit(TenantId tenant, List<IssuedCertificate> revoked) {
        applied(tenant, revoked);
    }

    private List<IssuedCertificate> revokeAllOf(Caller caller, DeviceId device, RevocationReason reason) {
        List<IssuedCertificate> all = certificates.revokeDevice(caller.tenant(), device, now(), reason);
        byIssuer(all).forEach((issuer, ofIssuer) -> record(caller, issuer, reason, ofIssuer));
        return all;
    }

    private void applied(TenantId tenant, List<IssuedCertificate> revoked) {
        byIssuer(revoked).forEach((issuer, ofIssuer) -> applied(tenant, issuer, ofIssuer));
    }

    private static Map<CaId, List<IssuedCertificate>> byIssuer(List<IssuedCertificate> certificates) {
        Map<CaId, List<IssuedCertificate>> byIssuer = new LinkedHashMap<>();
        for (IssuedCertificate certificate : certificates) {
            byIssuer.computeIfAbsent(certificate.issuer(), issuer -> new ArrayList<>())
                    .add(certificate);
        }
        return byIssuer;
    }

    /** Revokes an issuing CA, and with it everything it issued. */
    public CertificateAuthority revokeAuthority(Caller caller, CaId id, RevocationReason reason) {
        List<IssuedCertificate> revoked = transactions.inTenant(caller.tenant(), () -> {
            authorities.lockTenant(caller.tenant());
            CertificateAuthority ca = authorities
                    .find(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException("pki.ca.not-found", "no CA " + id));
            if (ca.status() == CaStatus.REVOKED || ca.status() == CaStatus.PENDING) {
                throw new ConflictException(
                        "pki.ca.not-revocable",
                        "CA " + id + " is " + ca.status().wireName());
            }
            authorities.changeStatus(caller.tenant(), id, CaStatus.REVOKED, now());
            audit.append(caller.audit("ca.revoked", "ca:" + id).withDetails(Map.of("reason", reason.wireName())));
            return record(caller, id, reason, certificates.revokeIssued(caller.tenant(), id, now(), reason));
        });
        registry.reload(caller.tenant());
        ocsp.invalidateAll(id);
        applied(caller.tenant(), id, revoked);
        return registry.get(id).orElseThrow();
    }

    /** Audits each certificate and publishes the event, in the revoking transaction. */
    private List<IssuedCertificate> record(
            Caller caller, CaId issuer, RevocationReason reason, List<IssuedCertificate> revoked) {
        if (revoked.isEmpty()) {
            return revoked;
        }
        // one record per certificate, written in one statement per table: a revoked CA takes thousands with it
        audit.appendAll(
                caller.tenant(),
                revoked.stream()
                        .map(certificate -> caller.audit(
                                        "certificate.revoked", "certificate:" + issuer + "/" + certificate.serialHex())
                                .withDetails(Map.of(
                                        "reason",
                                        reason.wireName(),
                                        "device",
                                        certificate.device() == null
                                                ? "-"
                                                : certificate.device().value())))
                        .toList());
        TransactionSynchronizationManager.registerSynchronization(new IndexFirst(issuer, revoked));
        events.publishEvent(new CertificatesRevoked(
                caller.tenant(),
                issuer,
                reason.wireName(),
                revoked.stream()
                        .map(certificate -> new CertificatesRevoked.Revoked(
                                certificate.serialHex(),
                                certificate.device() == null
                                        ? null
                                        : certificate.device().value(),
                                Base64.getEncoder().encodeToString(certificate.publicKeySha256())))
                        .toList()));
        return revoked;
    }

    /**
     * Puts the revoked serials into the index at the commit, before any other work after it: the broker cuts the live
     * sessions of these certificates then, and a device cut must find its certificate refused when it reconnects. Were
     * the index updated after the cut, a reconnect in between would be let in and stay.
     */
    private final class IndexFirst implements TransactionSynchronization {

        private final CaId issuer;
        private final List<IssuedCertificate> revoked;

        IndexFirst(CaId issuer, List<IssuedCertificate> revoked) {
            this.issuer = issuer;
            this.revoked = revoked;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public void afterCommit() {
            for (IssuedCertificate certificate : revoked) {
                Instant at = certificate.revokedAt() == null ? now() : certificate.revokedAt();
                RevocationReason reason = certificate.revocationReason() == null
                        ? RevocationReason.UNSPECIFIED
                        : certificate.revocationReason();
                index.add(issuer, new RevokedEntry(certificate.serial(), at, reason));
            }
        }
    }

    /** After the commit: the OCSP cache and the CRLs follow (the index did at the commit). */
    private void applied(TenantId tenant, CaId issuer, List<IssuedCertificate> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        for (IssuedCertificate certificate : revoked) {
            ocsp.invalidate(issuer, certificate.serial());
        }
        registry.get(issuer).filter(ca -> ca.tenant().equals(tenant)).ifPresent(crls::publish);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
