package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.keys.SoftHsmToken;
import dev.palisade.pki.x509.PemText;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.RootCeremony;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade-agent run} renews its certificate by itself while it runs: a device whose certificates live an hour
 * (the tenant caps them by attestation, and the device never attested) renews over EST before its certificate runs
 * out, onto the issuing CA the tenant rotated to (its chain from {@code /cacerts}), keeps the new credential in its
 * token, moves its MQTT session onto it and goes on publishing; restarted, it finds the renewed credential.
 */
class AgentRunRenewalIT extends WithServer {

    private static final String DEVICE = "meter-0001";

    @TempDir
    Path dir;

    @TempDir
    Path work;

    @Test
    void aRunningDeviceRenewsItsShortLivedCertificateOntoTheNewCaAndKeepsPublishing() throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        // a device without a recent attestation gets the shortest lifetime the PKI issues: an hour
        ApiResponse capped = api.put(
                "/api/v1/attestation/settings", tenant.adminToken(), Map.of("certificateLifetimeFromPass", "PT1H"));
        assertThat(capped.status()).as(capped.rawBody()).isEqualTo(200);
        pki.register(DEVICE);
        MqttClients.writePem(pki.issue(DEVICE, "bootstrap"), dir, "bootstrap");
        Files.writeString(
                dir.resolve("root.pem"),
                MqttClients.pem("CERTIFICATE", EstClients.root(DATA_DIR).getEncoded()));
        SoftHsmToken token = SoftHsmToken.initialise(AgentRunRenewalIT.class);
        Files.writeString(dir.resolve("pin"), token.pin());
        List<String> device = List.of(
                "--host", "localhost",
                "--est-port", String.valueOf(devicePort()),
                "--mqtt-port", String.valueOf(mqttPort()),
                "--root", dir.resolve("root.pem").toString(),
                "--id", DEVICE,
                "--label", tenant.slug(),
                "--pkcs11-library", token.library().toString(),
                "--slot", String.valueOf(token.slot()),
                "--pin-file", dir.resolve("pin").toString());
        var enrol = AgentProcess.run(arguments(
                "enrol",
                device,
                "--bootstrap-cert",
                dir.resolve("bootstrap.pem").toString(),
                "--bootstrap-key",
                dir.resolve("bootstrap.key").toString(),
                "--out",
                dir.toString()));
        assertThat(enrol.exitCode()).as(enrol.output()).isZero();
        List<X509Certificate> enrolled = devicePem();
        X509Certificate newCa = rotateCa(tenant.adminToken(), pki);

        // renew once at most 59 min 30 s of the hour is left: half a minute after the certificate was issued
        AgentProcess running = AgentProcess.start(arguments(
                "run", device, "--dir", dir.toString(), "--interval", "PT0.5S", "--renew-before", "PT59M30S"));
        String renewedLine = running.awaitLine(line -> line.startsWith("renewed: "));
        List<X509Certificate> renewed = devicePem();
        long messagesAtRenewal = messagesIn(pki);
        running.awaitLineAfter(line -> line.startsWith("renewed: "), line -> line.matches("telemetry \\d+: accepted"));
        await().atMost(Duration.ofSeconds(30)).until(() -> messagesIn(pki) > messagesAtRenewal);
        JsonNode session =
                api.get("/api/v1/devices/" + DEVICE + "/session", pki.token()).body();
        running.kill();
        var restarted = AgentProcess.run(arguments("run", device, "--dir", dir.toString(), "--count", "2"));

        X509Certificate first = enrolled.getFirst();
        X509Certificate second = renewed.getFirst();
        assertThat(Duration.between(
                        first.getNotBefore().toInstant(), first.getNotAfter().toInstant()))
                .as("short-lived, as the tenant capped it")
                .isLessThanOrEqualTo(Duration.ofMinutes(66));
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(second.getPublicKey()).as("a renewal makes a new key").isNotEqualTo(first.getPublicKey());
        assertThat(renewedLine).contains(serial(second)).contains("in place of " + serial(first));
        assertThat(pki.serials(DEVICE))
                .as("the server recorded the renewed certificate beside the first")
                .contains(serial(first), serial(second));
        assertThat(enrolled.get(1)).as("enrolled under the old CA").isNotEqualTo(newCa);
        assertThat(renewed).as("the new CA, from /cacerts, in the chain").containsExactly(second, newCa);
        second.verify(newCa.getPublicKey());
        assertThat(session.path("certificateSerial").asString())
                .as("the live session runs on the renewed certificate")
                .isEqualTo(serial(second));
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        assertThat(restarted.output())
                .as("restarted, the device finds the renewed credential in its token")
                .contains("certificate " + serial(second) + " until")
                .contains("telemetry 1: accepted");
    }

    /** The tenant introduces a new issuing CA, signed by the offline root; the old one stays trusted meanwhile. */
    private X509Certificate rotateCa(String adminToken, TenantPki pki) throws Exception {
        String newCaId = api.post("/api/v1/ca", adminToken, Map.of()).text("id");
        String csr = api.get("/api/v1/ca/" + newCaId + "/csr", adminToken).text("pem");
        ApiResponse imported = api.put(
                "/api/v1/ca/" + newCaId + "/certificate",
                adminToken,
                Map.of("certificate", new RootCeremony(DATA_DIR, work).signIntermediate(csr)));
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        return pki.activeCaCertificate();
    }

    private List<X509Certificate> devicePem() throws Exception {
        return PemText.parseCertificates(Files.readString(dir.resolve("device.pem")));
    }

    private long messagesIn(TenantPki pki) {
        return api.get("/api/v1/devices/" + DEVICE + "/mqtt-metrics", pki.token())
                .body()
                .path("messagesIn")
                .asLong();
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    private static List<String> arguments(String command, List<String> device, String... more) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(device);
        arguments.addAll(List.of(more));
        return arguments;
    }
}
