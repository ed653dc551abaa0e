package dev.palisade.provisioning;

import dev.palisade.identity.DeviceLabels;
import dev.palisade.shared.problem.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** What a voucher says of its device, as a registration's audit record and the registered device keep it. */
final class VoucherFacts {

    private VoucherFacts() {}

    /** The facts a registration decision is audited with. */
    static Map<String, String> of(
            Voucher voucher, Manufacturer manufacturer, String fingerprintHex, EnrolmentChannel channel) {
        Map<String, String> facts = new TreeMap<>();
        facts.put("channel", channel.wireName());
        facts.put("manufacturer", manufacturer.name());
        facts.put("via", voucher.via());
        switch (voucher) {
            case ManifestEntry entry -> facts.put("manifest", entry.manifest().toString());
            case DeviceClaim claim -> facts.put("claim", claim.id().toString());
        }
        facts.put("model", orEmpty(voucher.model()));
        FirmwareVersion firmware = voucher.firmwareVersion();
        facts.put("firmwareVersion", firmware == null ? "" : firmware.text());
        facts.put("serial", orEmpty(voucher.serial()));
        facts.put("bootstrapCertificateSha256", fingerprintHex);
        return facts;
    }

    /**
     * What the voucher says of the device, kept as its attributes: attestation finds the device's reference values by
     * its {@code model}, and policies may name it. A value a device attribute cannot hold (a {@code /}, say) is left
     * out rather than refusing a device its manufacturer (or owner) vouched for.
     */
    static Map<String, String> attributes(Voucher voucher) {
        Map<String, String> attributes = new TreeMap<>();
        putIfLabel(attributes, "model", voucher.model());
        putIfLabel(attributes, "hardwareRevision", voucher.hardwareRevision());
        return attributes;
    }

    private static void putIfLabel(Map<String, String> attributes, String name, @Nullable String value) {
        if (value == null) {
            return;
        }
        try {
            DeviceLabels.parse(List.of(), Map.of(name, value));
            attributes.put(name, value);
        } catch (InvalidInputException notALabel) {
            // left out, see above
        }
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
