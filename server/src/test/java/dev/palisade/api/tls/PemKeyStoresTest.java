package dev.palisade.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoresTest {

    @TempDir
    Path dir;

    @Test
    void aConfiguredPemCertificateAndKeyBecomeTheServedIdentity() throws Exception {
        KeyStore generated = SelfSignedCertificates.create("api", "pw", Clock.systemUTC());
        var certificate = (X509Certificate) generated.getCertificate("api");
        var key = (PrivateKey) generated.getKey("api", "pw".toCharArray());
        Path certificateFile = Files.writeString(dir.resolve("api.crt"), SelfSignedCertificates.pem(certificate));
        Path keyFile = Files.writeString(dir.resolve("api.key"), pkcs8(key));

        KeyStore loaded = PemKeyStores.load(certificateFile, keyFile, "api", "secret");

        assertThat(loaded.getCertificate("api")).isEqualTo(certificate);
        assertThat(loaded.getKey("api", "secret".toCharArray()).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void aMissingKeyIsAClearError() throws Exception {
        KeyStore generated = SelfSignedCertificates.create("api", "pw", Clock.systemUTC());
        Path certificateFile = Files.writeString(
                dir.resolve("api.crt"), SelfSignedCertificates.pem((X509Certificate) generated.getCertificate("api")));
        Path empty = Files.writeString(dir.resolve("empty.key"), "");

        assertThatThrownBy(() -> PemKeyStores.load(certificateFile, empty, "api", "secret"))
                .hasMessageContaining("no private key in");
    }

    @Test
    void theGeneratedCertificateNamesLocalhostAndIsForServersOnly() throws Exception {
        var certificate = (X509Certificate)
                SelfSignedCertificates.create("api", "pw", Clock.systemUTC()).getCertificate("api");

        assertThat(certificate.getSubjectAlternativeNames())
                .anySatisfy(name -> assertThat(name.get(1)).isEqualTo("localhost"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    }

    private static String pkcs8(PrivateKey key) throws Exception {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        return text.toString();
    }
}
