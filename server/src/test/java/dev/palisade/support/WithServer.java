package dev.palisade.support;

import dev.palisade.PalisadeApplication;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of integration tests that need the server: one Spring context for all of them, with the real embedded
 * PostgreSQL in {@code target/it-data}, the HTTPS API on a random port, and the platform administrator's token. Tests
 * create their own tenants, so they never depend on each other's data.
 */
@SpringBootTest(
        classes = PalisadeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "palisade.data-dir=target/it-data",
            "palisade.api.port=0",
            "palisade.api.bind-address=127.0.0.1",
            "palisade.api.auth-failures-per-minute=100000",
            // short enough for a test to see a nonce expire, long enough for a TPM to quote on a loaded machine
            "palisade.attestation.nonce-lifetime=10s",
            // small enough for a test to exceed it, and below Tomcat's swallow size so that a refusal before reading
            // still reaches the client
            "palisade.ota.max-artifact-size=512KB",
            // rollout tests drive the engine with their own clock: the scheduler's own passes stay out of their way
            "palisade.ota.rollouts.pass-interval=PT1H"
        })
public abstract class WithServer {

    private static final int DEVICE_PORT = FreePorts.next();
    private static final int HTTP_PORT = FreePorts.next();
    private static final int MQTT_PORT = FreePorts.next();

    @DynamicPropertySource
    static void devicePorts(DynamicPropertyRegistry registry) {
        registry.add("palisade.device-api.port", () -> DEVICE_PORT);
        registry.add("palisade.device-api.http-port", () -> HTTP_PORT);
        registry.add("palisade.device-api.bind-address", () -> "127.0.0.1");
        registry.add("palisade.pki.public-base-url", () -> "http://localhost:" + HTTP_PORT);
        registry.add("palisade.broker.port", () -> MQTT_PORT);
        registry.add("palisade.broker.bind-address", () -> "127.0.0.1");
    }

    /** The MQTT broker's TLS port. */
    protected static int mqttPort() {
        return MQTT_PORT;
    }

    /** The device endpoint (EST) port. */
    protected static int devicePort() {
        return DEVICE_PORT;
    }

    /** The CRL and OCSP port. */
    protected static int httpPort() {
        return HTTP_PORT;
    }

    protected static final Path DATA_DIR = Path.of("target/it-data").toAbsolutePath();

    @LocalServerPort
    protected int port;

    @Autowired
    protected DataSource dataSource;

    protected TestApi api;
    protected String platformToken;

    @BeforeEach
    void connect() {
        var dataDirectory = new DataDirectory(DATA_DIR);
        api = new TestApi("https://localhost:" + port, dataDirectory.tls().resolve("api-certificate.pem"));
        platformToken = SecretFiles.readString(dataDirectory.adminTokenFile());
    }

    /** A new tenant, created by the platform administrator, with the token of its first administrator. */
    protected TestTenant newTenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse created = api.post("/api/v1/tenants", platformToken, Map.of("slug", slug, "displayName", slug));
        if (created.status() != 201) {
            throw new IllegalStateException("cannot create tenant: " + created.rawBody());
        }
        return new TestTenant(
                created.body().path("tenant").path("id").asString(),
                slug,
                created.body().path("admin").path("id").asString(),
                created.body().path("adminToken").path("secret").asString());
    }

    /** An operator with {@code role} in {@code tenant}, and a token of that role. */
    protected TestOperator newOperator(TestTenant tenant, String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse operator = api.post("/api/v1/operators", tenant.adminToken(), Map.of("name", name, "role", role));
        if (operator.status() != 201) {
            throw new IllegalStateException("cannot create operator: " + operator.rawBody());
        }
        String operatorId = operator.text("id");
        ApiResponse token =
                api.post("/api/v1/tokens", tenant.adminToken(), Map.of("name", "test", "operatorId", operatorId));
        if (token.status() != 201) {
            throw new IllegalStateException("cannot create token: " + token.rawBody());
        }
        return new TestOperator(
                operatorId,
                name,
                token.body().path("token").path("id").asString(),
                token.body().path("secret").asString());
    }

    public record TestTenant(String id, String slug, String adminId, String adminToken) {}

    public record TestOperator(String id, String name, String tokenId, String token) {}
}
