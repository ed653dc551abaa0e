package dev.palisade.broker.internal;

import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.policy.CompiledPolicy;
import dev.palisade.policy.PolicyCompiler;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.PolicyTemplates;
import java.util.List;

/**
 * The policy a session is compiled from. For now every active device gets the default device template (connect with
 * its own id; its own telemetry, commands and twin topics); tenant-defined documents attached to groups and devices
 * replace it when they exist.
 */
public final class SessionPolicies {

    private final List<PolicyDocument> defaults = List.of(PolicyTemplates.device());

    CompiledPolicy compile(AuthenticatedDevice device) {
        PolicySubject subject = PolicySubject.of(
                        device.device().value(), device.tenant().value().toString())
                .withCertificateSerial(device.serial().toString(16));
        return PolicyCompiler.compile(defaults, subject);
    }
}
