package dev.palisade.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a policy document: its effect on its actions over its resources. All actions of a statement name the
 * same {@link ResourceKind}, so {@code connect} (client ids) stands in a statement of its own.
 *
 * @param effect allow or deny
 * @param actions at least one, each once, in document order
 * @param resources 1 to {@link PolicyLimits#MAX_RESOURCES_PER_STATEMENT} patterns of the actions' kind, each once
 * @param description an optional note for people, at most {@link PolicyLimits#MAX_DESCRIPTION_LENGTH} characters
 */
public record PolicyStatement(
        Effect effect,
        List<Action> actions,
        List<ResourcePattern> resources,
        @Nullable String description) {

    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        if (actions.isEmpty() || new HashSet<>(actions).size() != actions.size()) {
            throw new IllegalArgumentException("a statement names at least one action, each once");
        }
        ResourceKind kind = actions.getFirst().resourceKind();
        if (actions.stream().anyMatch(action -> action.resourceKind() != kind)) {
            throw new IllegalArgumentException(
                    "connect stands in a statement of its own: its resources are client ids");
        }
        if (resources.isEmpty()
                || resources.size() > PolicyLimits.MAX_RESOURCES_PER_STATEMENT
                || new HashSet<>(resources).size() != resources.size()) {
            throw new IllegalArgumentException("a statement names 1 to 100 resources, each once");
        }
        if (resources.stream().anyMatch(resource -> resource.kind() != kind)) {
            throw new IllegalArgumentException("the resources of a statement on " + actions + " are of kind " + kind);
        }
        if (description != null && description.length() > PolicyLimits.MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("a description is at most 1024 characters");
        }
    }

    /**
     * An allow of {@code actions} on the patterns {@code resources}.
     *
     * @throws PolicyDocumentException if a pattern is invalid
     */
    public static PolicyStatement allow(List<Action> actions, String... resources) {
        return of(Effect.ALLOW, actions, resources);
    }

    /**
     * A deny of {@code actions} on the patterns {@code resources}.
     *
     * @throws PolicyDocumentException if a pattern is invalid
     */
    public static PolicyStatement deny(List<Action> actions, String... resources) {
        return of(Effect.DENY, actions, resources);
    }

    private static PolicyStatement of(Effect effect, List<Action> actions, String... resources) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a statement names at least one action");
        }
        ResourceKind kind = actions.getFirst().resourceKind();
        List<ResourcePattern> patterns = Arrays.stream(resources)
                .map(text -> ResourcePattern.parse(kind, text))
                .toList();
        return new PolicyStatement(effect, actions, patterns, null);
    }

    /** The same statement with a description. */
    public PolicyStatement withDescription(String text) {
        return new PolicyStatement(effect, actions, resources, text);
    }

    /** What the resources name: client ids for {@code connect}, topics otherwise. */
    public ResourceKind resourceKind() {
        return actions.getFirst().resourceKind();
    }
}
