package dev.palisade.policy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small builders for documents in tests: statements as JSON text, compiled for a subject. */
final class Policies {

    static final PolicySubject METER = PolicySubject.of("meter-0042", "acme");

    private Policies() {}

    /** A statement allowing {@code actions} (comma-separated) on {@code resources}. */
    static String allow(String actions, String... resources) {
        return statement("Allow", actions, resources);
    }

    static String deny(String actions, String... resources) {
        return statement("Deny", actions, resources);
    }

    static String document(String... statements) {
        return "{\"statements\": [" + String.join(", ", statements) + "]}";
    }

    /** One document of {@code statements}, compiled for {@code subject}. */
    static CompiledPolicy compile(PolicySubject subject, String... statements) {
        return PolicyCompiler.compile(List.of(PolicyDocument.parse(document(statements))), subject);
    }

    static CompiledPolicy compile(String... statements) {
        return compile(METER, statements);
    }

    static String statement(String effect, String actions, String... resources) {
        return "{\"effect\": \"" + effect + "\", \"actions\": " + strings(actions.split(",")) + ", \"resources\": "
                + strings(resources) + "}";
    }

    private static String strings(String[] values) {
        return Arrays.stream(values)
                .map(value -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
