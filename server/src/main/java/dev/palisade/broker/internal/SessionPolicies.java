package dev.palisade.broker.internal;

import dev.palisade.accesspolicy.AccessPolicy;
import dev.palisade.accesspolicy.TenantPolicies;
import dev.palisade.broker.DevicePolicy;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.policy.CompiledPolicy;
import dev.palisade.policy.PolicyCompiler;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.PolicyTemplates;
import dev.palisade.policy.PublishLimit;
import dev.palisade.shared.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What a session may do, from the device's state and the tenant's policies in memory:
 *
 * <ul>
 *   <li>an active device gets the policies attached to it and to its groups; with none attached, the built-in device
 *       template (its own telemetry, commands and twin), so that a new tenant's fleet works before anyone writes a
 *       policy;
 *   <li>a quarantined device gets the quarantine template alone (its remediation topics), whatever is attached: allows
 *       add up, so anything beside it would undo the containment;
 *   <li>a device in any other state may not connect.
 * </ul>
 */
public final class SessionPolicies {

    private static final List<PolicyDocument> DEVICE = List.of(PolicyTemplates.device());
    private static final List<PolicyDocument> QUARANTINE = List.of(PolicyTemplates.quarantine());
    private static final List<PolicyDocument> BOOTSTRAP = List.of(PolicyTemplates.bootstrap());

    private SessionPolicies() {}

    /** The outcome of compiling: a policy, or why the device may not connect at all. */
    public sealed interface Outcome {
        record Compiled(SessionPolicy policy) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    public static Outcome compile(AuthenticatedDevice identity, Device device, TenantPolicies tenantPolicies) {
        PolicySubject subject = new PolicySubject(
                        device.id().value(),
                        device.tenant().value().toString(),
                        device.groups(),
                        device.attributes(),
                        null)
                .withCertificateSerial(identity.serial().toString(16));
        return switch (device.state()) {
            case ACTIVE -> {
                List<AccessPolicy> attached =
                        tenantPolicies.applyingTo(device.id().value(), device.groups());
                if (attached.isEmpty()) {
                    yield compiled(DEVICE, subject, List.of("built-in:device"), false);
                }
                yield compiled(
                        attached.stream().map(AccessPolicy::document).toList(),
                        subject,
                        attached.stream()
                                .map(policy -> policy.name() + "@" + policy.version())
                                .toList(),
                        false);
            }
            case QUARANTINED -> compiled(QUARANTINE, subject, List.of("built-in:quarantine"), true);
            case MANUFACTURED, PROVISIONED, DECOMMISSIONED ->
                new Outcome.Refused("the device is " + device.state().name().toLowerCase(Locale.ROOT) + ", not active");
        };
    }

    /**
     * A first contact's session with a bootstrap certificate: the bootstrap template alone, whatever the tenant's
     * policies say, so that no policy can open anything else to a device that is not enrolled.
     */
    public static SessionPolicy bootstrap(TenantId tenant, DeviceId device) {
        PolicySubject subject = PolicySubject.of(device.value(), tenant.value().toString());
        return new SessionPolicy(PolicyCompiler.compile(BOOTSTRAP, subject), List.of("built-in:bootstrap"), false);
    }

    /**
     * What the sessions of {@code device} compile from once it is active: the policies attached to it and to its
     * {@code groups}, or the built-in device template when none is.
     */
    public static DevicePolicy whenActive(String device, Collection<String> groups, TenantPolicies tenantPolicies) {
        List<AccessPolicy> attached = tenantPolicies.applyingTo(device, groups);
        if (attached.isEmpty()) {
            return new DevicePolicy(List.of("built-in:device"), DEVICE);
        }
        return new DevicePolicy(
                attached.stream()
                        .map(policy -> policy.name() + "@" + policy.version())
                        .toList(),
                attached.stream().map(AccessPolicy::document).toList());
    }

    // the templates set no publish limit: their sessions get the server's default
    private static Outcome compiled(
            List<PolicyDocument> documents, PolicySubject subject, List<String> sources, boolean quarantined) {
        CompiledPolicy policy = PolicyCompiler.compile(documents, subject);
        return new Outcome.Compiled(new SessionPolicy(
                policy,
                sources,
                quarantined,
                PublishLimit.mostGenerous(documents).orElse(null)));
    }
}
