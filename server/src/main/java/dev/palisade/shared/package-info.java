/**
 * The shared kernel every feature may use: typed identifiers that cross feature boundaries and small utilities for
 * the data directory, such as files that only their owner may read.
 */
@NullMarked
package dev.palisade.shared;

import org.jspecify.annotations.NullMarked;
