package dev.palisade.pki.internal;

import dev.palisade.pki.PkiSettings;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The offline root as the server sees it: its certificate, which the server trusts and serves, and (in the automatic
 * ceremony) the files a separate ceremony process signs with. The server never opens the root's keystore itself.
 */
@Component
public class OfflineRoot {

    private static final Logger log = LoggerFactory.getLogger(OfflineRoot.class);

    private final Path keystore;
    private final Path passphraseFile;
    private final Path certificateFile;
    private volatile @Nullable ReadRoot read;
    private final PkiSettings settings;

    OfflineRoot(PkiSettings settings, DataDirectory dataDirectory) {
        Path directory = dataDirectory.root().resolve("offline-root");
        this.settings = settings;
        this.keystore = settings.rootKeystore() != null ? settings.rootKeystore() : directory.resolve("root.p12");
        this.passphraseFile = keystore.resolveSibling("root.password");
        this.certificateFile = settings.rootCertificate() != null
                ? settings.rootCertificate()
                : directory.resolve("root-certificate.pem");
    }

    /** The root certificate, once there is one. */
    public Optional<X509Certificate> certificate() {
        if (!Files.exists(certificateFile)) {
            return Optional.empty();
        }
        try {
            // read again only when the file changed: EST /cacerts asks for the root on every request
            FileTime modified = Files.getLastModifiedTime(certificateFile);
            ReadRoot known = read;
            if (known != null && known.modified.equals(modified)) {
                return Optional.of(known.certificate);
            }
            X509Certificate root = PemText.parseCertificates(
                            Files.readString(certificateFile, StandardCharsets.US_ASCII))
                    .getFirst();
            read = new ReadRoot(modified, root);
            return Optional.of(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the root certificate " + certificateFile, e);
        }
    }

    /**
     * Makes the root (in a ceremony process) unless it exists. Automatic ceremony only. Serialised: on a first start
     * the device endpoint's certificate and a tenant's first certificate may both need the root at once, and a second
     * ceremony would refuse to replace the root the first one wrote.
     */
    public synchronized X509Certificate ensureExists() {
        return certificate().orElseGet(() -> {
            log.info("Creating the offline root in {} (automatic ceremony)", keystore.getParent());
            CeremonyProcess.run(List.of(
                    "ca", "init-root",
                    "--keystore", keystore.toString(),
                    "--passphrase-file", passphraseFile.toString(),
                    "--certificate-out", certificateFile.toString()));
            return certificate()
                    .orElseThrow(() ->
                            new IllegalStateException("the root ceremony finished without writing " + certificateFile));
        });
    }

    private record ReadRoot(FileTime modified, X509Certificate certificate) {}

    /** Has the root sign an issuing CA's request (in a ceremony process) and returns the certificate. */
    public X509Certificate signIssuingCa(byte[] csrDer, Duration lifetime) {
        ensureExists();
        try {
            Path work = Files.createTempDirectory("palisade-ceremony");
            try {
                Path csr = Files.write(work.resolve("issuing.csr"), csrDer);
                Path out = work.resolve("issuing.pem");
                CeremonyProcess.run(List.of(
                        "ca", "sign-intermediate",
                        "--keystore", keystore.toString(),
                        "--passphrase-file", passphraseFile.toString(),
                        "--root-certificate", certificateFile.toString(),
                        "--csr", csr.toString(),
                        "--out", out.toString(),
                        "--days", Long.toString(Math.max(1, lifetime.toDays()))));
                return PemText.parseCertificates(Files.readString(out, StandardCharsets.US_ASCII))
                        .getFirst();
            } finally {
                try (var files = Files.list(work)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot exchange files with the CA ceremony", e);
        }
    }

    public boolean automatic() {
        return settings.ceremony() == PkiSettings.Ceremony.AUTOMATIC;
    }

    public Path certificateFile() {
        return certificateFile;
    }
}
