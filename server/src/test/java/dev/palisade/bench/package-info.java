/**
 * Load generators that print throughput figures for docs/BENCHMARKS.md. They are programs, run by the scripts in
 * {@code bench/}, not tests: nothing here runs in the build's test phases.
 */
@NullMarked
package dev.palisade.bench;

import org.jspecify.annotations.NullMarked;
