package dev.palisade.policy;

import dev.palisade.policy.internal.Compilation;
import java.util.List;

/**
 * Compiles the policy documents that apply to one device into the {@link CompiledPolicy} of its session. The caller
 * resolves which documents apply (those attached to the device and to its groups); the order of documents and
 * statements does not matter, since deny wins.
 *
 * <h2>Variables</h2>
 *
 * A variable is replaced by the device's value as literal text of its level, never as a wildcard or a level
 * separator. A variable may be a whole level or part of one ({@code sensor-${device.id}}).
 *
 * <ul>
 *   <li>A value that cannot stand in a topic level (it contains {@code /}, {@code +}, {@code #} or NUL) makes the
 *       level impossible: an allow pattern then matches nothing; a deny pattern treats that level as {@code +}.
 *   <li>A variable without a value (an attribute the device lacks, no groups, no certificate serial; an empty string
 *       counts as none) does the same: the allow matches nothing, the deny widens that level to {@code +} (fail
 *       closed).
 *   <li>{@code ${device.group}} (at most once per pattern) yields one pattern per group of the device.
 *   <li>For client-id patterns a value may contain any character but NUL (MQTT client ids may); a missing one makes
 *       an allow match nothing and a deny match every client id.
 * </ul>
 *
 * Compilation takes time and memory linear in the patterns times the device's groups; it is meant to run once per
 * session and again when a document, the device's groups or its attributes change.
 */
public final class PolicyCompiler {

    private static final CompiledPolicy DENY_ALL = Compilation.compile(List.of(), PolicySubject.of("-", "-"));

    private PolicyCompiler() {}

    /** The compiled policy of {@code subject} under {@code documents}. */
    public static CompiledPolicy compile(List<PolicyDocument> documents, PolicySubject subject) {
        return Compilation.compile(documents, subject);
    }

    /** A policy that denies everything: for a session whose documents could not be read. */
    public static CompiledPolicy denyAll() {
        return DENY_ALL;
    }
}
