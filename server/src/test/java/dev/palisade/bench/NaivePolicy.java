package dev.palisade.bench;

import dev.palisade.policy.Action;
import dev.palisade.policy.Effect;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyStatement;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.ResourcePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline the compiled policy is measured against: what a straightforward authorizer does (mosquitto's ACL check
 * works this way). Variables are substituted once, patterns split once; each decision splits the topic and evaluates
 * every statement's pattern in turn. Same semantics as the engine (deny wins, the $ rule, subsumption for filters),
 * so both answer the same.
 */
final class NaivePolicy {

    @SuppressWarnings("ArrayRecordComponent") // the levels, split once: that is the naive approach's best
    private record Rule(Effect effect, Action action, String[] levels) {}

    private final List<Rule> rules = new ArrayList<>();

    NaivePolicy(List<PolicyDocument> documents, PolicySubject subject) {
        for (PolicyDocument document : documents) {
            for (PolicyStatement statement : document.statements()) {
                for (Action action : statement.actions()) {
                    for (ResourcePattern resource : statement.resources()) {
                        for (String text : substitute(resource.text(), subject)) {
                            rules.add(new Rule(statement.effect(), action, text.split("/", -1)));
                        }
                    }
                }
            }
        }
    }

    boolean mayPublish(String topic) {
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return false;
        }
        String[] levels = topic.split("/", -1);
        boolean allowed = false;
        for (Rule rule : rules) {
            if (rule.action() == Action.PUBLISH && matches(rule.levels(), 0, levels, 0)) {
                if (rule.effect() == Effect.DENY) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    boolean maySubscribe(String filter) {
        String[] levels = filter.split("/", -1);
        boolean allowed = false;
        for (Rule rule : rules) {
            if (rule.action() != Action.SUBSCRIBE) {
                continue;
            }
            if (rule.effect() == Effect.DENY && intersects(rule.levels(), 0, levels, 0)) {
                return false;
            }
            allowed |= rule.effect() == Effect.ALLOW && covers(rule.levels(), 0, levels, 0);
        }
        return allowed;
    }

    private static boolean matches(String[] pattern, int i, String[] topic, int j) {
        if (i == 0 && topic[0].startsWith("$") && isWildcard(pattern[0])) {
            return false;
        }
        for (; i < pattern.length; i++, j++) {
            if (pattern[i].equals("#")) {
                return true;
            }
            if (j >= topic.length || !(pattern[i].equals("+") || pattern[i].equals(topic[j]))) {
                return false;
            }
        }
        return j == topic.length;
    }

    private static boolean covers(String[] pattern, int i, String[] filter, int j) {
        if (i == 0 && filter[0].startsWith("$") && isWildcard(pattern[0])) {
            return false;
        }
        for (; i < pattern.length; i++, j++) {
            if (pattern[i].equals("#")) {
                return true;
            }
            if (j >= filter.length || filter[j].equals("#")) {
                return false;
            }
            if (!(pattern[i].equals("+") || (!filter[j].equals("+") && pattern[i].equals(filter[j])))) {
                return false;
            }
        }
        return j == filter.length;
    }

    private static boolean intersects(String[] pattern, int i, String[] filter, int j) {
        if (i == 0
                && ((filter[0].startsWith("$") && isWildcard(pattern[0]))
                        || (pattern[0].startsWith("$") && isWildcard(filter[0])))) {
            return false;
        }
        for (; i < pattern.length && j < filter.length; i++, j++) {
            if (pattern[i].equals("#") || filter[j].equals("#")) {
                return true;
            }
            if (!pattern[i].equals("+") && !filter[j].equals("+") && !pattern[i].equals(filter[j])) {
                return false;
            }
        }
        return (i == pattern.length && j == filter.length)
                || (i < pattern.length && pattern[i].equals("#"))
                || (j < filter.length && filter[j].equals("#"));
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }

    private static List<String> substitute(String text, PolicySubject subject) {
        String base = text.replace("${device.id}", subject.deviceId()).replace("${device.tenant}", subject.tenant());
        for (Map.Entry<String, String> attribute : subject.attributes().entrySet()) {
            base = base.replace("${device.attr." + attribute.getKey() + "}", attribute.getValue());
        }
        if (!base.contains("${device.group}")) {
            return List.of(base);
        }
        var expanded = new ArrayList<String>();
        for (String group : subject.groups()) {
            expanded.add(base.replace("${device.group}", group));
        }
        return expanded;
    }
}
