/**
 * The policy engine's machinery: the JSON reader and writer for documents, the pattern parser, variable substitution,
 * and the level trie that a compiled policy walks by index over the topic string (no splitting, no regular
 * expressions), so that a decision on the hot path allocates nothing.
 */
@NullMarked
package dev.palisade.policy.internal;

import org.jspecify.annotations.NullMarked;
