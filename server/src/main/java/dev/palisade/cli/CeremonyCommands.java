package dev.palisade.cli;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.x509.CaCertificates;
import dev.palisade.pki.x509.PemText;
import dev.palisade.pki.x509.Serials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The offline-root ceremony: make the root, sign issuing CAs with it. These commands run where the root key is (an
 * offline machine, or in the embedded setup a separate process the server starts); the server never loads the root.
 */
final class CeremonyCommands {

    static final KeyAlias ROOT_KEY = KeyAlias.of("offline-root");

    private CeremonyCommands() {}

    @Command(
            name = "init-root",
            description = {
                "Create the offline root: a key in a keystore or token, and its self-signed certificate.",
                "Refuses to replace an existing root."
            },
            mixinStandardHelpOptions = true)
    static final class InitRoot implements Callable<Integer> {

        @Mixin
        RootKeyOptions root;

        @Option(
                names = "--certificate-out",
                paramLabel = "FILE",
                required = true,
                description = "Where to write the root certificate (PEM).")
        Path certificateOut = Path.of("root-certificate.pem");

        @Option(names = "--name", description = "Common name of the root (default: Palisade root CA).")
        String name = "Palisade root CA";

        @Option(names = "--years", description = "Validity in years (default 20).")
        int years = 20;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(certificateOut)) {
                throw new IllegalArgumentException(
                        "a root certificate exists at " + certificateOut + "; not replacing it");
            }
            if (years < 1 || years > 50) {
                throw new IllegalArgumentException("--years must be between 1 and 50");
            }
            KeyCustody custody = root.open();
            if (custody.find(ROOT_KEY).isPresent()) {
                throw new IllegalArgumentException("the keystore already holds a root key; not replacing it");
            }
            SigningKey key = custody.getOrCreate(ROOT_KEY, KeyAlgorithm.ECDSA_P384);
            Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            X509Certificate certificate = CaCertificates.selfSignedRoot(
                    name,
                    key,
                    Serials.random(),
                    now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(365L * years)));
            Path parent = certificateOut.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(certificateOut, PemText.certificate(certificate), StandardCharsets.US_ASCII);
            spec.commandLine().getOut().println("Root certificate written to " + certificateOut.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "sign-intermediate",
            description = {
                "Sign an issuing CA's certificate request with the offline root.",
                "The certificate gets CA:true with pathLen 0 and name constraints that bind it to its tenant."
            },
            mixinStandardHelpOptions = true)
    static final class SignIntermediate implements Callable<Integer> {

        @Mixin
        RootKeyOptions root;

        @Option(
                names = "--root-certificate",
                paramLabel = "FILE",
                required = true,
                description = "The root certificate (PEM).")
        Path rootCertificate = Path.of("root-certificate.pem");

        @Option(
                names = "--csr",
                paramLabel = "FILE",
                required = true,
                description = "The issuing CA's request (PEM or DER).")
        Path csr = Path.of("issuing.csr");

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Where to write the certificate (PEM; default: standard output).")
        @Nullable
        Path out;

        @Option(names = "--days", description = "Validity in days (default 1825, never beyond the root's).")
        int days = 1825;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            X509Certificate rootCert = PemText.parseCertificates(
                            Files.readString(rootCertificate, StandardCharsets.US_ASCII))
                    .getFirst();
            SigningKey key = root.open()
                    .find(ROOT_KEY)
                    .orElseThrow(() -> new IllegalArgumentException("the keystore holds no root key"));
            Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = now.plus(Duration.ofDays(days));
            Instant rootEnd = rootCert.getNotAfter().toInstant();
            X509Certificate issuing = CaCertificates.signIssuingCa(
                    requestDer(Files.readAllBytes(csr)),
                    rootCert,
                    key,
                    Serials.random(),
                    now.minus(Duration.ofMinutes(5)),
                    notAfter.isAfter(rootEnd) ? rootEnd : notAfter);
            String pem = PemText.certificate(issuing);
            if (out == null) {
                spec.commandLine().getOut().print(pem);
            } else {
                Files.writeString(out, pem, StandardCharsets.US_ASCII);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static byte[] requestDer(byte[] file) {
            String text = new String(file, StandardCharsets.US_ASCII).strip();
            if (!text.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
                return file;
            }
            String body = text.replace("-----BEGIN CERTIFICATE REQUEST-----", "")
                    .replace("-----END CERTIFICATE REQUEST-----", "")
                    .replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        }
    }
}
