package dev.palisade.policy.internal;

import dev.palisade.policy.Action;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyStatement;
import dev.palisade.policy.PublishLimit;
import dev.palisade.policy.ResourcePattern;
import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Writes a document in the JSON form that {@link DocumentReader} reads, members in a fixed order. */
public final class DocumentWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private DocumentWriter() {}

    /** {@code document} as compact JSON. */
    public static String write(PolicyDocument document) {
        var text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            json.writeStartObject();
            String description = document.description();
            if (description != null) {
                json.writeStringProperty("description", description);
            }
            PublishLimit limit = document.publishLimit();
            if (limit != null) {
                json.writeName("publishLimit");
                json.writeStartObject();
                double rate = limit.messagesPerSecond();
                if (rate == Math.rint(rate)) {
                    json.writeNumberProperty("messagesPerSecond", (long) rate); // 20, not 20.0
                } else {
                    json.writeNumberProperty("messagesPerSecond", rate);
                }
                json.writeNumberProperty("burst", limit.burst());
                Long bytes = limit.bytesPerSecond();
                if (bytes != null) {
                    json.writeNumberProperty("bytesPerSecond", bytes.longValue());
                }
                json.writeEndObject();
            }
            json.writeName("statements");
            json.writeStartArray();
            for (PolicyStatement statement : document.statements()) {
                write(statement, json);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return text.toString();
    }

    private static void write(PolicyStatement statement, JsonGenerator json) {
        json.writeStartObject();
        String description = statement.description();
        if (description != null) {
            json.writeStringProperty("description", description);
        }
        json.writeStringProperty("effect", statement.effect().jsonName());
        json.writeName("actions");
        json.writeStartArray();
        for (Action action : statement.actions()) {
            json.writeString(action.jsonName());
        }
        json.writeEndArray();
        json.writeName("resources");
        json.writeStartArray();
        for (ResourcePattern resource : statement.resources()) {
            json.writeString(resource.text());
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
