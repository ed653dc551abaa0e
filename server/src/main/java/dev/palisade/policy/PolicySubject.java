package dev.palisade.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The device a policy is compiled for: the values of the variables in its patterns. Values are taken as they are and
 * are never trusted to be well-formed topic levels: compilation treats them as literal text (see {@link
 * PolicyCompiler}).
 *
 * @param deviceId {@code ${device.id}}: the device's id within its tenant
 * @param tenant {@code ${device.tenant}}: the device's tenant
 * @param groups {@code ${device.group}}: the groups the device is in, possibly none
 * @param attributes {@code ${device.attr.NAME}}: the device's attributes by name
 * @param certificateSerial {@code ${cert.serial}}: the serial of the session's client certificate, if known
 */
public record PolicySubject(
        String deviceId,
        String tenant,
        Set<String> groups,
        Map<String, String> attributes,
        @Nullable String certificateSerial) {

    public PolicySubject {
        if (deviceId.isEmpty() || tenant.isEmpty()) {
            throw new IllegalArgumentException("a subject has a device id and a tenant");
        }
        groups = Set.copyOf(groups);
        attributes = Map.copyOf(attributes);
    }

    /** A device with no groups, attributes or certificate serial. */
    public static PolicySubject of(String deviceId, String tenant) {
        return new PolicySubject(deviceId, tenant, Set.of(), Map.of(), null);
    }

    /** The same device in {@code groupNames}. */
    public PolicySubject withGroups(String... groupNames) {
        return new PolicySubject(deviceId, tenant, Set.of(groupNames), attributes, certificateSerial);
    }

    /** The same device with attribute {@code name} set to {@code value}. */
    public PolicySubject withAttribute(String name, String value) {
        var copy = new HashMap<>(attributes);
        copy.put(name, value);
        return new PolicySubject(deviceId, tenant, groups, copy, certificateSerial);
    }

    /** The same device authenticated with the certificate of serial {@code serial}. */
    public PolicySubject withCertificateSerial(String serial) {
        return new PolicySubject(deviceId, tenant, groups, attributes, serial);
    }

    /**
     * The values of {@code variable} for this device, in a stable order: one for most variables, one per group for
     * {@code ${device.group}}, none when the device has no such value. An empty string counts as no value.
     */
    public List<String> valuesOf(PolicyVariable variable) {
        List<String> values = switch (variable.kind()) {
            case DEVICE_ID -> List.of(deviceId);
            case TENANT -> List.of(tenant);
            case GROUP -> List.copyOf(new TreeSet<>(groups));
            case ATTRIBUTE -> optional(attributes.get(variable.attributeName()));
            case CERTIFICATE_SERIAL -> optional(certificateSerial);
        };
        return values.stream().filter(value -> !value.isEmpty()).toList();
    }

    private static List<String> optional(@Nullable String value) {
        return value == null ? List.of() : List.of(value);
    }
}
