package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.DeviceKeys;
import dev.palisade.agent.TokenKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A credential whose key lives in a PKCS#11 token: the token keeps the key and its chain (each renewal beside the old
 * one until it is stored, see {@link TokenKeys}); {@code device.pem} in the directory is a copy of the chain for the
 * operator's tools, replaced atomically after the token has the new one.
 */
final class TokenCredentials implements CredentialStore {

    private final TokenKeys token;
    private final String deviceId;
    private final Path certificate;

    TokenCredentials(TokenKeys token, String deviceId, Path directory) {
        this.token = token;
        this.deviceId = deviceId;
        this.certificate = directory.resolve("device.pem");
    }

    @Override
    public DeviceKeys keys() {
        return token;
    }

    @Override
    public DeviceCredential load() {
        return token.credential(deviceId)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the token holds no credential for " + deviceId + "; enrol first"));
    }

    /** The token has the credential already (enrolment stores it there as it is issued); only the copy is written. */
    @Override
    public void keep(DeviceCredential credential) throws IOException {
        PemFiles.writeCertificates(certificate, credential.chain());
    }

    @Override
    public void destroy() throws IOException {
        token.destroy(deviceId);
        Files.deleteIfExists(certificate.resolveSibling("device.key"));
        Files.deleteIfExists(certificate);
    }

    @Override
    public String keyLocation() {
        return "in the token";
    }
}
