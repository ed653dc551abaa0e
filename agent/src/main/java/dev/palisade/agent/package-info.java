/**
 * The device side of Palisade: the reference device agent (enrolment, renewal, MQTT session, the revoked state
 * machine, attestation evidence, verified updates) and the fleet simulator that runs many agents in one JVM.
 */
@NullMarked
package dev.palisade.agent;

import org.jspecify.annotations.NullMarked;
