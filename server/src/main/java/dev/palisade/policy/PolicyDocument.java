package dev.palisade.policy;

import dev.palisade.policy.internal.DocumentReader;
import dev.palisade.policy.internal.DocumentWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A policy document: the statements that a tenant attaches to devices or groups, and optionally how fast those devices
 * may publish. Documents are stored and versioned by the caller; this type is the validated value. Its JSON form is
 *
 * <pre>{@code
 * {"description": "optional",
 *  "publishLimit": {"messagesPerSecond": 20, "burst": 40},
 *  "statements": [
 *    {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/#"]},
 *    {"effect": "Deny", "actions": ["subscribe", "receive"], "resources": ["devices/${device.id}/secrets/#"]}]}
 * }</pre>
 *
 * @param statements 1 to {@link PolicyLimits#MAX_STATEMENTS} statements
 * @param description an optional note for people, at most {@link PolicyLimits#MAX_DESCRIPTION_LENGTH} characters
 * @param publishLimit how fast the devices it applies to may publish, or null to leave that to other documents and the
 *     server's default
 */
public record PolicyDocument(
        List<PolicyStatement> statements,
        @Nullable String description,
        @Nullable PublishLimit publishLimit) {

    public PolicyDocument {
        statements = List.copyOf(statements);
        if (statements.isEmpty() || statements.size() > PolicyLimits.MAX_STATEMENTS) {
            throw new IllegalArgumentException("a document holds 1 to 100 statements");
        }
        if (description != null && description.length() > PolicyLimits.MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("a description is at most 1024 characters");
        }
    }

    /** A document of {@code statements} with a description, and no publish limit. */
    public PolicyDocument(List<PolicyStatement> statements, @Nullable String description) {
        this(statements, description, null);
    }

    /** A document of {@code statements}, without a description. */
    public static PolicyDocument of(PolicyStatement... statements) {
        return new PolicyDocument(List.of(statements), null);
    }

    /**
     * Parses a document strictly: unknown members, unknown actions or effects, empty lists, duplicates and invalid
     * patterns are refused, never ignored.
     *
     * @throws PolicyDocumentException naming the error's code, its JSON pointer and line and column (and for a pattern
     *     the offset within it)
     */
    public static PolicyDocument parse(String json) {
        return DocumentReader.read(json);
    }

    /** The document as compact JSON, in the form {@link #parse} reads. */
    public String toJson() {
        return DocumentWriter.write(this);
    }

    /** The same document with a description. */
    public PolicyDocument withDescription(String text) {
        return new PolicyDocument(statements, text, publishLimit);
    }

    /** The same document with a publish limit. */
    public PolicyDocument withPublishLimit(PublishLimit limit) {
        return new PolicyDocument(statements, description, limit);
    }
}
