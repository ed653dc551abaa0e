package dev.palisade.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreWrittenForTheirOwnerOnlyAndLeaveNoTemporaryFiles() throws Exception {
        Path secrets = dir.resolve("secrets");
        Path file = secrets.resolve("token");

        SecretFiles.ownerOnlyDirectory(secrets);
        SecretFiles.writeString(file, "first");
        SecretFiles.writeString(file, "second");

        assertThat(SecretFiles.readString(file)).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rwx------");
        try (var entries = Files.list(secrets)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void aGeneratedSecretIsKeptOnceCreated() {
        Path file = dir.resolve("password");

        String first = SecretFiles.readOrGenerate(file);
        String again = SecretFiles.readOrGenerate(file);

        assertThat(first).hasSize(43).isEqualTo(again);
        assertThat(SecretFiles.randomToken(32)).isNotEqualTo(first);
    }
}
