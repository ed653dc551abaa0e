package dev.palisade.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade provisioning claim …}: claims on devices that no manifest lists, made with the claim code on the
 * device's label (docs/provisioning.md, "Claiming").
 */
@Command(
        name = "claim",
        description = "Claim a device no manifest lists with the code on its label; list and cancel claims.",
        mixinStandardHelpOptions = true,
        subcommands = {ClaimCommand.Create.class, ClaimCommand.ListClaims.class, ClaimCommand.Cancel.class})
final class ClaimCommand {

    private static final Map<String, String> CLAIM = Output.columns(
            "Id",
            "id",
            "Manufacturer",
            "manufacturer",
            "Serial",
            "serial",
            "Device",
            "deviceId",
            "State",
            "state",
            "Wrong codes",
            "failedAttempts",
            "Expires",
            "expiresAt");

    /** The claim code, exactly one way: on the command line, or (kept out of shell history) in a file. */
    static final class Code {
        @Option(
                names = "--code",
                paramLabel = "CODE",
                description = "The claim code printed on the device (spaces and hyphens between groups are ignored).")
        @Nullable
        String code;

        @Option(names = "--code-file", paramLabel = "FILE", description = "A file holding the claim code.")
        @Nullable
        Path file;

        String read() throws java.io.IOException {
            return file != null ? Files.readString(file, StandardCharsets.UTF_8).strip() : String.valueOf(code);
        }
    }

    @Command(
            name = "create",
            description = "Claim a device: it may register once it proves it holds the code.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--manufacturer", required = true, description = "The manufacturer, as registered.")
        String manufacturer = "";

        @Option(
                names = "--serial",
                required = true,
                description = "The device as its bootstrap certificate names it (subject serialNumber, else CN).")
        String serial = "";

        @Option(names = "--device", paramLabel = "DEVICE_ID", description = "The id it registers as (default: SERIAL).")
        @Nullable
        String device;

        @Option(names = "--model", description = "The device's model, if known.")
        @Nullable
        String model;

        @ArgGroup(multiplicity = "1")
        Code code = new Code();

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                description = "How long the claim stays open, ISO-8601 (PT5M to P30D; default PT24H).")
        @Nullable
        String expiresIn;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new HashMap<>();
            body.put("manufacturer", manufacturer);
            body.put("serial", serial);
            body.put("code", code.read());
            if (device != null) {
                body.put("deviceId", device);
            }
            if (model != null) {
                body.put("model", model);
            }
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn);
            }
            JsonNode claim = client.client().post("/api/v1/provisioning/claims", body);
            new Output(spec.commandLine().getOut(), client.json).fields(claim, CLAIM);
            return 0;
        }
    }

    @Command(name = "list", description = "List claims, newest first.", mixinStandardHelpOptions = true)
    static final class ListClaims implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        Listing listing;

        @Option(
                names = "--state",
                description = "Only claims in this state: open, proven, used, expired, cancelled or locked.")
        @Nullable
        String state;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var filters = new HashMap<String, @Nullable String>();
            filters.put("state", state);
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get(listing.path("/api/v1/provisioning/claims", filters)), CLAIM);
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a claim that is open or proven.", mixinStandardHelpOptions = true)
    static final class Cancel implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "CLAIM_ID")
        String id = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode claim = client.client().delete("/api/v1/provisioning/claims/" + id);
            new Output(spec.commandLine().getOut(), client.json).fields(claim, CLAIM);
            return 0;
        }
    }
}
