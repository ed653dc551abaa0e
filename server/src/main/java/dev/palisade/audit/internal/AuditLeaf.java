package dev.palisade.audit.internal;

import dev.palisade.audit.AuditRecord;
import dev.palisade.protocol.json.CanonicalJson;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of an audit record that its Merkle leaf hashes: RFC 8785 canonical JSON of every stored field, so that an
 * auditor can recompute a leaf with any JCS implementation. Changing any column of a record changes its leaf.
 *
 * <pre>{"action":…,"actor":{"id":…,"kind":…,"name":…},"details":"{…}","index":N,"outcome":…,
 *  "requestId":…,"target":…,"tenant":…,"time":"2026-01-01T00:00:00.123456Z","v":1}</pre>
 *
 * <p>{@code details} is embedded as its canonical JSON text, exactly as stored.
 */
public final class AuditLeaf {

    /** Bumped if the leaf layout ever changes; verifiers pick the encoding by this field. */
    public static final int VERSION = 1;

    private AuditLeaf() {}

    public static byte[] encode(AuditRecord record) {
        return encode(record, detailsJson(record.details()));
    }

    /** Encodes a record whose details are given as stored text (verification reads them that way). */
    public static byte[] encode(AuditRecord record, String detailsJson) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("id", record.actor().id());
        actor.put("kind", record.actor().kind().wireName());
        actor.put("name", record.actor().name());
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("action", record.action());
        leaf.put("actor", actor);
        leaf.put("details", detailsJson);
        leaf.put("index", record.index());
        leaf.put("outcome", record.outcome().wireName());
        leaf.put("requestId", record.requestId());
        leaf.put("target", record.target());
        leaf.put("tenant", record.tenant().toString());
        leaf.put("time", DateTimeFormatter.ISO_INSTANT.format(record.recordedAt()));
        leaf.put("v", (long) VERSION);
        return CanonicalJson.toBytes(leaf);
    }

    public static String detailsJson(Map<String, String> details) {
        return CanonicalJson.toString(details);
    }
}
