/**
 * The policy engine's machinery: the JSON reader and writer for documents, the pattern parser, variable substitution,
 * the level trie of the patterns, and the deterministic automaton over levels built from it, which a compiled policy
 * reads by index over the topic string (no splitting, no regular expressions), so that a decision on the hot path
 * reads each level once and allocates nothing.
 */
@NullMarked
package dev.palisade.policy.internal;

import org.jspecify.annotations.NullMarked;
