package dev.palisade.pki.x509;

import java.time.Instant;

/** What the issuing CA knows of a serial, as an OCSP responder reports it (RFC 6960 section 2.2). */
public sealed interface CertificateStatus {

    /** Issued by this CA and not revoked. */
    record Good() implements CertificateStatus {}

    /** Revoked at {@code revokedAt} for {@code reason}. */
    record Revoked(Instant revokedAt, RevocationReason reason) implements CertificateStatus {}

    /** Not a serial this CA issued (or one it no longer knows). */
    record Unknown() implements CertificateStatus {}
}
