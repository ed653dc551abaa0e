package dev.palisade.shared;

import java.nio.file.Path;

/**
 * The directory where one Palisade installation keeps its state: the embedded database, keystores, the API's TLS
 * material and secrets (owner-only). Everything a backup needs is below {@link #root()}.
 */
public record DataDirectory(Path root) {

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** Embedded PostgreSQL: binaries, cluster and its log. */
    public Path postgres() {
        return root.resolve("postgres");
    }

    /** Passwords and tokens, each in a file only the owner can read. */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /** Keystores of the key-custody service. */
    public Path keys() {
        return root.resolve("keys");
    }

    /** TLS certificates and keys of the server's own endpoints. */
    public Path tls() {
        return root.resolve("tls");
    }

    /** Over-the-air update artifacts: content-addressed blobs and the staging area of uploads in progress. */
    public Path ota() {
        return root.resolve("ota");
    }

    /** The admin token created on first start. */
    public Path adminTokenFile() {
        return secrets().resolve("admin-token");
    }
}
