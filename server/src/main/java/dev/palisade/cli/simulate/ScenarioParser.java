package dev.palisade.cli.simulate;

import dev.palisade.agent.sim.TelemetryProfile;
import dev.palisade.cli.simulate.Node.Mapping;
import dev.palisade.cli.simulate.Node.Member;
import dev.palisade.cli.simulate.Node.Scalar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;

/**
 * Reads a scenario file (YAML; JSON is YAML too) and checks all of it before anything runs: types, ranges, names,
 * unknown or repeated fields, expectations a step cannot have, groups that do not exist, steps that need devices
 * before any enrolled. A refusal is a {@link ScenarioException} naming the line and the field. The format is described
 * in docs/agent.md.
 */
public final class ScenarioParser {

    public static final int MAX_DEVICES = 50_000;
    static final int MAX_GROUPS = 20;
    static final int MAX_STEPS = 100;
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final String NAME_RULE =
            "lower-case letters, digits and '-', at most 32, not starting or ending in '-'";
    private static final Pattern LABEL = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,127}");
    private static final String LABEL_RULE = "printable ASCII, at most 128 characters";
    private static final Pattern REASON = Pattern.compile("[a-z]+(?:-[a-z]+)*");

    /** What each kind of step takes besides {@code step}, {@code at} and {@code expect}, and what it can expect. */
    private record Kind(Set<String> fields, Map<String, ExpectType> expectations) {}

    private enum ExpectType {
        COUNT,
        RATE,
        MAX_RATE
    }

    private static final Map<String, Kind> KINDS = kinds();

    private final String source;

    private ScenarioParser(String source) {
        this.source = source;
    }

    /** Reads the scenario in {@code file}. */
    public static Scenario read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ScenarioException(name, 1, 1, "", "larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioException(name, 1, 1, "", "not UTF-8 text");
        }
        return parse(name, text);
    }

    /** Reads the scenario in {@code text}; {@code source} names it in messages. */
    public static Scenario parse(String source, String text) {
        return new ScenarioParser(source).scenario(NodeReader.read(source, text));
    }

    private Scenario scenario(Node root) {
        var document = new Fields(source, root, "a scenario", Set.of("name", "description", "fleet", "timeline"));
        String name = document.name("name", NAME, NAME_RULE);
        String description = document.text("description", "");
        List<DeviceGroup> fleet = new ArrayList<>();
        Map<String, Node> groupNodes = new HashMap<>();
        for (Node item : document.sequence("fleet", 1, MAX_GROUPS).items()) {
            DeviceGroup group = group(item);
            Node nameNode = new Fields(source, item, "a device group", GROUP_FIELDS).required("group");
            if (groupNodes.putIfAbsent(group.name(), nameNode) != null) {
                throw Fields.fail(source, nameNode, "group '" + group.name() + "' is named twice");
            }
            fleet.add(group);
        }
        int total = fleet.stream().mapToInt(DeviceGroup::count).sum();
        if (total > MAX_DEVICES) {
            throw Fields.fail(
                    source,
                    document.required("fleet"),
                    String.format(Locale.ROOT, "%,d devices in all; at most %,d", total, MAX_DEVICES));
        }
        Map<String, Integer> sizes = new HashMap<>();
        fleet.forEach(group -> sizes.put(group.name(), group.count()));
        List<Step> timeline = new ArrayList<>();
        for (Node item : document.sequence("timeline", 1, MAX_STEPS).items()) {
            timeline.add(step(item, sizes));
        }
        checkOrder(document, timeline, sizes.keySet());
        return new Scenario(name, description, fleet, timeline);
    }

    private static final Set<String> GROUP_FIELDS =
            Set.of("group", "model", "hardware-revision", "firmware", "count", "telemetry");

    private DeviceGroup group(Node node) {
        var fields = new Fields(source, node, "a device group", GROUP_FIELDS);
        String name = fields.name("group", NAME, NAME_RULE);
        String model = fields.name("model", LABEL, LABEL_RULE);
        String hardwareRevision = fields.get("hardware-revision")
                .map(value -> fields.name(value, LABEL, LABEL_RULE))
                .orElse("rev-a");
        String firmware = fields.name("firmware", LABEL, LABEL_RULE);
        fields.required("count");
        int count = fields.integer("count", 0, 1, MAX_DEVICES);
        TelemetryProfile telemetry =
                fields.get("telemetry").map(this::telemetry).orElseGet(() -> defaultTelemetry());
        return new DeviceGroup(name, model, hardwareRevision, firmware, count, telemetry);
    }

    static TelemetryProfile defaultTelemetry() {
        return new TelemetryProfile(Duration.ofSeconds(1), 64, Duration.ZERO);
    }

    private TelemetryProfile telemetry(Node node) {
        var fields = new Fields(source, node, "a telemetry profile", Set.of("interval", "payload-bytes", "jitter"));
        TelemetryProfile defaults = defaultTelemetry();
        Duration interval = fields.optionalDuration("interval", TelemetryProfile.MIN_INTERVAL)
                .orElse(defaults.interval());
        int payload = fields.integer(
                "payload-bytes",
                defaults.payloadBytes(),
                TelemetryProfile.MIN_PAYLOAD_BYTES,
                TelemetryProfile.MAX_PAYLOAD_BYTES);
        Duration jitter = fields.optionalDuration("jitter", Duration.ZERO).orElse(Duration.ZERO);
        if (jitter.compareTo(interval) >= 0) {
            throw fields.fail(
                    fields.required("jitter"),
                    "must be less than the interval (" + Durations.text(interval) + "), not " + Durations.text(jitter));
        }
        return new TelemetryProfile(interval, payload, jitter);
    }

    private Step step(Node node, Map<String, Integer> groups) {
        Mapping mapping = Fields.mapping(source, node, "a step");
        Member kindMember = mapping.members().get("step");
        if (kindMember == null) {
            throw new ScenarioException(
                    source,
                    mapping.line(),
                    mapping.column(),
                    mapping.path() + ".step",
                    "missing: a step names its kind (one of " + String.join(", ", KINDS.keySet()) + ")");
        }
        Node kindNode = kindMember.value();
        String kindName = kindNode instanceof Scalar scalar ? scalar.text() : "";
        Kind kind = KINDS.get(kindName);
        if (kind == null) {
            throw Fields.fail(
                    source,
                    kindNode,
                    "unknown step " + kindNode.kindName() + " (one of " + String.join(", ", KINDS.keySet()) + ")");
        }
        Set<String> allowed = new LinkedHashSet<>(List.of("step", "at", "expect"));
        allowed.addAll(kind.fields());
        var fields = new Fields(source, node, "a " + kindName + " step", allowed);
        @Nullable Duration at = fields.optionalDuration("at", Duration.ZERO).orElse(null);
        List<Expectation> expect = expectations(fields, kindName, kind);
        int line = mapping.line();
        return switch (kindName) {
            case "enrol" ->
                new Step.Enrol(at, line, group(fields, groups), fields.integer("parallel", 16, 1, 1024), expect);
            case "traffic" -> new Step.Traffic(at, line, fields.duration("duration", Duration.ofMillis(100)), expect);
            case "publish-foreign" ->
                new Step.PublishForeign(at, line, pick(fields, groups), fields.integer("messages", 1, 1, 1000), expect);
            case "subscribe-wildcard" ->
                new Step.SubscribeWildcard(at, line, pick(fields, groups), filter(fields), expect);
            case "flood" ->
                new Step.Flood(
                        at,
                        line,
                        pick(fields, groups),
                        fields.positive("rate", 100_000),
                        fields.duration("duration", Duration.ofMillis(100)),
                        expect);
            case "revoke" ->
                new Step.Revoke(
                        at,
                        line,
                        pick(fields, groups),
                        fields.get("reason")
                                .map(value -> fields.name(value, REASON, "an RFC 5280 reason such as key-compromise"))
                                .orElse("key-compromise"),
                        expect);
            case "rotate-ca" ->
                new Step.RotateCa(
                        at, line, fields.integer("parallel", 16, 1, 1024), fields.bool("retire-old", false), expect);
            case "reconnect" ->
                new Step.Reconnect(at, line, group(fields, groups), fields.integer("parallel", 64, 1, 1024), expect);
            default -> throw new IllegalStateException("a kind without a reader: " + kindName);
        };
    }

    private @Nullable String group(Fields fields, Map<String, Integer> groups) {
        Optional<Node> node = fields.get("group");
        if (node.isEmpty()) {
            return null;
        }
        String name = fields.text(node.get());
        if (!groups.containsKey(name)) {
            throw fields.fail(
                    node.get(),
                    "no group '" + name + "' in the fleet (it has " + String.join(", ", groups.keySet()) + ")");
        }
        return name;
    }

    private Step.Pick pick(Fields fields, Map<String, Integer> groups) {
        @Nullable String group = group(fields, groups);
        int available = group == null
                ? groups.values().stream().mapToInt(Integer::intValue).sum()
                : groups.getOrDefault(group, 0);
        return new Step.Pick(group, fields.integer("devices", 1, 1, available));
    }

    /** The filter; {@code #} unless told. An unquoted {@code #} is a YAML comment, which leaves the value empty. */
    private String filter(Fields fields) {
        Optional<Node> node = fields.get("filter");
        if (node.isEmpty()) {
            return "#";
        }
        if (node.get() instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_NULL) {
            throw fields.fail(
                    node.get(), "must be a topic filter; quote it (\"#\"): YAML reads an unquoted # as a comment");
        }
        return fields.text(node.get());
    }

    private List<Expectation> expectations(Fields step, String kindName, Kind kind) {
        Optional<Node> node = step.get("expect");
        if (node.isEmpty()) {
            return List.of();
        }
        var fields = new Fields(
                source,
                node.get(),
                "the expect of a " + kindName + " step",
                kind.expectations().keySet());
        List<Expectation> expectations = new ArrayList<>();
        for (Map.Entry<String, Member> member : fields.node().members().entrySet()) {
            Node value = member.getValue().value();
            Expected expected = switch (kind.expectations().get(member.getKey())) {
                case RATE -> new Expected.AtLeast(rate(fields, value));
                case MAX_RATE -> new Expected.AtMost(rate(fields, value));
                case COUNT -> count(fields, value);
                case null -> throw new IllegalStateException("Fields admits only known expectations");
            };
            expectations.add(new Expectation(member.getKey(), expected));
        }
        return expectations;
    }

    private static Expected count(Fields fields, Node value) {
        if (value instanceof Scalar scalar) {
            if (scalar.text().equals("all")) {
                return Expected.Count.ALL;
            }
            if (scalar.text().equals("none")) {
                return new Expected.Count(0L);
            }
            if (scalar.token() == JsonToken.VALUE_NUMBER_INT && !scalar.text().startsWith("-")) {
                try {
                    return new Expected.Count(Long.parseLong(scalar.text()));
                } catch (NumberFormatException tooLarge) {
                    // reported below
                }
            }
        }
        throw fields.fail(value, "must be all, none or a number of at least 0, not " + value.kindName());
    }

    private static double rate(Fields fields, Node value) {
        if (value instanceof Scalar scalar
                && (scalar.token() == JsonToken.VALUE_NUMBER_INT || scalar.token() == JsonToken.VALUE_NUMBER_FLOAT)
                && !scalar.text().startsWith("-")) {
            return Double.parseDouble(scalar.text());
        }
        throw fields.fail(value, "must be a number of messages (or connections) per second, not " + value.kindName());
    }

    /**
     * What only the whole timeline shows: a step that needs devices before any enrolled, a group enrolled twice, and
     * offsets that go back in time (steps run in the order written).
     */
    private void checkOrder(Fields document, List<Step> timeline, Set<String> groups) {
        List<Node> nodes = document.sequence("timeline", 1, MAX_STEPS).items();
        Set<String> enrolled = new LinkedHashSet<>();
        @Nullable Duration previousAt = null;
        for (int i = 0; i < timeline.size(); i++) {
            Step step = timeline.get(i);
            Node node = nodes.get(i);
            if (step instanceof Step.Enrol enrol) {
                List<String> named = enrol.group() == null
                        ? groups.stream()
                                .filter(group -> !enrolled.contains(group))
                                .toList()
                        : List.of(enrol.group());
                for (String group : named) {
                    if (!enrolled.add(group)) {
                        throw Fields.fail(source, node, "group '" + group + "' is enrolled by an earlier step already");
                    }
                }
                if (named.isEmpty()) {
                    throw Fields.fail(source, node, "every group is enrolled by an earlier step already");
                }
            } else if (enrolled.isEmpty()) {
                throw Fields.fail(source, node, "a " + step.kind() + " step needs devices: enrol some first");
            }
            if (step.at() != null) {
                if (previousAt != null && step.at().compareTo(previousAt) < 0) {
                    Member atMember = Objects.requireNonNull(
                            Fields.mapping(source, node, "a step").members().get("at"));
                    throw Fields.fail(
                            source,
                            atMember.value(),
                            "comes before the previous step's at (" + Durations.text(previousAt)
                                    + "): steps run in the order written");
                }
                previousAt = step.at();
            }
        }
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new java.util.LinkedHashMap<>();
        kinds.put(
                "enrol",
                new Kind(
                        Set.of("group", "parallel"),
                        Map.of("enrolled", ExpectType.COUNT, "connected", ExpectType.COUNT)));
        kinds.put(
                "traffic",
                new Kind(Set.of("duration"), Map.of("min-rate", ExpectType.RATE, "refused", ExpectType.COUNT)));
        kinds.put(
                "publish-foreign",
                new Kind(
                        Set.of("group", "devices", "messages"),
                        Map.of("refused", ExpectType.COUNT, "accepted", ExpectType.COUNT)));
        kinds.put(
                "subscribe-wildcard",
                new Kind(
                        Set.of("group", "devices", "filter"),
                        Map.of("refused", ExpectType.COUNT, "accepted", ExpectType.COUNT)));
        kinds.put(
                "flood",
                new Kind(
                        Set.of("group", "devices", "rate", "duration"),
                        Map.of(
                                "accepted",
                                ExpectType.COUNT,
                                "refused",
                                ExpectType.COUNT,
                                "min-rate",
                                ExpectType.RATE,
                                "max-rate",
                                ExpectType.MAX_RATE)));
        kinds.put(
                "revoke",
                new Kind(
                        Set.of("group", "devices", "reason"),
                        Map.of("closed", ExpectType.COUNT, "reconnect-refused", ExpectType.COUNT)));
        kinds.put("rotate-ca", new Kind(Set.of("parallel", "retire-old"), Map.of("renewed", ExpectType.COUNT)));
        kinds.put(
                "reconnect",
                new Kind(
                        Set.of("group", "parallel"),
                        Map.of("connected", ExpectType.COUNT, "min-rate", ExpectType.RATE)));
        return java.util.Collections.unmodifiableMap(kinds);
    }
}
