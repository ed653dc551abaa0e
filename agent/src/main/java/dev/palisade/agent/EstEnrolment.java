package dev.palisade.agent;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.EnrollmentResponse;
import org.jspecify.annotations.Nullable;

/**
 * RFC 7030 enrolment as a device does it, through BouncyCastle's EST client: the first certificate with the bootstrap
 * credential ({@code simpleenroll}), renewals with the current one ({@code simplereenroll}). Each call makes a new key
 * pair: a renewed certificate never reuses the old key.
 *
 * <p>Every request has a time limit ({@link #DEFAULT_TIMEOUT} unless {@link #withTimeout} says otherwise) on connecting
 * and on each read, so that an endpoint that accepts the connection and then says nothing fails the request instead of
 * holding the device, whose renewal would otherwise never retry. An answer larger than {@link #MAX_RESPONSE_BYTES} is
 * not read to its end: a chain and a few CA certificates take a few kilobytes.
 */
public final class EstEnrolment {

    /** How long a connection attempt or a read may take before the request fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static final long MAX_RESPONSE_BYTES = 1024 * 1024;

    private final Endpoints endpoints;
    private final @Nullable String label;
    private final DeviceKeys keys;
    private final Duration timeout;

    /**
     * @param label the EST label ({@code /.well-known/est/LABEL/...}), or null for the default
     * @param keys where new keys are made and certificates kept
     */
    public EstEnrolment(Endpoints endpoints, @Nullable String label, DeviceKeys keys) {
        this(endpoints, label, keys, DEFAULT_TIMEOUT);
    }

    private EstEnrolment(Endpoints endpoints, @Nullable String label, DeviceKeys keys, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the EST timeout must be positive and below 24 days: " + timeout);
        }
        this.endpoints = endpoints;
        this.label = label;
        this.keys = keys;
        this.timeout = timeout;
    }

    /** The same enrolment with {@code timeout} on connecting and on each read. */
    public EstEnrolment withTimeout(Duration timeout) {
        return new EstEnrolment(endpoints, label, keys, timeout);
    }

    /** The first operational certificate for {@code deviceId}, authenticated by its bootstrap credential. */
    public DeviceCredential enrol(String deviceId, DeviceCredential bootstrap) throws EnrolmentException {
        return request(deviceId, bootstrap, false);
    }

    /** A new certificate and key in place of {@code current}, authenticated by it. */
    public DeviceCredential renew(String deviceId, DeviceCredential current) throws EnrolmentException {
        return request(deviceId, current, true);
    }

    private DeviceCredential request(String deviceId, DeviceCredential presented, boolean renewal)
            throws EnrolmentException {
        KeyPair pair = keys.generate();
        EnrollmentResponse response;
        EstServiceBuilder service = service(presented);
        try {
            response = service.build().simpleEnroll(renewal, keys.request(deviceId, pair), null);
        } catch (ESTException e) {
            if (e.getStatusCode() == 0) { // BouncyCastle's wrapping of a connection that gave no HTTP answer at all
                throw new EnrolmentException("cannot reach the EST endpoint: " + e.getMessage(), e);
            }
            throw new EnrolmentException(
                    (renewal ? "re-enrolment" : "enrolment") + " refused: HTTP " + e.getStatusCode() + " "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new EnrolmentException("cannot reach the EST endpoint: " + e.getMessage(), e);
        }
        if (!response.isCompleted()) {
            // RFC 7030 4.2.3: accepted, not issued yet; Palisade answers so to a first contact that must attest first
            String why = service.acceptedBody();
            throw new EnrolmentPending(
                    "the EST endpoint accepted the request but issues nothing yet" + (why.isEmpty() ? "" : ": " + why));
        }
        List<X509Certificate> chain = chain(response, pair, presented);
        keys.keep(deviceId, pair, chain);
        return new DeviceCredential(pair.getPrivate(), chain, keys.origin());
    }

    private EstServiceBuilder service(DeviceCredential presented) {
        var builder = new EstServiceBuilder(endpoints.host(), endpoints.estPort(), Tls.trusting(endpoints.root()));
        builder.withTLSVersion("TLSv1.3")
                .withKeyManager(Tls.presenting(presented))
                .withTimeout((int) timeout.toMillis())
                .withReadLimit(MAX_RESPONSE_BYTES);
        if (label != null) {
            builder.withLabel(label);
        }
        return builder;
    }

    /**
     * The issued certificate (the one for our public key), then the CA that signed it. During a CA rotation the
     * server may send more than one issuing CA; only the one whose key verifies the new certificate joins the chain
     * the device presents from now on.
     */
    private List<X509Certificate> chain(EnrollmentResponse response, KeyPair pair, DeviceCredential presented)
            throws EnrolmentException {
        var converter = new JcaX509CertificateConverter();
        @Nullable X509Certificate issued = null;
        List<X509Certificate> others = new ArrayList<>();
        try {
            for (X509CertificateHolder holder : response.getStore().getMatches(null)) {
                X509Certificate certificate = converter.getCertificate(holder);
                if (certificate.getPublicKey().equals(pair.getPublic())) {
                    issued = certificate;
                } else {
                    others.add(certificate);
                }
            }
        } catch (CertificateException e) {
            throw new EnrolmentException("the EST response holds a certificate that does not parse", e);
        }
        if (issued == null) {
            throw new EnrolmentException("the EST response holds no certificate for the key this device sent");
        }
        Optional<X509Certificate> issuer = issuerAmong(issued, others);
        if (issuer.isEmpty()) {
            // RFC 7030 4.1: the CA certificates come from /cacerts; during a rotation it serves old and new
            issuer = issuerAmong(issued, caCertificates(presented));
        }
        return List.of(
                issued,
                issuer.orElseThrow(() -> new EnrolmentException(
                        "neither the EST response nor /cacerts holds the CA that issued the new certificate")));
    }

    /**
     * The CA certificates the endpoint serves ({@code /cacerts}, RFC 7030 4.1): the tenant's issuing CAs (old and new
     * during a rotation) and the root, asked with {@code presented} as the client certificate.
     */
    public List<X509Certificate> caCertificates(DeviceCredential presented) throws EnrolmentException {
        var converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (X509CertificateHolder holder : service(presented)
                    .build()
                    .getCACerts()
                    .getCertificateStore()
                    .getMatches(null)) {
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException e) {
            throw new EnrolmentException("cannot read the CA certificates from /cacerts: " + e.getMessage(), e);
        }
        return certificates;
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate issued, List<X509Certificate> candidates) {
        return candidates.stream()
                .filter(candidate -> candidate.getSubjectX500Principal().equals(issued.getIssuerX500Principal()))
                .filter(candidate -> signed(issued, candidate))
                .findFirst();
    }

    private static boolean signed(X509Certificate certificate, X509Certificate by) {
        try {
            certificate.verify(by.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
