package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.shared.DataDirectory;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class FirstStartIT extends WithServer {

    @Test
    void firstStartWritesAnAdminTokenOnlyItsOwnerCanRead() throws Exception {
        var tokenFile = new DataDirectory(DATA_DIR).adminTokenFile();

        var permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile));

        assertThat(permissions).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void adminTokenActsAsAdministratorOfThePlatformTenant() {
        ApiResponse me = api.get("/api/v1/whoami", platformToken);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("role")).isEqualTo("admin");
        assertThat(me.body().path("tenant").path("platform").asBoolean()).isTrue();
        assertThat(me.body().path("tenant").path("slug").asString()).isEqualTo("default");
        assertThat(me.body().path("permissions").toString()).contains("tenants:manage");
    }
}
