/**
 * {@code palisade simulate}: scenario files that describe a simulated fleet and a timeline of what happens to it
 * (enrolment, telemetry, misbehaviour, revocation, a CA rotation, a connection storm), read with clear errors, and the
 * runner that plays them against a server, prints live progress, measures every step and checks what each step
 * expects.
 */
@NullMarked
package dev.palisade.cli.simulate;

import org.jspecify.annotations.NullMarked;
