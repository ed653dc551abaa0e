package dev.palisade.audit;

import dev.palisade.shared.TenantId;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A change to record: what was done ({@code action}, such as {@code token.created}), to what ({@code target}, such as
 * {@code token:0190…}), by whom, in which request and with which outcome. Details are short key/value facts; never
 * secrets.
 */
public record AuditEntry(
        TenantId tenant,
        Actor actor,
        String action,
        String target,
        String requestId,
        AuditOutcome outcome,
        Map<String, String> details) {

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public AuditEntry {
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("audit action must be dotted lower-case words: " + action);
        }
        AuditText.require("target", target, 300);
        AuditText.require("requestId", requestId, 100);
        if (details.size() > 32) {
            throw new IllegalArgumentException("an audit record carries at most 32 details");
        }
        details.forEach((key, value) -> {
            AuditText.require("details key", key, 64);
            if (value.length() > 1000) {
                throw new IllegalArgumentException("audit detail '" + key + "' is longer than 1000 characters");
            }
        });
        details = Map.copyOf(new TreeMap<>(details));
    }

    public static AuditEntry succeeded(TenantId tenant, Actor actor, String action, String target, String requestId) {
        return new AuditEntry(tenant, actor, action, target, requestId, AuditOutcome.SUCCEEDED, Map.of());
    }

    public AuditEntry withDetails(Map<String, String> more) {
        var merged = new TreeMap<>(details);
        merged.putAll(more);
        return new AuditEntry(tenant, actor, action, target, requestId, outcome, merged);
    }
}
