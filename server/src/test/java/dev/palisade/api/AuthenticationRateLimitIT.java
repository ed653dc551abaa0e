package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.TestApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Repeated failed token attempts from one address are cut off with 429, before any token is checked. Runs its own
 * server with a low limit so that other suites' deliberate failures do not interfere.
 */
class AuthenticationRateLimitIT {

    private static final Path DATA_DIR = Path.of("target/it-data-rate-limit").toAbsolutePath();
    private static ConfigurableApplicationContext server;
    private static TestApi api;

    @BeforeAll
    static void start() {
        server = new SpringApplicationBuilder(PalisadeApplication.class)
                .run(
                        "--palisade.data-dir=" + DATA_DIR,
                        "--palisade.api.port=0",
                        "--palisade.api.bind-address=127.0.0.1",
                        "--palisade.api.auth-failures-per-minute=3",
                        "--palisade.device-api.enabled=false",
                        "--palisade.broker.enabled=false");
        int port = java.util.Objects.requireNonNull(((WebServerApplicationContext) server).getWebServer())
                .getPort();
        api = new TestApi(
                "https://localhost:" + port, new DataDirectory(DATA_DIR).tls().resolve("api-certificate.pem"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedEvenWithAValidToken() {
        String validToken = SecretFiles.readString(new DataDirectory(DATA_DIR).adminTokenFile());

        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            statuses.add(api.get("/api/v1/whoami", "pal_guess_" + attempt).status());
        }
        ApiResponse afterwards = api.get("/api/v1/whoami", validToken);

        assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        assertThat(afterwards.status()).isEqualTo(429);
        assertThat(afterwards.code()).isEqualTo("auth.too-many-failures");
        assertThat(Long.parseLong(afterwards.header("Retry-After"))).isPositive();
    }
}
