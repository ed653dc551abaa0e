package dev.palisade.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade ca …}: the offline-root ceremony, and the tenant's issuing CAs through the API. */
@Command(
        name = "ca",
        description = "Certificate authorities: the offline-root ceremony and the tenant's issuing CAs.",
        mixinStandardHelpOptions = true,
        subcommands = {
            CeremonyCommands.InitRoot.class,
            CeremonyCommands.SignIntermediate.class,
            CaCommand.ListCas.class,
            CaCommand.Root.class,
            CaCommand.Csr.class,
            CaCommand.Introduce.class,
            CaCommand.Import.class,
            CaCommand.Retire.class,
            CaCommand.Revoke.class
        })
final class CaCommand {

    private static final Map<String, String> CA = Output.columns(
            "Id", "id", "Generation", "generation", "Status", "status", "Key", "keyAlgorithm", "Expires", "notAfter");

    @Command(name = "list", description = "List your tenant's CAs.", mixinStandardHelpOptions = true)
    static final class ListCas implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode list = client.client().get("/api/v1/ca");
            var page = client.client().json().createObjectNode();
            page.set("items", list);
            new Output(spec.commandLine().getOut(), client.json).table(page, CA);
            return 0;
        }
    }

    @Command(
            name = "root",
            description = "Print (or save) the offline root's certificate.",
            mixinStandardHelpOptions = true)
    static final class Root implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM here.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Pem.emit(spec, client.client().get("/api/v1/ca/root").path("pem").asString(), out);
            return 0;
        }
    }

    @Command(
            name = "csr",
            description = "Print (or save) a pending CA's request, for the offline root to sign.",
            mixinStandardHelpOptions = true)
    static final class Csr implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "CA_ID")
        String id = "";

        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM here.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Pem.emit(
                    spec,
                    client.client().get("/api/v1/ca/" + id + "/csr").path("pem").asString(),
                    out);
            return 0;
        }
    }

    @Command(
            name = "introduce",
            description = "Start a new CA (key and request) for a rotation.",
            mixinStandardHelpOptions = true)
    static final class Introduce implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().post("/api/v1/ca", Map.of()), CA);
            return 0;
        }
    }

    @Command(
            name = "import",
            description = "Import the root-signed certificate of a pending CA; it becomes active.",
            mixinStandardHelpOptions = true)
    static final class Import implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "CA_ID")
        String id = "";

        @Option(names = "--certificate", paramLabel = "FILE", required = true, description = "The certificate (PEM).")
        Path certificate = Path.of("issuing.pem");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String pem = Files.readString(certificate, StandardCharsets.US_ASCII);
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().put("/api/v1/ca/" + id + "/certificate", Map.of("certificate", pem)), CA);
            return 0;
        }
    }

    @Command(name = "retire", description = "Stop trusting a retiring CA.", mixinStandardHelpOptions = true)
    static final class Retire implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "CA_ID")
        String id = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().post("/api/v1/ca/" + id + "/retire", Map.of()), CA);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a CA and everything it issued.", mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "CA_ID")
        String id = "";

        @Mixin
        RevocationReasonOption reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = reason.body();
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().post("/api/v1/ca/" + id + "/revoke", body), CA);
            return 0;
        }
    }
}
