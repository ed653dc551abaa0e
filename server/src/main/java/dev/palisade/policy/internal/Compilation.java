package dev.palisade.policy.internal;

import dev.palisade.policy.Action;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyStatement;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.ResourcePattern;
import java.util.List;
import java.util.Optional;

/** Turns the documents that apply to one device into its {@link CompiledRules}. */
public final class Compilation {

    private Compilation() {}

    /** Compiles {@code documents} for {@code subject}; see {@link dev.palisade.policy.PolicyCompiler}. */
    public static CompiledRules compile(List<PolicyDocument> documents, PolicySubject subject) {
        var connect = new ClientIdRules.Builder();
        var topics = new TopicRules.Builder[Action.values().length];
        for (Action action : Action.values()) {
            topics[action.ordinal()] = new TopicRules.Builder();
        }
        for (PolicyDocument document : documents) {
            for (PolicyStatement statement : document.statements()) {
                for (Action action : statement.actions()) {
                    for (ResourcePattern resource : statement.resources()) {
                        if (action == Action.CONNECT) {
                            for (Optional<String> clientId :
                                    Substitution.clientIds(resource, statement.effect(), subject)) {
                                if (clientId.isPresent()) {
                                    connect.addExact(statement.effect(), clientId.get());
                                } else {
                                    connect.addAny(statement.effect());
                                }
                            }
                        } else {
                            TopicRules.Builder rules = topics[action.ordinal()];
                            for (List<ConcreteLevel> levels :
                                    Substitution.topicPatterns(resource, statement.effect(), subject)) {
                                rules.add(statement.effect(), levels);
                            }
                        }
                    }
                }
            }
        }
        return new CompiledRules(
                connect.build(),
                topics[Action.PUBLISH.ordinal()].build(),
                topics[Action.SUBSCRIBE.ordinal()].build(),
                topics[Action.RECEIVE.ordinal()].build(),
                topics[Action.RETAIN.ordinal()].build());
    }
}
