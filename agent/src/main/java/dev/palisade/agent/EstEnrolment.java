package dev.palisade.agent;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.jspecify.annotations.Nullable;

/**
 * RFC 7030 enrolment as a device does it, through BouncyCastle's EST client: the first certificate with the bootstrap
 * credential ({@code simpleenroll}), renewals with the current one ({@code simplereenroll}). Each call makes a new key
 * pair: a renewed certificate never reuses the old key.
 */
public final class EstEnrolment {

    private final Endpoints endpoints;
    private final @Nullable String label;
    private final DeviceKeys keys;

    /**
     * @param label the EST label ({@code /.well-known/est/LABEL/...}), or null for the default
     * @param keys where new keys are made and certificates kept
     */
    public EstEnrolment(Endpoints endpoints, @Nullable String label, DeviceKeys keys) {
        this.endpoints = endpoints;
        this.label = label;
        this.keys = keys;
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
        try {
            response = service(presented).simpleEnroll(renewal, keys.request(deviceId, pair), null);
        } catch (ESTException e) {
            throw new EnrolmentException(
                    (renewal ? "re-enrolment" : "enrolment") + " refused: HTTP " + e.getStatusCode() + " "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new EnrolmentException("cannot reach the EST endpoint: " + e.getMessage(), e);
        }
        if (!response.isCompleted()) {
            throw new EnrolmentException("the EST endpoint asked to retry later; this agent does not wait for it");
        }
        List<X509Certificate> chain = chain(response, pair);
        keys.keep(deviceId, pair, chain);
        return new DeviceCredential(pair.getPrivate(), chain, keys.origin());
    }

    private ESTService service(DeviceCredential presented) {
        var builder = new JsseESTServiceBuilder(endpoints.host(), endpoints.estPort(), Tls.trusting(endpoints.root()))
                .withTLSVersion("TLSv1.3")
                .withKeyManager(Tls.presenting(presented));
        if (label != null) {
            builder.withLabel(label);
        }
        return builder.build();
    }

    /** The issued certificate (the one for our public key) first, then the CAs the server sent, the root left out. */
    private static List<X509Certificate> chain(EnrollmentResponse response, KeyPair pair) throws EnrolmentException {
        var converter = new JcaX509CertificateConverter();
        @Nullable X509Certificate issued = null;
        List<X509Certificate> authorities = new ArrayList<>();
        try {
            for (X509CertificateHolder holder : response.getStore().getMatches(null)) {
                X509Certificate certificate = converter.getCertificate(holder);
                if (certificate.getPublicKey().equals(pair.getPublic())) {
                    issued = certificate;
                } else if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    authorities.add(certificate);
                }
            }
        } catch (CertificateException e) {
            throw new EnrolmentException("the EST response holds a certificate that does not parse", e);
        }
        if (issued == null) {
            throw new EnrolmentException("the EST response holds no certificate for the key this device sent");
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issued);
        chain.addAll(authorities);
        return chain;
    }
}
