package dev.palisade.protocol.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a JSON object whose values are all strings: all a command needs, without a JSON library on the device. */
final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code text} is not such an object, or names a field twice */
    static Map<String, String> parse(String text) {
        var parser = new FlatJson(text);
        parser.whitespace();
        Map<String, String> fields = parser.object();
        parser.whitespace();
        if (parser.at != text.length()) {
            throw new IllegalArgumentException("text after the object");
        }
        return fields;
    }

    private Map<String, String> object() {
        Map<String, String> fields = new LinkedHashMap<>();
        expect('{');
        whitespace();
        if (peek() == '}') {
            at++;
            return fields;
        }
        while (true) {
            whitespace();
            String name = string();
            whitespace();
            expect(':');
            whitespace();
            if (fields.put(name, string()) != null) {
                throw new IllegalArgumentException("field " + name + " twice");
            }
            whitespace();
            char next = next();
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected , or } at " + (at - 1));
            }
        }
    }

    private String string() {
        expect('"');
        var value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new IllegalArgumentException("short \\u escape");
                    }
                    value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + escaped);
            }
        }
    }

    private void whitespace() {
        while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
        }
    }
}
