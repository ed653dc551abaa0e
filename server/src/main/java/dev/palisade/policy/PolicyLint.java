package dev.palisade.policy;

import dev.palisade.policy.internal.PatternRelations;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds grants in a valid document that are likely broader than meant, and allows that can never apply. Findings are
 * values for the API to show beside the document; none of them makes a document invalid. Each document is checked
 * on its own, so a deny that guards against another document's allow is not reported. The rules are listed in
 * {@link LintRule}.
 */
public final class PolicyLint {

    private static final String DEVICES = "devices";
    private static final PolicyVariable DEVICE_ID = PolicyVariable.of(PolicyVariable.Kind.DEVICE_ID);

    private PolicyLint() {}

    /** The findings for {@code document}, in document order. */
    public static List<LintFinding> check(PolicyDocument document) {
        var findings = new ArrayList<LintFinding>();
        List<PolicyStatement> statements = document.statements();
        for (int s = 0; s < statements.size(); s++) {
            PolicyStatement statement = statements.get(s);
            if (statement.effect() != Effect.ALLOW) {
                continue;
            }
            for (int r = 0; r < statement.resources().size(); r++) {
                String pointer = "/statements/" + s + "/resources/" + r;
                ResourcePattern resource = statement.resources().get(r);
                if (statement.resourceKind() == ResourceKind.CLIENT_ID) {
                    checkClientId(resource, pointer, findings);
                } else {
                    checkTopic(statement, resource, pointer, findings);
                }
                checkOverridden(statements, statement, resource, pointer, findings);
            }
        }
        return findings;
    }

    private static void checkClientId(ResourcePattern resource, String pointer, List<LintFinding> findings) {
        if (resource.levels().getFirst() instanceof PatternLevel.AnyLevel) {
            findings.add(new LintFinding(
                    LintRule.CONNECT_ANY_CLIENT_ID,
                    pointer,
                    "allows connecting with any client id: a device can take over another device's session; use"
                            + " ${device.id}"));
        } else if (!resource.mentions(PolicyVariable.Kind.DEVICE_ID)
                && !resource.mentions(PolicyVariable.Kind.CERTIFICATE_SERIAL)) {
            findings.add(new LintFinding(
                    LintRule.CONNECT_SHARED_CLIENT_ID,
                    pointer,
                    "client id '" + resource.text() + "' is the same for every device this document applies to, and"
                            + " a second connection with a client id disconnects the first; include ${device.id}"));
        }
    }

    private static void checkTopic(
            PolicyStatement statement, ResourcePattern resource, String pointer, List<LintFinding> findings) {
        List<PatternLevel> levels = resource.levels();
        String actions = names(statement.actions());
        PatternLevel first = levels.getFirst();
        if (first instanceof PatternLevel.AnyRemainingLevels) {
            findings.add(new LintFinding(
                    LintRule.ALL_TOPICS, pointer, "allows " + actions + " on every topic of the tenant"));
        } else if (first instanceof PatternLevel.AnyLevel) {
            findings.add(new LintFinding(
                    LintRule.WILDCARD_AT_ROOT,
                    pointer,
                    "allows " + actions + " across the tenant's topic tree: the first level is '+'"));
        } else if (isLiteral(first, DEVICES)
                && levels.size() > 1
                && !(levels.get(1) instanceof PatternLevel.Exact second && second.isExactly(DEVICE_ID))) {
            findings.add(new LintFinding(
                    LintRule.OTHER_DEVICES,
                    pointer,
                    "allows " + actions + " on devices/" + levels.get(1) + "/...: per-device topics are"
                            + " devices/${device.id}/..., and any other second level reaches other devices' topics"));
        }
        if (statement.actions().contains(Action.RETAIN) && hasWildcardOutsideOwnSubtree(levels)) {
            findings.add(new LintFinding(
                    LintRule.BROAD_RETAIN,
                    pointer,
                    "allows retained messages on '" + resource.text() + "', which has a wildcard outside the device's"
                            + " own subtree: retained messages outlive the session and reach every later subscriber"));
        }
    }

    private static boolean hasWildcardOutsideOwnSubtree(List<PatternLevel> levels) {
        for (PatternLevel level : levels) {
            if (level instanceof PatternLevel.Exact exact && exact.hasVariables() && mentionsDeviceId(exact)) {
                return false; // everything from here on is within the device's own subtree
            }
            if (!(level instanceof PatternLevel.Exact)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsDeviceId(PatternLevel.Exact level) {
        return level.segments().stream()
                .anyMatch(segment ->
                        segment instanceof PatternLevel.Segment.Variable(var variable) && variable.equals(DEVICE_ID));
    }

    /** Reports the actions of an allow on {@code resource} that a deny of the same document always overrides. */
    private static void checkOverridden(
            List<PolicyStatement> statements,
            PolicyStatement allow,
            ResourcePattern resource,
            String pointer,
            List<LintFinding> findings) {
        var overridden = new ArrayList<Action>();
        String by = "";
        for (Action action : allow.actions()) {
            for (int s = 0; s < statements.size() && !overridden.contains(action); s++) {
                PolicyStatement deny = statements.get(s);
                if (deny.effect() != Effect.DENY || !deny.actions().contains(action)) {
                    continue;
                }
                for (int r = 0; r < deny.resources().size(); r++) {
                    if (covers(deny.resources().get(r), resource)) {
                        overridden.add(action);
                        by = by.isEmpty() ? "/statements/" + s + "/resources/" + r : by;
                        break;
                    }
                }
            }
        }
        if (!overridden.isEmpty()) {
            findings.add(new LintFinding(
                    LintRule.ALLOW_NEVER_APPLIES,
                    pointer,
                    names(overridden) + " on '" + resource.text() + "' is always denied by " + by
                            + ": deny wins, so this allow never applies"));
        }
    }

    private static boolean covers(ResourcePattern deny, ResourcePattern allow) {
        if (deny.kind() == ResourceKind.CLIENT_ID) {
            return deny.levels().getFirst() instanceof PatternLevel.AnyLevel
                    || deny.text().equals(allow.text());
        }
        return PatternRelations.covers(deny.levels(), allow.levels());
    }

    private static boolean isLiteral(PatternLevel level, String text) {
        return level instanceof PatternLevel.Exact exact
                && exact.segments().equals(List.of(new PatternLevel.Segment.Text(text)));
    }

    private static String names(List<Action> actions) {
        return actions.stream().map(Action::jsonName).collect(Collectors.joining(", "));
    }
}
