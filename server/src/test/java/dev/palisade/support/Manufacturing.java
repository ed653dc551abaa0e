package dev.palisade.support;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.EstClients.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manufacturer's factory tooling, played by the openssl command line: its bootstrap CA, the certificate whose key
 * signs its manifests, bootstrap certificates for the devices it makes, and manifests signed as CMS SignedData with
 * {@code openssl cms -sign}. Nothing of Palisade's takes part, so what Palisade accepts is what real tooling makes.
 */
public final class Manufacturing {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private final OpenSsl openssl;
    private final String name;

    /** A manufacturer with a new bootstrap CA and a new manifest-signing key, its files in {@code directory}. */
    public Manufacturing(Path directory, String name) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        this.openssl = new OpenSsl(directory);
        this.name = name;
        openssl.ok(ecRoot("ca", "/O=" + name + "/CN=" + name + " Bootstrap CA"));
        openssl.ok(ecRoot("signer", "/O=" + name + "/CN=" + name + " Manifest Signing"));
        openssl.write("bootstrap.ext", """
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = clientAuth
                """);
    }

    private static String[] ecRoot(String file, String subject) {
        return new String[] {
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-noenc",
            "-keyout",
            file + ".key",
            "-out",
            file + ".pem",
            "-days",
            "3650",
            "-subj",
            subject,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,digitalSignature"
        };
    }

    public String name() {
        return name;
    }

    public String caPem() throws IOException {
        return Files.readString(openssl.file("ca.pem"), StandardCharsets.US_ASCII);
    }

    public String signerPem() throws IOException {
        return Files.readString(openssl.file("signer.pem"), StandardCharsets.US_ASCII);
    }

    /** The body that registers this manufacturer with a tenant. */
    public Map<String, Object> registration() throws IOException {
        return Map.of("name", name, "signingKey", signerPem(), "bootstrapCas", List.of(caPem()));
    }

    /** A device's bootstrap credential from this manufacturer's CA, and its fingerprint as openssl prints it. */
    public record Bootstrap(Credential credential, String sha256) {}

    public Bootstrap bootstrap(String subjectName) throws IOException, InterruptedException {
        String file = "b-" + SERIALS.incrementAndGet();
        openssl.request("ec:P-256", "/CN=" + subjectName, file);
        openssl.ok(
                "x509",
                "-req",
                "-in",
                file + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                String.valueOf(SERIALS.incrementAndGet()),
                "-days",
                "3650",
                "-extfile",
                "bootstrap.ext",
                "-out",
                file + ".pem");
        String fingerprint = openssl.ok("x509", "-in", file + ".pem", "-noout", "-fingerprint", "-sha256");
        var certificate = PemText.parseCertificates(
                        Files.readString(openssl.file(file + ".pem"), StandardCharsets.US_ASCII))
                .getFirst();
        return new Bootstrap(
                new Credential(privateKey(file + ".key"), List.of(certificate)),
                fingerprint.substring(fingerprint.indexOf('=') + 1).strip());
    }

    /** {@code manifest} signed with this manufacturer's manifest key: PEM CMS SignedData, the manifest inside. */
    public String sign(String manifest) throws IOException, InterruptedException {
        return signWith("signer", manifest);
    }

    /** {@code manifest} signed with {@code other}'s manifest key instead. */
    public String signAs(Manufacturing other, String manifest) throws IOException, InterruptedException {
        Files.copy(
                other.openssl.file("signer.pem"),
                openssl.file("other-signer.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                other.openssl.file("signer.key"),
                openssl.file("other-signer.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return signWith("other-signer", manifest);
    }

    private String signWith(String signer, String manifest) throws IOException, InterruptedException {
        String file = "m-" + SERIALS.incrementAndGet();
        openssl.write(file + ".json", manifest);
        openssl.ok(
                "cms",
                "-sign",
                "-binary",
                "-nodetach",
                "-in",
                file + ".json",
                "-signer",
                signer + ".pem",
                "-inkey",
                signer + ".key",
                "-outform",
                "PEM",
                "-out",
                file + ".cms");
        return Files.readString(openssl.file(file + ".cms"), StandardCharsets.US_ASCII);
    }

    /** A manifest listing {@code devices}, each a map of the manifest's fields. */
    public static String manifest(List<Map<String, String>> devices) {
        return TestApi.JSON.writeValueAsString(Map.of("devices", devices));
    }

    private PrivateKey privateKey(String file) throws IOException {
        String pem = Files.readString(openssl.file(file), StandardCharsets.US_ASCII);
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("openssl wrote a key the JDK cannot read", e);
        }
    }
}
