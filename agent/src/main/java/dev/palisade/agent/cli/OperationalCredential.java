package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import java.nio.file.Path;

/** The credential {@code enrol} left: in the token under the device's id, or as files in the state directory. */
final class OperationalCredential {

    private OperationalCredential() {}

    static DeviceCredential read(KeyOptions keyOptions, String id, Path dir) throws Exception {
        if (keyOptions.softwareKey) {
            return new DeviceCredential(
                    PemFiles.privateKey(dir.resolve("device.key")),
                    PemFiles.certificates(dir.resolve("device.pem")),
                    KeyOrigin.SOFTWARE);
        }
        return keyOptions
                .token()
                .credential(id)
                .orElseThrow(() ->
                        new IllegalArgumentException("the token holds no credential for " + id + "; enrol first"));
    }
}
