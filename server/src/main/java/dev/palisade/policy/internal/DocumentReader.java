package dev.palisade.policy.internal;

import static dev.palisade.policy.PolicyDocumentError.DESCRIPTION_TOO_LONG;
import static dev.palisade.policy.PolicyDocumentError.DUPLICATE_ACTION;
import static dev.palisade.policy.PolicyDocumentError.DUPLICATE_FIELD;
import static dev.palisade.policy.PolicyDocumentError.DUPLICATE_RESOURCE;
import static dev.palisade.policy.PolicyDocumentError.EMPTY;
import static dev.palisade.policy.PolicyDocumentError.LIMIT_OUT_OF_RANGE;
import static dev.palisade.policy.PolicyDocumentError.MALFORMED_JSON;
import static dev.palisade.policy.PolicyDocumentError.MISSING_FIELD;
import static dev.palisade.policy.PolicyDocumentError.MIXED_RESOURCE_KINDS;
import static dev.palisade.policy.PolicyDocumentError.NO_ACTIONS;
import static dev.palisade.policy.PolicyDocumentError.NO_RESOURCES;
import static dev.palisade.policy.PolicyDocumentError.NO_STATEMENTS;
import static dev.palisade.policy.PolicyDocumentError.TOO_LARGE;
import static dev.palisade.policy.PolicyDocumentError.TOO_MANY_RESOURCES;
import static dev.palisade.policy.PolicyDocumentError.TOO_MANY_STATEMENTS;
import static dev.palisade.policy.PolicyDocumentError.UNKNOWN_ACTION;
import static dev.palisade.policy.PolicyDocumentError.UNKNOWN_EFFECT;
import static dev.palisade.policy.PolicyDocumentError.UNKNOWN_FIELD;
import static dev.palisade.policy.PolicyDocumentError.WRONG_TYPE;

import dev.palisade.policy.Action;
import dev.palisade.policy.Effect;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyDocumentError;
import dev.palisade.policy.PolicyDocumentException;
import dev.palisade.policy.PolicyLimits;
import dev.palisade.policy.PolicyStatement;
import dev.palisade.policy.PublishLimit;
import dev.palisade.policy.ResourceKind;
import dev.palisade.policy.ResourcePattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a policy document from JSON token by token, so that every refusal names where it happened: the JSON pointer
 * of the offending value and its line and column. Strict: members are known, required, and appear once.
 */
