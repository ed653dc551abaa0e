package dev.palisade.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prints API responses: as aligned tables and field lists for people, as JSON with {@code --json}. */
final class Output {

    private final PrintWriter out;
    private final boolean json;
    private final JsonMapper mapper = JsonMapper.builder().build();

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Prints the {@code items} of a page, one row each, with the named fields as columns. */
    void table(JsonNode page, Map<String, String> columns) {
        if (json) {
            raw(page);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.copyOf(columns.keySet()));
        for (JsonNode item : page.path("items")) {
            rows.add(columns.values().stream().map(path -> text(item, path)).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        if (!page.path("nextCursor").isNull() && !page.path("nextCursor").isMissingNode()) {
            out.println("(more: --cursor " + page.path("nextCursor").asString() + ")");
        }
        out.flush();
    }

    /** Prints one object's fields, one per line. */
    void fields(JsonNode object, Map<String, String> fields) {
        if (json) {
            raw(object);
            return;
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach(
                (label, path) -> out.printf(Locale.ROOT, "%-" + (width + 2) + "s%s%n", label, text(object, path)));
        out.flush();
    }

    void raw(JsonNode node) {
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        out.flush();
    }

    static Map<String, String> columns(String... labelsAndPaths) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelsAndPaths.length; i += 2) {
            columns.put(labelsAndPaths[i], labelsAndPaths[i + 1]);
        }
        return columns;
    }

    private static String text(JsonNode node, String path) {
        JsonNode value = node;
        for (String part : path.split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isArray()) {
            var items = new ArrayList<String>();
            // an object in a list reads as its values joined, e.g. {"kind": "group", "name": "meters"} as group:meters
            value.forEach(item -> items.add(
                    item.isObject()
                            ? String.join(
                                    ":",
                                    item.valueStream().map(JsonNode::asString).toList())
                            : item.asString()));
            return String.join(", ", items);
        }
        return value.asString();
    }
}
