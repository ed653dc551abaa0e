package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.TrieNode.ALLOW_ANY;
import static dev.palisade.policy.internal.TrieNode.ALLOW_HERE;
import static dev.palisade.policy.internal.TrieNode.ALLOW_REST;
import static dev.palisade.policy.internal.TrieNode.DENY_ANY;
import static dev.palisade.policy.internal.TrieNode.DENY_HERE;
import static dev.palisade.policy.internal.TrieNode.DENY_REST;

/**
 * Decisions on topic filters over the pattern trie: whether one allow pattern covers every topic a filter matches,
 * and whether a deny pattern meets any of them. Both explore the literal and the {@code +} branch of each node for a
 * literal level of the filter, every branch for its {@code +}.
 *
 * <p>MQTT section 4.7.2: a filter whose first level is a wildcard matches no topic whose first level starts with
 * {@code $}, and a pattern whose first level is a wildcard matches none either: at the root, only literal {@code $}
 * levels meet literal {@code $} levels.
 */
final class TrieFilterWalk {

    private TrieFilterWalk() {}

    /** Whether a valid filter from {@code from} is allowed; see {@link TopicRules#permitsFilter}. */
    static boolean permits(TrieNode root, String filter, int from) {
        return coversFromRoot(root, filter, from) && !intersectsFromRoot(root, filter, from);
    }

    /** Whether one allow pattern covers every topic that a valid filter matches from {@code from}. */
    private static boolean coversFromRoot(TrieNode root, String filter, int from) {
        if ((root.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        // a filter whose first level is a wildcard matches no $ topic either, so only a literal $ level is special
        boolean dollar = filter.charAt(from) == '$';
        if (!dollar && (root.flags & ALLOW_REST) != 0) {
            return true;
        }
        TrieNode any = root.anyLevel;
        if (isWildcard(filter, from, filter.length(), '#')) {
            // a topic has at least one level, so at the root '#' matches what '+/#' matches
            return any != null && (any.flags & ALLOW_REST) != 0;
        }
        return coversNextLevel(root, filter, from, !dollar);
    }

    /** Whether one allow pattern through {@code node} matches every topic that the filter's rest matches. */
    static boolean covers(TrieNode node, String filter, int start) {
        if ((node.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        if ((node.flags & ALLOW_REST) != 0) {
            return true; // '#' matches this level and everything below, whatever the filter's rest
        }
        if (start > filter.length()) {
            return (node.flags & ALLOW_HERE) != 0;
        }
        return coversNextLevel(node, filter, start, true);
    }

    private static boolean coversNextLevel(TrieNode node, String filter, int start, boolean wildcardsApply) {
        int end = TrieNameWalk.levelEnd(filter, start);
        if (isWildcard(filter, start, end, '#')) {
            return false; // only a '#' at this node covers the filter's '#' (it includes the parent level): seen above
        }
        TrieNode any = wildcardsApply ? node.anyLevel : null;
        if (isWildcard(filter, start, end, '+')) {
            return any != null && covers(any, filter, end + 1); // a literal level never covers every level
        }
        TrieNode literal = node.literals.find(filter, start, end);
        return (literal != null && covers(literal, filter, end + 1)) || (any != null && covers(any, filter, end + 1));
    }

    /** Whether some topic matches both a valid filter from {@code from} and a deny pattern. */
    private static boolean intersectsFromRoot(TrieNode root, String filter, int from) {
        if ((root.subtreeFlags & DENY_ANY) == 0) {
            return false;
        }
        boolean dollar = filter.charAt(from) == '$';
        if (!dollar && (root.flags & DENY_REST) != 0) {
            return true;
        }
        int end = TrieNameWalk.levelEnd(filter, from);
        if (isWildcard(filter, from, end, '#') || isWildcard(filter, from, end, '+')) {
            // the filter matches no $ topic, so deny patterns that start with a literal $ level cannot meet it
            if (isWildcard(filter, from, end, '#')) {
                return hasDenyOutsideDollar(root);
            }
            return intersectsEveryChild(root, filter, end + 1, true);
        }
        TrieNode literal = root.literals.find(filter, from, end);
        if (literal != null && intersects(literal, filter, end + 1)) {
            return true;
        }
        TrieNode any = root.anyLevel;
        return !dollar && any != null && intersects(any, filter, end + 1);
    }

    /** Whether some topic matches both the filter's rest and a deny pattern through {@code node}. */
    static boolean intersects(TrieNode node, String filter, int start) {
        if ((node.subtreeFlags & DENY_ANY) == 0) {
            return false;
        }
        if ((node.flags & DENY_REST) != 0) {
            return true; // every valid filter rest matches at least one topic, and '#' matches them all
        }
        if (start > filter.length()) {
            return (node.flags & DENY_HERE) != 0;
        }
        int end = TrieNameWalk.levelEnd(filter, start);
        if (isWildcard(filter, start, end, '#')) {
            return true; // the filter's '#' matches this level and everything below, where some deny pattern lies
        }
        if (isWildcard(filter, start, end, '+')) {
            return intersectsEveryChild(node, filter, end + 1, false);
        }
        TrieNode literal = node.literals.find(filter, start, end);
        if (literal != null && intersects(literal, filter, end + 1)) {
            return true;
        }
        TrieNode any = node.anyLevel;
        return any != null && intersects(any, filter, end + 1);
    }

    /** For a filter level {@code +}: any child may meet it, except literal {@code $} levels at the root. */
    private static boolean intersectsEveryChild(TrieNode node, String filter, int next, boolean atRoot) {
        TrieNode any = node.anyLevel;
        if (any != null && intersects(any, filter, next)) {
            return true;
        }
        LiteralChildren literals = node.literals;
        for (int i = 0; i < literals.size(); i++) {
            if (!(atRoot && literals.key(i).startsWith("$")) && intersects(literals.node(i), filter, next)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDenyOutsideDollar(TrieNode root) {
        TrieNode any = root.anyLevel;
        if (any != null && (any.subtreeFlags & DENY_ANY) != 0) {
            return true;
        }
        LiteralChildren literals = root.literals;
        for (int i = 0; i < literals.size(); i++) {
            if (!literals.key(i).startsWith("$") && (literals.node(i).subtreeFlags & DENY_ANY) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWildcard(String filter, int start, int end, char wildcard) {
        return end - start == 1 && filter.charAt(start) == wildcard;
    }
}
