package dev.palisade.api.tls;

import dev.palisade.api.ApiFiles;
import dev.palisade.api.ApiSettings;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.stereotype.Component;

/**
 * Registers the SSL bundle the operator API serves, TLS 1.3 only. With a configured PEM certificate and key, those;
 * otherwise a self-signed ECDSA P-256 certificate for this host, generated on first start (and again when it nears
 * expiry) in {@code tls/} of the data directory, with its certificate also written as PEM for clients to pin.
 */
@Component
public class ApiTls implements SslBundleRegistrar {

    public static final String BUNDLE = "palisade-api";
    private static final String ALIAS = "api";
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final ApiSettings settings;
    private final DataDirectory dataDirectory;
    private final Clock clock;

    ApiTls(ApiSettings settings, DataDirectory dataDirectory, Clock clock) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.clock = clock;
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        String password = SecretFiles.readOrGenerate(dataDirectory.secrets().resolve("tls-keystore.password"));
        KeyStore keyStore = settings.tlsCertificate() != null && settings.tlsPrivateKey() != null
                ? PemKeyStores.load(settings.tlsCertificate(), settings.tlsPrivateKey(), ALIAS, password)
                : generatedKeyStore(password);
        SslOptions tls13 = SslOptions.of(null, Set.of("TLSv1.3"));
        registry.registerBundle(
                BUNDLE,
                SslBundle.of(SslStoreBundle.of(keyStore, password, null), SslBundleKey.of(password, ALIAS), tls13));
    }

    private KeyStore generatedKeyStore(String password) {
        Path file = dataDirectory.tls().resolve("api.p12");
        try {
            if (Files.exists(file)) {
                KeyStore existing = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    existing.load(in, password.toCharArray());
                }
                var certificate = (X509Certificate) existing.getCertificate(ALIAS);
                if (certificate != null
                        && certificate
                                .getNotAfter()
                                .toInstant()
                                .isAfter(clock.instant().plus(RENEW_BEFORE))) {
                    return existing;
                }
            }
            KeyStore fresh = SelfSignedCertificates.create(ALIAS, password, clock);
            SecretFiles.ownerOnlyDirectory(dataDirectory.tls());
            Path temp = file.resolveSibling("api.p12.tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                fresh.store(out, password.toCharArray());
            }
            Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(ApiFiles.certificate(dataDirectory), SelfSignedCertificates.pem((X509Certificate)
                    fresh.getCertificate(ALIAS)));
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the API's TLS keystore " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the API's TLS keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
