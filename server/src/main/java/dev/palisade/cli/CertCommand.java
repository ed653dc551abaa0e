package dev.palisade.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade cert …}: device certificates through the API. */
@Command(
        name = "cert",
        description = "Issue, list, renew and revoke device certificates.",
        mixinStandardHelpOptions = true,
        subcommands = {
            CertCommand.Issue.class,
            CertCommand.ListCertificates.class,
            CertCommand.Show.class,
            CertCommand.Renew.class,
            CertCommand.Revoke.class,
            CertCommand.RevokeDevice.class
        })
final class CertCommand {

    private static final Map<String, String> CERTIFICATE = Output.columns(
            "Serial", "serial",
            "CA", "issuer",
            "Device", "device",
            "Profile", "profile",
            "Expires", "notAfter",
            "Revoked", "revokedAt",
            "Reason", "revocationReason");

    @Command(
            name = "issue",
            description = "Issue a certificate to a registered device from its CSR.",
            mixinStandardHelpOptions = true)
    static final class Issue implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String device = "";

        @Option(
                names = "--csr",
                paramLabel = "FILE",
                required = true,
                description = "The device's PKCS#10 request (PEM).")
        Path csr = Path.of("device.csr");

        @Option(names = "--profile", description = "device (default) or bootstrap.")
        @Nullable
        String profile;

        @Option(
                names = "--lifetime",
                paramLabel = "DURATION",
                description = "ISO-8601 duration, for example PT12H or P30D.")
        @Nullable
        String lifetime;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate and chain (PEM) here.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new HashMap<>();
            body.put("csr", Files.readString(csr, StandardCharsets.US_ASCII));
            if (profile != null) {
                body.put("profile", profile);
            }
            if (lifetime != null) {
                body.put("lifetime", lifetime);
            }
            show(spec, client, client.client().post("/api/v1/devices/" + device + "/certificates", body), out);
            return 0;
        }
    }

    @Command(
            name = "list",
            description = "List a device's certificates, newest first.",
            mixinStandardHelpOptions = true)
    static final class ListCertificates implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        Listing listing;

        @Parameters(paramLabel = "DEVICE_ID")
        String device = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .table(
                            client.client().get(listing.path("/api/v1/devices/" + device + "/certificates")),
                            CERTIFICATE);
            return 0;
        }
    }

    @Command(name = "show", description = "Show a certificate.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "CA_ID")
        String ca = "";

        @Parameters(index = "1", paramLabel = "SERIAL")
        String serial = "";

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate and chain (PEM) here.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            show(spec, client, client.client().get("/api/v1/certificates/" + ca + "/" + serial), out);
            return 0;
        }
    }

    @Command(
            name = "renew",
            description = "Issue a device's next certificate (same profile) from a new CSR.",
            mixinStandardHelpOptions = true)
    static final class Renew implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "CA_ID")
        String ca = "";

        @Parameters(index = "1", paramLabel = "SERIAL")
        String serial = "";

        @Option(names = "--csr", paramLabel = "FILE", required = true, description = "The device's new request (PEM).")
        Path csr = Path.of("device.csr");

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate and chain (PEM) here.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var body = Map.<String, Object>of("csr", Files.readString(csr, StandardCharsets.US_ASCII));
            show(spec, client, client.client().post("/api/v1/certificates/" + ca + "/" + serial + "/renew", body), out);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a certificate.", mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "CA_ID")
        String ca = "";

        @Parameters(index = "1", paramLabel = "SERIAL")
        String serial = "";

        @Mixin
        RevocationReasonOption reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = reason.body();
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(
                            client.client().post("/api/v1/certificates/" + ca + "/" + serial + "/revoke", body),
                            CERTIFICATE);
            return 0;
        }
    }

    @Command(
            name = "revoke-device",
            description = "Revoke every certificate of a device.",
            mixinStandardHelpOptions = true)
    static final class RevokeDevice implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String device = "";

        @Mixin
        RevocationReasonOption reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = reason.body();
            JsonNode revoked = client.client().post("/api/v1/devices/" + device + "/revoke-certificates", body);
            var page = client.client().json().createObjectNode();
            page.set("items", revoked.path("revoked"));
            new Output(spec.commandLine().getOut(), client.json).table(page, CERTIFICATE);
            return 0;
        }
    }

    private static void show(
            CommandLine.Model.CommandSpec spec, ClientOptions client, JsonNode certificate, @Nullable Path out)
            throws Exception {
        new Output(spec.commandLine().getOut(), client.json).fields(certificate, CERTIFICATE);
        if (out != null) {
            String pem = certificate.path("certificate").asString("")
                    + certificate.path("chain").asString("");
            Pem.emit(spec, pem, out);
        }
    }
}
