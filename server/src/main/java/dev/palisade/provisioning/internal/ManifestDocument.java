package dev.palisade.provisioning.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.provisioning.FirmwareVersion;
import dev.palisade.shared.problem.InvalidInputException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the manifest a manufacturer signed: a UTF-8 JSON object {@code {"devices": [ … ]}}, each device an object with
 * {@code deviceId}, {@code model}, {@code hardwareRevision}, and optionally {@code serial}, {@code firmwareVersion},
 * {@code bootstrapCertificateSha256} and {@code endorsementKeySha256} (hex, colons allowed; at least one of the two).
 * Unknown fields are refused, so a typo cannot silently drop a constraint. See docs/provisioning.md.
 */
public final class ManifestDocument {

    public static final String INVALID = "provisioning.manifest.invalid";
    public static final int MAX_ENTRIES = 10_000;
    private static final String FIELD = "signedManifest";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TEXT = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,126}[\\x21-\\x7e])?");
    private static final Set<String> FIELDS = Set.of(
            "deviceId",
            "serial",
            "model",
            "hardwareRevision",
            "firmwareVersion",
            "bootstrapCertificateSha256",
            "endorsementKeySha256");

    private ManifestDocument() {}

    /** One device as the manifest lists it. */
    public record Line(
            DeviceId device,
            @Nullable String serial,
            byte @Nullable [] bootstrapSha256,
            byte @Nullable [] endorsementKeySha256,
            String model,
            String hardwareRevision,
            @Nullable FirmwareVersion firmwareVersion) {}

    public static List<Line> parse(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException e) {
            throw invalid("the manifest is not JSON");
        }
        if (root == null
                || !root.isObject()
                || root.size() != 1
                || !root.path("devices").isArray()) {
            throw invalid("the manifest is an object with one field, 'devices', an array");
        }
        JsonNode devices = root.path("devices");
        if (devices.isEmpty() || devices.size() > MAX_ENTRIES) {
            throw invalid("a manifest lists 1 to " + MAX_ENTRIES + " devices");
        }
        List<Line> lines = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            lines.add(line(devices.get(i), "devices[" + i + "]"));
        }
        return lines;
    }

    private static Line line(JsonNode device, String where) {
        if (!device.isObject()) {
            throw invalid(where + " is not an object");
        }
        for (String name : device.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw invalid(where + " has an unknown field '" + name + "'");
            }
        }
        String id = required(device, "deviceId", where);
        if (!DeviceId.isValid(id)) {
            throw invalid(where + ".deviceId is not a valid device id");
        }
        String firmware = optional(device, "firmwareVersion", where);
        if (firmware != null && !FirmwareVersion.isValid(firmware)) {
            throw invalid(where + ".firmwareVersion is not one to four dot-separated numbers");
        }
        byte[] bootstrap = hash(device, "bootstrapCertificateSha256", where);
        byte[] endorsementKey = hash(device, "endorsementKeySha256", where);
        if (bootstrap == null && endorsementKey == null) {
            throw invalid(where + " needs a bootstrapCertificateSha256 or an endorsementKeySha256");
        }
        return new Line(
                DeviceId.of(id),
                optional(device, "serial", where),
                bootstrap,
                endorsementKey,
                required(device, "model", where),
                required(device, "hardwareRevision", where),
                firmware == null ? null : new FirmwareVersion(firmware));
    }

    private static String required(JsonNode device, String name, String where) {
        String value = optional(device, name, where);
        if (value == null) {
            throw invalid(where + "." + name + " is required");
        }
        return value;
    }

    private static @Nullable String optional(JsonNode device, String name, String where) {
        JsonNode value = device.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || !TEXT.matcher(value.asString()).matches()) {
            throw invalid(where + "." + name + " is 1 to 128 printable ASCII characters");
        }
        return value.asString();
    }

    private static byte @Nullable [] hash(JsonNode device, String name, String where) {
        String text = optional(device, name, where);
        if (text == null) {
            return null;
        }
        String hex = text.replace(":", "");
        if (hex.length() != 64) {
            throw invalid(where + "." + name + " is a SHA-256 hash in hex");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw invalid(where + "." + name + " is a SHA-256 hash in hex");
        }
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(INVALID, FIELD, detail);
    }
}
