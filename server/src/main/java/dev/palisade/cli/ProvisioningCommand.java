package dev.palisade.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code palisade provisioning …}: the registration policy of devices' first contact, and claims on devices. */
@Command(
        name = "provisioning",
        description = "Show and set the registration policy (firmware floors, attestation, the tenant's webhook);"
                + " claim devices that no manifest lists.",
        mixinStandardHelpOptions = true,
        subcommands = {ProvisioningCommand.Show.class, ProvisioningCommand.SetPolicy.class, ClaimCommand.class})
final class ProvisioningCommand {

    private static final Map<String, String> POLICY = Output.columns(
            "Firmware floor",
            "firmwareFloor",
            "Model floors",
            "modelFloors",
            "Webhook",
            "webhookUrl",
            "Attest within",
            "requireAttestationWithin",
            "Attestation assurance",
            "attestationAssurance");

    /** The model floors as one column, {@code MODEL=VERSION, ...}; JSON output keeps them an object. */
    static void print(JsonNode policy, CommandLine.Model.CommandSpec spec, boolean json) {
        var output = new Output(spec.commandLine().getOut(), json);
        if (json) {
            output.raw(policy);
            return;
        }
        var flat = policy.deepCopy();
        var floors = new java.util.ArrayList<String>();
        policy.path("modelFloors")
                .properties()
                .forEach(floor ->
                        floors.add(floor.getKey() + "=" + floor.getValue().asString()));
        ((tools.jackson.databind.node.ObjectNode) flat).put("modelFloors", String.join(", ", floors));
        output.fields(flat, POLICY);
    }

    @Command(name = "show", description = "Show the registration policy.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode policy = client.client().get("/api/v1/provisioning/policy");
            print(policy, spec, client.json);
            return 0;
        }
    }

    @Command(
            name = "set",
            description = "Replace the registration policy (what is not given is none).",
            mixinStandardHelpOptions = true)
    static final class SetPolicy implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--firmware-floor", description = "The oldest firmware that may register, e.g. 1.4.0.")
        @Nullable
        String firmwareFloor;

        @Option(names = "--model-floor", description = "A model's own floor, MODEL=VERSION (repeatable).")
        Map<String, String> modelFloors = new HashMap<>();

        @Option(names = "--webhook", description = "URL the decision input is POSTed to; 2xx in time allows.")
        @Nullable
        String webhook;

        @Option(
                names = "--require-attestation-within",
                description = "A device registers only after passing attestation this recently (ISO-8601, e.g. PT15M).")
        @Nullable
        String attestationWithin;

        @Option(
                names = "--attestation-assurance",
                description = "The least assurance of that verdict: tpm-quote (default) or signed-boot-log.")
        @Nullable
        String attestationAssurance;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new HashMap<>();
            if (attestationWithin != null) {
                body.put("requireAttestationWithin", attestationWithin);
            }
            if (attestationAssurance != null) {
                body.put("attestationAssurance", attestationAssurance);
            }
            if (firmwareFloor != null) {
                body.put("firmwareFloor", firmwareFloor);
            }
            body.put("modelFloors", modelFloors);
            if (webhook != null) {
                body.put("webhookUrl", webhook);
            }
            JsonNode policy = client.client().put("/api/v1/provisioning/policy", body);
            print(policy, spec, client.json);
            return 0;
        }
    }
}
