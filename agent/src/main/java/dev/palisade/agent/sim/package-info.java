/**
 * The fleet simulator: many device agents in one JVM, keys in memory and flagged as simulated, each enrolling over EST
 * and keeping its MQTT session and telemetry going, with counters a progress line and a summary read from.
 */
@NullMarked
package dev.palisade.agent.sim;

import org.jspecify.annotations.NullMarked;
