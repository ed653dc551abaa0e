package dev.palisade.pki;

import dev.palisade.keys.KeyAlgorithm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PKI settings.
 *
 * @param ceremony {@code automatic}: the server signs each tenant's issuing CA with the offline root by running the
 *     ceremony command in a separate process, the root key never entering the server (for the embedded and demo
 *     setup); {@code manual}: a new CA waits, pending, until an operator signs its request offline ({@code palisade
 *     ca sign-intermediate}) and uploads the certificate
 * @param rootKeystore the offline root's keystore for the automatic ceremony (default {@code offline-root/root.p12}
 *     in the data directory)
 * @param rootCertificate the root certificate the server trusts and serves (default {@code
 *     offline-root/root-certificate.pem} in the data directory)
 * @param caKeyAlgorithm key algorithm of new issuing CAs
 * @param issuingCaLifetime validity of new issuing CAs
 * @param deviceCertificateLifetime default validity of device certificates (hours to months)
 * @param bootstrapCertificateLifetime default validity of bootstrap certificates
 * @param serverCertificateLifetime validity of server certificates of Palisade's own endpoints
 * @param ocspSignerLifetime validity of the delegated OCSP signer certificates
 * @param ocspResponseValidity how long an OCSP response is valid (its nextUpdate)
 * @param crlValidity how long a CRL is valid; CRLs are also re-published at half this interval
 * @param publicBaseUrl the plain-HTTP base URL under which CRLs and OCSP are reachable, named in every certificate
 */
@ConfigurationProperties("palisade.pki")
public record PkiSettings(
        @DefaultValue("automatic") Ceremony ceremony,
        @Nullable Path rootKeystore,
        @Nullable Path rootCertificate,
        @DefaultValue("ECDSA_P256") KeyAlgorithm caKeyAlgorithm,
        @DefaultValue("1825d") Duration issuingCaLifetime,
        @DefaultValue("30d") Duration deviceCertificateLifetime,
        @DefaultValue("365d") Duration bootstrapCertificateLifetime,
        @DefaultValue("90d") Duration serverCertificateLifetime,
        @DefaultValue("30d") Duration ocspSignerLifetime,
        @DefaultValue("1h") Duration ocspResponseValidity,
        @DefaultValue("24h") Duration crlValidity,
        @DefaultValue("http://localhost:8080") URI publicBaseUrl) {

    /** The shortest certificate lifetime anyone may ask for. */
    public static final Duration MINIMUM_LIFETIME = Duration.ofHours(1);

    public PkiSettings {
        if (caKeyAlgorithm == KeyAlgorithm.ED25519) {
            throw new IllegalArgumentException(
                    "palisade.pki.ca-key-algorithm must be ECDSA_P256, ECDSA_P384 or RSA_3072");
        }
        for (Duration lifetime : new Duration[] {
            deviceCertificateLifetime, bootstrapCertificateLifetime, serverCertificateLifetime, ocspSignerLifetime
        }) {
            if (lifetime.compareTo(MINIMUM_LIFETIME) < 0) {
                throw new IllegalArgumentException("palisade.pki certificate lifetimes are at least an hour");
            }
        }
        String scheme = publicBaseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("palisade.pki.public-base-url must be an http(s) URL");
        }
    }

    /** How issuing CAs get signed by the offline root. */
    public enum Ceremony {
        AUTOMATIC,
        MANUAL
    }
}
