package dev.palisade.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade manufacturer …}: manufacturers, their bootstrap CAs and their signed manifests. */
@Command(
        name = "manufacturer",
        description = "Register manufacturers and import their signed manifests (see docs/provisioning.md).",
        mixinStandardHelpOptions = true,
        subcommands = {
            ManufacturerCommand.Register.class,
            ManufacturerCommand.ListManufacturers.class,
            ManufacturerCommand.ImportManifest.class
        })
final class ManufacturerCommand {

    private static final Map<String, String> MANUFACTURER =
            Output.columns("Name", "name", "Id", "id", "Created", "createdAt");
    private static final Map<String, String> MANIFEST = Output.columns(
            "Manifest", "id", "Manufacturer", "manufacturer", "Entries", "entries", "SHA-256", "contentSha256");

    @Command(
            name = "register",
            description = "Register a manufacturer: the key that signs its manifests and its bootstrap CAs.",
            mixinStandardHelpOptions = true)
    static final class Register implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @Option(
                names = "--signing-key",
                required = true,
                description = "PEM public key, or certificate, that signs the manufacturer's manifests.")
        Path signingKey = Path.of("");

        @Option(
                names = "--bootstrap-ca",
                required = true,
                description = "PEM certificate of a CA issuing its bootstrap certificates (repeatable).")
        List<Path> bootstrapCas = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> cas = new ArrayList<>();
            for (Path ca : bootstrapCas) {
                cas.add(Files.readString(ca, StandardCharsets.US_ASCII));
            }
            JsonNode registered = client.client()
                    .post(
                            "/api/v1/manufacturers",
                            Map.of(
                                    "name",
                                    name,
                                    "signingKey",
                                    Files.readString(signingKey, StandardCharsets.US_ASCII),
                                    "bootstrapCas",
                                    cas));
            new Output(spec.commandLine().getOut(), client.json).fields(registered, MANUFACTURER);
            return 0;
        }
    }

    @Command(name = "list", description = "List the tenant's manufacturers.", mixinStandardHelpOptions = true)
    static final class ListManufacturers implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode listed = client.client().get("/api/v1/manufacturers");
            new Output(spec.commandLine().getOut(), client.json)
                    .table(PolicyCommand.items(listed.path("manufacturers")), MANUFACTURER);
            return 0;
        }
    }

    @Command(
            name = "import-manifest",
            description = "Import a manifest the manufacturer signed (openssl cms -sign -nodetach; PEM or DER).",
            mixinStandardHelpOptions = true)
    static final class ImportManifest implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "MANUFACTURER")
        String manufacturer = "";

        @Option(names = "--file", required = true, description = "The signed manifest.")
        Path file = Path.of("");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String signed = text.strip().startsWith("-----BEGIN")
                    ? text
                    : Base64.getEncoder().encodeToString(bytes);
            JsonNode imported = client.client()
                    .post("/api/v1/manufacturers/" + manufacturer + "/manifests", Map.of("signedManifest", signed));
            new Output(spec.commandLine().getOut(), client.json).fields(imported, MANIFEST);
            return 0;
        }
    }
}
