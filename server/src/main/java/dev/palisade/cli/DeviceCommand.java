package dev.palisade.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade device …}: the device registry of your tenant. */
@Command(
        name = "device",
        description = "Register and list devices.",
        mixinStandardHelpOptions = true,
        subcommands = {
            DeviceCommand.Register.class,
            DeviceCommand.ListDevices.class,
            DeviceCommand.Show.class,
            DeviceCommand.Label.class,
            DeviceCommand.Quarantine.class,
            DeviceCommand.Release.class,
            DeviceCommand.Decommission.class
        })
final class DeviceCommand {

    private static final Map<String, String> DEVICE = Output.columns(
            "Id", "id", "State", "state", "Groups", "groups", "Created", "createdAt", "Updated", "updatedAt");

    /** One device in full: with its last decommissioning, if it had one. */
    private static final Map<String, String> DETAIL = Output.columns(
            "Id", "id",
            "State", "state",
            "Groups", "groups",
            "Created", "createdAt",
            "Updated", "updatedAt",
            "Decommissioned", "decommissioning.at",
            "Decommissioned by", "decommissioning.by",
            "Why", "decommissioning.reason");

    @Command(name = "register", description = "Register a device, ready to enrol.", mixinStandardHelpOptions = true)
    static final class Register implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID", description = "Letters, digits and . _ -, at most 128 characters.")
        String id = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var device = client.client().post("/api/v1/devices", Map.of("id", id));
            new Output(spec.commandLine().getOut(), client.json).fields(device, DEVICE);
            return 0;
        }
    }

    @Command(name = "list", description = "List devices.", mixinStandardHelpOptions = true)
    static final class ListDevices implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        Listing listing;

        @Option(names = "--state", description = "Only devices in this state (provisioned, active, quarantined, …).")
        @Nullable
        String state;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var filters = new HashMap<String, @Nullable String>();
            filters.put("state", state);
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get(listing.path("/api/v1/devices", filters)), DEVICE);
            return 0;
        }
    }

    @Command(name = "show", description = "Show a device.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String id = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().get("/api/v1/devices/" + id), DETAIL);
            return 0;
        }
    }

    @Command(
            name = "label",
            description = "Set a device's groups and attributes (policies attach to groups and use attributes).",
            mixinStandardHelpOptions = true)
    static final class Label implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String id = "";

        @Option(
                names = "--group",
                description = "A group the device is in (repeat; replaces its groups). --group '' for none.")
        java.util.@Nullable List<String> groups;

        @Option(names = "--attr", description = "NAME=VALUE (repeat; replaces its attributes).")
        @Nullable
        Map<String, String> attributes;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var body = new HashMap<String, Object>();
            if (groups != null) {
                body.put(
                        "groups",
                        groups.stream().filter(group -> !group.isEmpty()).toList());
            }
            if (attributes != null) {
                body.put("attributes", attributes);
            }
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().patch("/api/v1/devices/" + id, body), DEVICE);
            return 0;
        }
    }

    /** Quarantine and release: the same request to a different action of the device. */
    abstract static class ContainmentChange implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String id = "";

        @Option(names = "--reason", description = "Recorded in the audit log.")
        @Nullable
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The action's path under the device, {@code quarantine} or {@code release}. */
        abstract String action();

        @Override
        public Integer call() throws Exception {
            var body = new HashMap<String, @Nullable String>();
            body.put("reason", reason);
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().post("/api/v1/devices/" + id + "/" + action(), body), DEVICE);
            return 0;
        }
    }

    @Command(
            name = "quarantine",
            description = "Hold a device to its remediation topics, its live session included.",
            mixinStandardHelpOptions = true)
    static final class Quarantine extends ContainmentChange {
        @Override
        String action() {
            return "quarantine";
        }
    }

    @Command(name = "release", description = "Let a quarantined device back.", mixinStandardHelpOptions = true)
    static final class Release extends ContainmentChange {
        @Override
        String action() {
            return "release";
        }
    }

    @Command(
            name = "decommission",
            description = "Retire a device for good: revoke its certificates, wipe it if it is connected, and mark it"
                    + " decommissioned. It never enrols again unless a new manifest lists it (re-manufacture).",
            mixinStandardHelpOptions = true)
    static final class Decommission implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String id = "";

        @Option(names = "--reason", description = "Why; kept on the device and in the audit log.")
        @Nullable
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var body = new HashMap<String, @Nullable String>();
            body.put("reason", reason);
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(client.client().post("/api/v1/devices/" + id + "/decommission", body), DETAIL);
            return 0;
        }
    }
}
