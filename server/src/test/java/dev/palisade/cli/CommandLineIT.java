package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.Manufacturing;
import dev.palisade.support.Superuser;
import dev.palisade.support.WithServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code palisade} command line against a running server, and offline against its database. */
class CommandLineIT extends WithServer {

    @TempDir
    Path temp;

    @Test
    void tenantAndTokenCommandsWorkThroughTheApi() throws Exception {
        String slug = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path adminToken = temp.resolve("acme-admin");

        Run create =
                run("tenant", "create", slug, "--display-name", "Acme Meters", "--token-out", adminToken.toString());
        Run whoAmI = runAs(adminToken, "whoami");
        Path ciToken = temp.resolve("ci-token");
        Run token = runAs(
                adminToken,
                "token",
                "create",
                "ci",
                "--role",
                "viewer",
                "--expires-in",
                "PT12H",
                "--out",
                ciToken.toString());
        Run list = runAs(adminToken, "token", "list");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).contains(slug).contains("Acme Meters");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminToken)))
                .isEqualTo("rw-------");
        assertThat(whoAmI.exitCode()).as(whoAmI.err()).isZero();
        assertThat(whoAmI.out()).contains("admin").contains(slug).contains("tokens:manage, audit:read");
        assertThat(token.exitCode()).as(token.err()).isZero();
        assertThat(Files.readString(ciToken)).startsWith("pal_");
        assertThat(list.out()).contains("ci").contains("viewer").contains("initial-admin");
    }

    @Test
    void policyDeviceAndSessionCommandsWorkThroughTheApi() throws Exception {
        TestTenant tenant = newTenant();
        Path token = write(tenant.adminToken());
        Path document = temp.resolve("meters.json");
        Files.writeString(document, """
                {"description": "Meters",
                 "statements": [{"effect": "Allow", "actions": ["subscribe", "receive"], "resources": ["#"]}]}""");
        Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publsh\"]}]}");
        runAs(token, "device", "register", "meter-1");

        Run put = runAs(token, "policy", "put", "meters", "--file", document.toString());
        Run attach = runAs(token, "policy", "attach", "meters", "--group", "meters");
        Run label = runAs(token, "device", "label", "meter-1", "--group", "meters", "--attr", "site=north");
        Run list = runAs(token, "policy", "list");
        Run refused = runAs(token, "policy", "put", "meters", "--file", broken.toString());
        Run quarantine = runAs(token, "device", "quarantine", "meter-1", "--reason", "test");
        Run sessions = runAs(token, "session", "list");

        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("meters").contains("policy.lint.");
        assertThat(attach.out()).contains("attached meters to group meters");
        assertThat(label.exitCode()).as(label.err()).isZero();
        assertThat(label.out()).contains("meters");
        assertThat(list.out()).as(list.err()).contains("meters").contains("Meters");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("policy.document.unknown-action");
        assertThat(quarantine.exitCode())
                .as("a provisioned device is not active: nothing to quarantine")
                .isEqualTo(2);
        assertThat(quarantine.err()).contains("identity.device.wrong-state");
        assertThat(sessions.exitCode()).as(sessions.err()).isZero();
        assertThat(sessions.out()).contains("Device").doesNotContain("meter-1");
    }

    @Test
    void refusalsBecomeOneLineErrorsWithAnExitCode() throws Exception {
        Run duplicate = run("tenant", "create", "default", "--display-name", "Again");
        Run unauthenticated = runAs(write("pal_not_a_token"), "whoami");

        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.err()).contains("tenancy.tenant.slug-taken").doesNotContain("Exception");
        assertThat(unauthenticated.exitCode()).isEqualTo(3);
        assertThat(unauthenticated.err()).contains("auth.unauthenticated");
    }

    @Test
    void auditVerifyReportsAnIntactLogAndNamesATamperedRecord() throws Exception {
        TestTenant tenant = newTenant();
        newOperator(tenant, "viewer");

        Run intact = run("audit", "verify", "--tenant", tenant.slug());
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement edit = superuser.prepareStatement(
                        "update audit_record set target = 'operator:nobody' where tenant_id = ? and leaf_index = 3")) {
            edit.setObject(1, UUID.fromString(tenant.id()));
            edit.executeUpdate();
        }
        Run tampered = run("audit", "verify", "--tenant", tenant.slug());

        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("intact: 5 records, 3 checkpoints verified");
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.out()).contains("TAMPERED at record 3 (edited)");
    }

    @Test
    void breakGlassIssuesARecordedAdministratorTokenThroughTheDatabase() throws Exception {
        Path token = temp.resolve("recovered");

        Run recovery = run("token", "break-glass", "--out", token.toString());

        assertThat(recovery.exitCode()).as(recovery.err()).isZero();
        String secret = Files.readString(token).strip();
        var me = api.get("/api/v1/whoami", secret);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("role")).isEqualTo("admin");
        assertThat(me.body().path("tenant").path("platform").asBoolean()).isTrue();
        long size = api.get("/api/v1/audit/checkpoints/latest", secret)
                .body()
                .path("treeSize")
                .asLong();
        var last = api.get("/api/v1/audit/records/" + (size - 1), secret).body();
        assertThat(last.path("action").asString()).isEqualTo("token.created");
        assertThat(last.path("actor").path("kind").asString()).isEqualTo("local");
    }

    @Test
    void everyCommandHasHelp() {
        List<String> missingHelp = new ArrayList<>();
        CommandLine root = PalisadeMain.commandLine();
        collect(root, missingHelp);

        assertThat(missingHelp).isEmpty();
        assertThat(run("--help").out()).contains("serve", "demo", "audit", "tenant", "token", "version");
    }

    private static void collect(CommandLine command, List<String> missingHelp) {
        if (!command.getCommandName().equals("help")
                && command.getCommandSpec().optionsMap().get("--help") == null
                && command.getSubcommands().isEmpty()) {
            missingHelp.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, missingHelp));
    }

    private Path write(String token) throws Exception {
        Path file = temp.resolve("token-" + UUID.randomUUID());
        Files.writeString(file, token);
        return file;
    }

    @Test
    void manufacturerManifestRecallAndProvisioningCommandsWorkThroughTheApi() throws Exception {
        TestTenant tenant = newTenant();
        Path token = write(tenant.adminToken());
        var factory = new Manufacturing(temp.resolve("factory"), "acme");
        Path signer = Files.writeString(temp.resolve("signer.pem"), factory.signerPem());
        Path ca = Files.writeString(temp.resolve("ca.pem"), factory.caPem());
        Path manifest = Files.writeString(
                temp.resolve("manifest.cms"),
                factory.sign(Manufacturing.manifest(List.of(Map.of(
                        "deviceId", "meter-1",
                        "serial", "SN-1",
                        "endorsementKeySha256", "ab".repeat(32),
                        "model", "m1",
                        "hardwareRevision", "b")))));

        Run register = runAs(
                token,
                "manufacturer",
                "register",
                "acme",
                "--signing-key",
                signer.toString(),
                "--bootstrap-ca",
                ca.toString());
        Run imported = runAs(token, "manufacturer", "import-manifest", "acme", "--file", manifest.toString());
        Run again = runAs(token, "manufacturer", "import-manifest", "acme", "--file", manifest.toString());
        Run recall = runAs(token, "recall", "add", "--serial", "SN-1", "--reason", "batch flaw");
        Run recalls = runAs(token, "recall", "list");
        Run policy = runAs(token, "provisioning", "set", "--firmware-floor", "1.4.0", "--model-floor", "gw=2.0");
        Run manufacturers = runAs(token, "manufacturer", "list");

        assertThat(register.exitCode()).as(register.err()).isZero();
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("acme").contains("1");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("provisioning.manifest.duplicate-entry");
        assertThat(recall.out()).contains("recalled serial SN-1");
        assertThat(recalls.out()).contains("SN-1").contains("batch flaw");
        assertThat(policy.exitCode()).as(policy.err()).isZero();
        assertThat(policy.out()).contains("1.4.0").contains("gw");
        assertThat(manufacturers.out()).contains("acme");
    }

    private Run runAs(Path tokenFile, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--token-file", tokenFile.toString()));
        return run(all.toArray(String[]::new));
    }

    /** Runs the CLI in-process against this test's server and data directory. */
    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean talksToApi = !all.contains("--help") && !all.getFirst().equals("audit") && !all.contains("break-glass");
        all.addAll(List.of("--data-dir", DATA_DIR.toString()));
        if (talksToApi) {
            all.addAll(List.of("--server", "https://localhost:" + port));
        }
        if (all.contains("--help")) {
            all.removeAll(List.of("--data-dir", DATA_DIR.toString()));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine command = PalisadeMain.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {}
}
