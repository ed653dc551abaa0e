package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.storage.EmbeddedPostgresException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresLauncherTest {

    @Test
    void rootWithoutAWorkingUnshareIsToldToRunAsAnotherUserOrUseAnExternalDatabase() {
        var binaries = new PostgresBinaries(Path.of("/nonexistent/postgres-home"), null);

        assertThatThrownBy(() -> PostgresLauncher.prepare(binaries, true, List.of("/nonexistent/unshare", "--user")))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("refuses to run as root")
                .hasMessageContaining("non-root user")
                .hasMessageContaining("external PostgreSQL");
    }
}
