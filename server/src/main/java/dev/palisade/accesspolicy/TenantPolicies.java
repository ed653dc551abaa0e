package dev.palisade.accesspolicy;

import dev.palisade.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's current policies and attachments, as one value: what the broker compiles sessions from without reading
 * the database.
 *
 * @param documents the newest version of every policy, by name
 * @param byGroup the names of the policies attached to each group
 * @param byDevice the names of the policies attached to each device
 */
public record TenantPolicies(
        Map<String, AccessPolicy> documents, Map<String, Set<String>> byGroup, Map<String, Set<String>> byDevice) {

    public static final TenantPolicies NONE = new TenantPolicies(Map.of(), Map.of(), Map.of());

    public TenantPolicies {
        documents = Map.copyOf(documents);
        byGroup = copy(byGroup);
        byDevice = copy(byDevice);
    }

    /**
     * The policies that apply to a device in {@code groups}: those attached to it and to any of its groups, in name
     * order. Empty when none is attached.
     */
    public List<AccessPolicy> applyingTo(String deviceId, Collection<String> groups) {
        var names = new java.util.TreeSet<String>(byDevice.getOrDefault(deviceId, Set.of()));
        for (String group : groups) {
            names.addAll(byGroup.getOrDefault(group, Set.of()));
        }
        List<AccessPolicy> applying = new ArrayList<>(names.size());
        for (String name : names) {
            AccessPolicy policy = documents.get(name);
            if (policy != null) {
                applying.add(policy);
            }
        }
        return applying;
    }

    /** The documents of {@link #applyingTo}. */
    public List<PolicyDocument> documentsFor(String deviceId, Collection<String> groups) {
        return applyingTo(deviceId, groups).stream().map(AccessPolicy::document).toList();
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> attachments) {
        var copy = new java.util.HashMap<String, Set<String>>();
        attachments.forEach((target, names) -> copy.put(target, Set.copyOf(names)));
        return Map.copyOf(copy);
    }
}
