package dev.palisade.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code palisade ota rollout …}: rollouts of a published release, ring by ring (see docs/ota.md, Rollouts). */
@Command(
        name = "rollout",
        description = "Roll a published release out ring by ring; approve, pause, resume or abort it.",
        mixinStandardHelpOptions = true,
        subcommands = {
            OtaRolloutCommand.Create.class,
            OtaRolloutCommand.ListRollouts.class,
            OtaRolloutCommand.Show.class,
            OtaRolloutCommand.Approve.class,
            OtaRolloutCommand.Pause.class,
            OtaRolloutCommand.Resume.class,
            OtaRolloutCommand.Abort.class
        })
final class OtaRolloutCommand {

    private static final Map<String, String> ROLLOUT = Output.columns(
            "Rollout",
            "id",
            "Release",
            "releaseId",
            "Group",
            "group",
            "State",
            "state",
            "Ring",
            "currentRing",
            "On breach",
            "onBreach",
            "Reason",
            "reason");
    private static final Map<String, String> RING = Output.columns(
            "Ring",
            "ring",
            "Percent",
            "percent",
            "Devices",
            "devices",
            "Started",
            "startedAt",
            "Settled",
            "settledAt",
            "Bytes served",
            "bytesServed",
            "States",
            "states");

    @Command(
            name = "create",
            description = "Start a rollout of a published release to the matching devices of a group.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "RELEASE", description = "The published release's id.")
        String release = "";

        @Option(names = "--group", description = "Target the active devices of this group.")
        @Nullable
        String group;

        @Option(
                names = "--attribute",
                paramLabel = "KEY=VALUE",
                description = "Target only devices carrying this attribute value; repeatable.")
        Map<String, String> attributes = new TreeMap<>();

        @Option(
                names = "--rings",
                description = "Cumulative percentages such as 1,10,50,100, or exponential (the default).")
        @Nullable
        String rings;

        @Option(names = "--bake-time", description = "ISO-8601 duration a settled ring bakes (default PT1H).")
        @Nullable
        String bakeTime;

        @Option(names = "--approval-between-rings", description = "Wait for a second operator between rings.")
        boolean approvalBetweenRings;

        @Option(
                names = "--window",
                paramLabel = "HH:MM-HH:MM",
                description = "Daily maintenance window in each device's time zone, such as 02:00-05:00.")
        @Nullable
        String window;

        @Option(names = "--max-failure-ratio", description = "Failures per ring above which it breaches (default 0).")
        @Nullable
        Double maxFailureRatio;

        @Option(names = "--install-timeout", description = "ISO-8601 duration from the offer to trial (default PT2H).")
        @Nullable
        String installTimeout;

        @Option(
                names = "--mark-good-deadline",
                description = "ISO-8601 duration from the offer to good (default PT4H).")
        @Nullable
        String markGoodDeadline;

        @Option(names = "--on-breach", description = "pause, abort or rollback (the default).")
        @Nullable
        String onBreach;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("releaseId", release);
            putIfSet(body, "group", group);
            body.put("attributes", attributes);
            if (rings != null) {
                body.put("rings", ringsOf(rings));
            }
            putIfSet(body, "bakeTime", bakeTime);
            body.put("approvalBetweenRings", approvalBetweenRings);
            if (window != null) {
                body.put("window", windowOf(window));
            }
            putIfSet(body, "maxFailureRatio", maxFailureRatio);
            putIfSet(body, "installTimeout", installTimeout);
            putIfSet(body, "markGoodDeadline", markGoodDeadline);
            putIfSet(body, "onBreach", onBreach);
            print(spec, client, client.client().post("/api/v1/ota/rollouts", body));
            return 0;
        }

        /** "exponential" as it is; "1,10,100" as numbers; anything else as typed, for the server to refuse. */
        private Object ringsOf(String text) {
            if (text.equals("exponential")) {
                return text;
            }
            List<Object> percents = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    percents.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    percents.add(part.strip());
                }
            }
            return percents;
        }

        private Map<String, String> windowOf(String text) {
            int dash = text.indexOf('-');
            if (dash < 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--window is a start and an end, such as 02:00-05:00");
            }
            return Map.of(
                    "start",
                    text.substring(0, dash).strip(),
                    "end",
                    text.substring(dash + 1).strip());
        }

        private static void putIfSet(Map<String, Object> body, String key, @Nullable Object value) {
            if (value != null) {
                body.put(key, value);
            }
        }
    }

    @Command(name = "list", description = "List rollouts, oldest first.", mixinStandardHelpOptions = true)
    static final class ListRollouts implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get("/api/v1/ota/rollouts?limit=500"), ROLLOUT);
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "Show a rollout with its rings' devices by state.",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ROLLOUT")
        String rollout = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            print(spec, client, client.client().get(path(rollout, "")));
            return 0;
        }
    }

    /** An operator's transition of one rollout: {@code POST /api/v1/ota/rollouts/<id>/<action>}. */
    abstract static class Transition implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ROLLOUT")
        String rollout = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final String action;

        Transition(String action) {
            this.action = action;
        }

        @Override
        public Integer call() throws Exception {
            print(spec, client, client.client().post(path(rollout, "/" + action), Map.of()));
            return 0;
        }
    }

    @Command(
            name = "approve",
            description = "Let a rollout waiting between rings start the next one (not by its creator).",
            mixinStandardHelpOptions = true)
    static final class Approve extends Transition {
        Approve() {
            super("approve");
        }
    }

    @Command(name = "pause", description = "Stop offering the update.", mixinStandardHelpOptions = true)
    static final class Pause extends Transition {
        Pause() {
            super("pause");
        }
    }

    @Command(
            name = "resume",
            description = "Carry on; the current ring's failures so far are accepted.",
            mixinStandardHelpOptions = true)
    static final class Resume extends Transition {
        Resume() {
            super("resume");
        }
    }

    @Command(
            name = "abort",
            description = "Stop the rollout for good; devices not yet offered the update are cancelled.",
            mixinStandardHelpOptions = true)
    static final class Abort extends Transition {
        Abort() {
            super("abort");
        }
    }

    private static String path(String rollout, String action) {
        return "/api/v1/ota/rollouts/" + URLEncoder.encode(rollout, StandardCharsets.UTF_8) + action;
    }

    /** The rollout's fields, then one row per ring with its devices by state ({@code good=3 pending=7}). */
    private static void print(CommandLine.Model.CommandSpec spec, ClientOptions client, JsonNode rollout) {
        var output = new Output(spec.commandLine().getOut(), client.json);
        output.fields(rollout, ROLLOUT);
        if (client.json) {
            return;
        }
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode page = mapper.createObjectNode();
        ArrayNode items = page.putArray("items");
        for (JsonNode ring : rollout.path("rings")) {
            ObjectNode row = items.addObject();
            row.setAll((ObjectNode) ring);
            List<String> states = new ArrayList<>();
            ring.path("counts").properties().forEach(count -> states.add(count.getKey() + "=" + count.getValue()));
            row.put("states", String.join(" ", states));
        }
        spec.commandLine().getOut().println();
        output.table(page, RING);
    }
}
