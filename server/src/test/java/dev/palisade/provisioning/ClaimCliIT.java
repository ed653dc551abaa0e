package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.PalisadeCli;
import dev.palisade.support.PalisadeCli.Run;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code palisade provisioning claim}: a device claimed, listed and its claim cancelled from the command line. */
class ClaimCliIT extends WithServer {

    @TempDir
    Path temp;

    @Test
    void createListAndCancelAClaimFromTheCommandLine() throws Exception {
        TestTenant tenant = newTenant();
        var factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        ApiResponse registered = api.post("/api/v1/manufacturers", tenant.adminToken(), factory.registration());
        assertThat(registered.status()).as(registered.rawBody()).isEqualTo(201);
        var cli = new PalisadeCli(DATA_DIR, port, Files.writeString(temp.resolve("token"), tenant.adminToken()));
        String code = DeviceClaimIT.code();
        Path codeFile = Files.writeString(temp.resolve("code"), code + "\n");

        Run create = cli.run(
                "provisioning",
                "claim",
                "create",
                "--manufacturer",
                "acme",
                "--serial",
                "SN-L001",
                "--device",
                "meter-l001",
                "--code-file",
                codeFile.toString(),
                "--expires-in",
                "P2D",
                "--json");
        Run weak = cli.run(
                "provisioning",
                "claim",
                "create",
                "--manufacturer",
                "acme",
                "--serial",
                "SN-L002",
                "--code",
                "AAAA-BBBB-AAAA-BBBB");
        Run open = cli.run("provisioning", "claim", "list", "--state", "open");
        JsonNode created = TestApi.JSON.readTree(create.out());
        String id = created.path("id").asString();
        Run cancel = cli.run("provisioning", "claim", "cancel", id);
        Run cancelled = cli.run("provisioning", "claim", "list", "--state", "cancelled");
        Run again = cli.run("provisioning", "claim", "cancel", id);

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(created.path("state").asString()).isEqualTo("open");
        assertThat(created.path("deviceId").asString()).isEqualTo("meter-l001");
        assertThat(create.out()).doesNotContain(code);
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.err()).contains("provisioning.claim.weak-code");
        assertThat(open.out())
                .contains(id)
                .contains("SN-L001")
                .contains("meter-l001")
                .contains("open");
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("cancelled");
        assertThat(cancelled.out()).contains(id);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("provisioning.claim.not-cancellable");
    }

    @Test
    void theCodeIsGivenExactlyOnce() throws Exception {
        var cli = new PalisadeCli(
                DATA_DIR,
                port,
                Files.writeString(temp.resolve("token"), newTenant().adminToken()));

        Run none = cli.run("provisioning", "claim", "create", "--manufacturer", "acme", "--serial", "SN-L003");

        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("--code");
    }
}
