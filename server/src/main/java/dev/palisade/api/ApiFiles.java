package dev.palisade.api;

import dev.palisade.shared.DataDirectory;
import java.nio.file.Path;

/** Files the operator API keeps in the data directory that clients on the same machine use. */
public final class ApiFiles {

    private ApiFiles() {}

    /** The PEM certificate of the generated TLS identity, for clients to pin. */
    public static Path certificate(DataDirectory dataDirectory) {
        return dataDirectory.tls().resolve("api-certificate.pem");
    }
}