public final class DocumentReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final List<String> DOCUMENT_MEMBERS = List.of("statements", "description", "publishLimit");
    private static final List<String> LIMIT_MEMBERS = List.of("messagesPerSecond", "burst", "bytesPerSecond");
    private static final List<String> STATEMENT_MEMBERS = List.of("effect", "actions", "resources", "description");

    private final JsonParser parser;

    private DocumentReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The document in {@code json}; see {@link PolicyDocument#parse}. */
    public static PolicyDocument read(String json) {
        if (json.isBlank()) {
            throw PolicyDocumentException.of(EMPTY, "the document is empty");
        }
        if (!Utf8.fitsIn(json, 0, PolicyLimits.MAX_DOCUMENT_BYTES)) {
            throw PolicyDocumentException.of(TOO_LARGE, "a document is at most 65535 bytes of UTF-8");
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            return new DocumentReader(parser).document();
        } catch (PolicyDocumentException e) {
            throw e;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            String detail = "not well-formed JSON: " + e.getOriginalMessage();
            if (location == null) {
                throw PolicyDocumentException.of(MALFORMED_JSON, detail);
            }
            throw PolicyDocumentException.of(MALFORMED_JSON, detail)
                    .at("", location.getLineNr(), location.getColumnNr());
        }
    }

    private PolicyDocument document() {
        expect(parser.nextToken(), JsonToken.START_OBJECT, "", "a document is a JSON object");
        TokenStreamLocation start = parser.currentTokenLocation();
        List<PolicyStatement> statements = null;
        String description = null;
        PublishLimit publishLimit = null;
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String pointer = "/" + escape(name);
            member(name, pointer, seen, DOCUMENT_MEMBERS);
            switch (name) {
                case "statements" -> statements = statements(pointer);
                case "description" -> description = description(pointer);
                case "publishLimit" -> publishLimit = publishLimit(pointer);
                default -> throw new IllegalStateException("member() admits only known names");
            }
        }
        if (statements == null) {
            throw refused(MISSING_FIELD, "/statements", start, "a document has statements");
        }
        if (parser.nextToken() != null) {
            throw refused(MALFORMED_JSON, "", parser.currentTokenLocation(), "content after the document");
        }
        return new PolicyDocument(statements, description, publishLimit);
    }

    /** Checks that {@code name} is one of the {@code known} members and new, and moves to its value. */
    private void member(String name, String pointer, Set<String> seen, List<String> known) {
        TokenStreamLocation location = parser.currentTokenLocation();
        if (!known.contains(name)) {
            throw refused(
                    UNKNOWN_FIELD,
                    pointer,
                    location,
                    "unknown member '" + name + "': the members here are " + String.join(", ", known));
        }
        if (!seen.add(name)) {
            throw refused(DUPLICATE_FIELD, pointer, location, "'" + name + "' appears twice");
        }
        parser.nextToken();
    }

    private List<PolicyStatement> statements(String pointer) {
        expect(parser.currentToken(), JsonToken.START_ARRAY, pointer, "statements is an array of objects");
        var statements = new ArrayList<PolicyStatement>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = pointer + "/" + statements.size();
            if (statements.size() == PolicyLimits.MAX_STATEMENTS) {
                throw refused(
                        TOO_MANY_STATEMENTS,
                        at,
                        parser.currentTokenLocation(),
                        "a document holds at most " + PolicyLimits.MAX_STATEMENTS + " statements");
            }
            statements.add(statement(at));
        }
        if (statements.isEmpty()) {
            throw refused(NO_STATEMENTS, pointer, parser.currentTokenLocation(), "a document has a statement");
        }
        return statements;
    }

    private PolicyStatement statement(String pointer) {
        expect(parser.currentToken(), JsonToken.START_OBJECT, pointer, "a statement is a JSON object");
        TokenStreamLocation start = parser.currentTokenLocation();
        Effect effect = null;
        List<Action> actions = null;
        List<Located> resources = null;
        String description = null;
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String at = pointer + "/" + escape(name);
            member(name, at, seen, STATEMENT_MEMBERS);
            switch (name) {
                case "effect" -> effect = effect(at);
                case "actions" -> actions = actions(at);
                case "resources" -> resources = resources(at);
                case "description" -> description = description(at);
                default -> throw new IllegalStateException("member() admits only known names");
            }
        }
        if (effect == null) {
            throw refused(MISSING_FIELD, pointer + "/effect", start, "a statement has an effect: Allow or Deny");
        }
        if (actions == null) {
            throw refused(MISSING_FIELD, pointer + "/actions", start, "a statement has actions");
        }
        if (resources == null) {
            throw refused(MISSING_FIELD, pointer + "/resources", start, "a statement has resources");
        }
        return new PolicyStatement(
                effect, actions, patterns(resources, actions.getFirst().resourceKind()), description);
    }

    private Effect effect(String pointer) {
        String text = string(pointer, "an effect is the string Allow or Deny");
        return Effect.fromJsonName(text)
                .orElseThrow(() -> refused(
                        UNKNOWN_EFFECT,
                        pointer,
                        parser.currentTokenLocation(),
                        "unknown effect '" + text + "': Allow or Deny (case-sensitive)"));
    }

    private List<Action> actions(String pointer) {
        expect(parser.currentToken(), JsonToken.START_ARRAY, pointer, "actions is an array of strings");
        var actions = new ArrayList<Action>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = pointer + "/" + actions.size();
            String text = string(at, "an action is a string");
            Action action = Action.fromJsonName(text)
                    .orElseThrow(() -> refused(
                            UNKNOWN_ACTION,
                            at,
                            parser.currentTokenLocation(),
                            "unknown action '" + text + "': connect, publish, subscribe, receive or retain"));
            if (actions.contains(action)) {
                throw refused(DUPLICATE_ACTION, at, parser.currentTokenLocation(), "'" + text + "' appears twice");
            }
            if (!actions.isEmpty() && actions.getFirst().resourceKind() != action.resourceKind()) {
                throw refused(
                        MIXED_RESOURCE_KINDS,
                        at,
                        parser.currentTokenLocation(),
                        "connect names client ids, the other actions topics: put connect in a statement of its own");
            }
            actions.add(action);
        }
        if (actions.isEmpty()) {
            throw refused(NO_ACTIONS, pointer, parser.currentTokenLocation(), "a statement names an action");
        }
        return actions;
    }

    private List<Located> resources(String pointer) {
        expect(parser.currentToken(), JsonToken.START_ARRAY, pointer, "resources is an array of strings");
        var resources = new ArrayList<Located>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = pointer + "/" + resources.size();
            if (resources.size() == PolicyLimits.MAX_RESOURCES_PER_STATEMENT) {
                throw refused(
                        TOO_MANY_RESOURCES,
                        at,
                        parser.currentTokenLocation(),
                        "a statement names at most " + PolicyLimits.MAX_RESOURCES_PER_STATEMENT + " resources");
            }
            String text = string(at, "a resource is a string");
            resources.add(new Located(text, at, parser.currentTokenLocation()));
        }
        if (resources.isEmpty()) {
            throw refused(NO_RESOURCES, pointer, parser.currentTokenLocation(), "a statement names a resource");
        }
        return resources;
    }

    /** Patterns are parsed once the statement is read: their kind depends on the actions, which may come later. */
    private static List<ResourcePattern> patterns(List<Located> resources, ResourceKind kind) {
        var patterns = new ArrayList<ResourcePattern>();
        for (Located resource : resources) {
            ResourcePattern pattern;
            try {
                pattern = ResourcePattern.parse(kind, resource.text());
            } catch (PolicyDocumentException e) {
                throw e.at(
                        resource.pointer(),
                        resource.location().getLineNr(),
                        resource.location().getColumnNr());
            }
            if (patterns.contains(pattern)) {
                throw refused(
                        DUPLICATE_RESOURCE,
                        resource.pointer(),
                        resource.location(),
                        "'" + resource.text() + "' appears twice");
            }
            patterns.add(pattern);
        }
        return patterns;
    }

    private PublishLimit publishLimit(String pointer) {
        expect(parser.currentToken(), JsonToken.START_OBJECT, pointer, "publishLimit is a JSON object");
        TokenStreamLocation start = parser.currentTokenLocation();
        Double messagesPerSecond = null;
        Long burst = null;
        Long bytesPerSecond = null;
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String at = pointer + "/" + escape(name);
            member(name, at, seen, LIMIT_MEMBERS);
            switch (name) {
                case "messagesPerSecond" -> {
                    double value = number(at, "messagesPerSecond is a number");
                    if (!(value >= PublishLimit.MIN_MESSAGES_PER_SECOND
                            && value <= PublishLimit.MAX_MESSAGES_PER_SECOND)) {
                        throw outOfRange(at, "messagesPerSecond is from 0.001 to 100000");
                    }
                    messagesPerSecond = value;
                }
                case "burst" -> burst = whole(at, "burst", 1, PublishLimit.MAX_BURST);
                case "bytesPerSecond" ->
                    bytesPerSecond = whole(at, "bytesPerSecond", 1, PublishLimit.MAX_BYTES_PER_SECOND);
                default -> throw new IllegalStateException("member() admits only known names");
            }
        }
        if (messagesPerSecond == null) {
            throw refused(
                    MISSING_FIELD, pointer + "/messagesPerSecond", start, "a publish limit has messagesPerSecond");
        }
        if (burst == null) {
            throw refused(MISSING_FIELD, pointer + "/burst", start, "a publish limit has a burst");
        }
        return new PublishLimit(messagesPerSecond, burst.intValue(), bytesPerSecond);
    }

    private double number(String pointer, String expected) {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            expect(token, JsonToken.VALUE_NUMBER_FLOAT, pointer, expected);
        }
        return parser.getDoubleValue();
    }

    private long whole(String pointer, String name, long min, long max) {
        expect(parser.currentToken(), JsonToken.VALUE_NUMBER_INT, pointer, name + " is a whole number");
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange(pointer, name + " is from " + min + " to " + max);
        }
        long value = parser.getLongValue();
        if (value < min || value > max) {
            throw outOfRange(pointer, name + " is from " + min + " to " + max);
        }
        return value;
    }

    private PolicyDocumentException outOfRange(String pointer, String detail) {
        return refused(LIMIT_OUT_OF_RANGE, pointer, parser.currentTokenLocation(), detail);
    }

    private String description(String pointer) {
        String text = string(pointer, "a description is a string");
        if (text.length() > PolicyLimits.MAX_DESCRIPTION_LENGTH) {
            throw refused(
                    DESCRIPTION_TOO_LONG,
                    pointer,
                    parser.currentTokenLocation(),
                    "a description is at most " + PolicyLimits.MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }

    private String string(String pointer, String expected) {
        expect(parser.currentToken(), JsonToken.VALUE_STRING, pointer, expected);
        return parser.getString();
    }

    private void expect(@Nullable JsonToken actual, JsonToken expected, String pointer, String detail) {
        if (actual != expected) {
            String found = actual == null ? "the end" : JsonToken.valueDescFor(actual);
            throw refused(WRONG_TYPE, pointer, parser.currentTokenLocation(), detail + ", not " + found);
        }
    }

    private static PolicyDocumentException refused(
            PolicyDocumentError error, String pointer, TokenStreamLocation location, String detail) {
        return PolicyDocumentException.of(error, detail).at(pointer, location.getLineNr(), location.getColumnNr());
    }

    /** RFC 6901: {@code ~} and {@code /} in a member name are escaped as {@code ~0} and {@code ~1}. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** A resource as read, with where it stood, parsed once the statement's actions are known. */
    private record Located(String text, String pointer, TokenStreamLocation location) {}
}
