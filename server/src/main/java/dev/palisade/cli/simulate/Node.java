package dev.palisade.cli.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.core.JsonToken;

/**
 * A value of a scenario file with where it stands (its path, line and column), so that every error can name the
 * place: Jackson's own trees forget positions once read.
 */
sealed interface Node {

    String path();

    int line();

    int column();

    /** What a person would call this kind of value, for messages. */
    String kindName();

    /** A scalar as written ({@code 5s}, {@code 16}, {@code true}), with the token type YAML gave it. */
    record Scalar(String path, int line, int column, String text, JsonToken token) implements Node {
        @Override
        public String kindName() {
            return switch (token) {
                case VALUE_NULL -> "nothing";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text;
                case VALUE_TRUE, VALUE_FALSE -> text;
                default -> "'" + text + "'";
            };
        }
    }

    record Sequence(String path, int line, int column, List<Node> items) implements Node {
        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** Members in the order written; keys are unique (a repeated key is refused while reading). */
    record Mapping(String path, int line, int column, LinkedHashMap<String, Member> members) implements Node {
        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    /** A mapping's member: where its key is written, and its value. */
    record Member(int line, int column, Node value) {}
}
