package dev.palisade.broker;

import dev.palisade.policy.PolicyDocument;
import java.util.List;

/**
 * What an active device's sessions are compiled from, as the broker holds it now.
 *
 * @param sources the policies, as {@code name@version}, or {@code built-in:device} for the template
 * @param documents their documents, in the same order
 */
public record DevicePolicy(List<String> sources, List<PolicyDocument> documents) {

    public DevicePolicy {
        sources = List.copyOf(sources);
        documents = List.copyOf(documents);
    }
}
