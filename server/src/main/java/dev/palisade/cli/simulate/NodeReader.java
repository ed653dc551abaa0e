package dev.palisade.cli.simulate;

import dev.palisade.cli.simulate.Node.Mapping;
import dev.palisade.cli.simulate.Node.Member;
import dev.palisade.cli.simulate.Node.Scalar;
import dev.palisade.cli.simulate.Node.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads YAML (and so JSON, which YAML includes) into {@link Node}s that remember where each value stands. Refuses what
 * is not well-formed and a key repeated in a mapping, which YAML parsers otherwise resolve silently (the last wins).
 */
final class NodeReader {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final String source;

    private NodeReader(String source) {
        this.source = source;
    }

    /** The document in {@code text}; {@code source} names it in messages (the file's name). */
    static Node read(String source, String text) {
        var reader = new NodeReader(source);
        try (JsonParser parser = YAML.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() == null) {
                throw new ScenarioException(source, 1, 1, "", "the file holds no scenario");
            }
            Node root = reader.value(parser, "");
            if (parser.nextToken() != null) {
                TokenStreamLocation at = parser.currentTokenLocation();
                throw new ScenarioException(
                        source,
                        at.getLineNr(),
                        at.getColumnNr(),
                        "",
                        "more than one document: a file holds one scenario");
            }
            return root;
        } catch (StreamReadException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw new ScenarioException(source, line, column, "", "not valid YAML: " + essence(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new ScenarioException(source, 1, 1, "", "not valid YAML: " + essence(e.getOriginalMessage()));
        }
    }

    private Node value(JsonParser parser, String path) {
        TokenStreamLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            var members = new LinkedHashMap<String, Member>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                TokenStreamLocation keyAt = parser.currentTokenLocation();
                String memberPath = path.isEmpty() ? key : path + "." + key;
                if (members.containsKey(key)) {
                    throw new ScenarioException(
                            source,
                            keyAt.getLineNr(),
                            keyAt.getColumnNr(),
                            memberPath,
                            "written twice (first at line " + members.get(key).line() + ")");
                }
                parser.nextToken();
                members.put(key, new Member(keyAt.getLineNr(), keyAt.getColumnNr(), value(parser, memberPath)));
            }
            return new Mapping(path, line, column, members);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(parser, path + "[" + items.size() + "]"));
            }
            return new Sequence(path, line, column, items);
        }
        String text = token == JsonToken.VALUE_NULL ? "" : parser.getString();
        return new Scalar(path, line, column, text, token);
    }

    /**
     * The parser's message without the lines that quote the text and point at a column (the location is given
     * already): "while parsing a flow mapping; expected ',' or '}', but got <stream end>".
     */
    private static String essence(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(java.util.stream.Collectors.joining("; "));
    }
}
