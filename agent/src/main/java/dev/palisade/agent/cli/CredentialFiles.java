package dev.palisade.agent.cli;

import dev.palisade.agent.AtomicFiles;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.DeviceKeys;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.SoftwareKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A software credential in the device's directory: {@code device.key} (owner-only) and {@code device.pem} (the
 * certificate, then its CA). Two files cannot be replaced in one step, so a new credential is staged first, whole, as
 * {@code renewed.key} then {@code renewed.pem}, and only then moved over the current files, the certificate last. A
 * {@code renewed.pem} on disk therefore means a complete new credential whose move a stop interrupted; {@link #load}
 * finishes it. A lone {@code renewed.key} is a staging that never completed, and is dropped.
 */
final class CredentialFiles implements CredentialStore {

    private final Path key;
    private final Path certificate;
    private final Path stagedKey;
    private final Path stagedCertificate;

    CredentialFiles(Path directory) {
        this.key = directory.resolve("device.key");
        this.certificate = directory.resolve("device.pem");
        this.stagedKey = directory.resolve("renewed.key");
        this.stagedCertificate = directory.resolve("renewed.pem");
    }

    @Override
    public DeviceKeys keys() {
        return new SoftwareKeys(KeyOrigin.SOFTWARE);
    }

    @Override
    public DeviceCredential load() throws IOException {
        finishInterruptedMove();
        return new DeviceCredential(PemFiles.privateKey(key), PemFiles.certificates(certificate), KeyOrigin.SOFTWARE);
    }

    @Override
    public void keep(DeviceCredential credential) throws IOException {
        PemFiles.writePrivateKey(stagedKey, credential.key());
        PemFiles.writeCertificates(stagedCertificate, credential.chain());
        finishInterruptedMove();
    }

    @Override
    public void destroy() throws IOException {
        for (Path file : new Path[] {stagedCertificate, stagedKey, key, certificate}) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public String keyLocation() {
        return "in " + key + " (software)";
    }

    private void finishInterruptedMove() throws IOException {
        if (Files.exists(stagedCertificate)) {
            if (Files.exists(stagedKey)) {
                AtomicFiles.move(stagedKey, key);
            }
            AtomicFiles.move(stagedCertificate, certificate);
        } else {
            Files.deleteIfExists(stagedKey);
        }
    }
}
