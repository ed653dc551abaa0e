package dev.palisade.attestation;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies boot logs of devices without a TPM: a JSON document naming the device, the server's nonce and a digest per
 * boot component, signed as it is (no canonical form needed: the signature covers the bytes sent) with the key of the
 * certificate the device authenticated with. A log proves what the software that signed it says it measured, nothing
 * more, so a pass has the lower {@link AssuranceLevel#SIGNED_BOOT_LOG} level.
 */
@Component
class BootLogVerifier implements EvidenceVerifier<Evidence.SignedBootLog> {

    static final int MAX_LOG_BYTES = 16 * 1024;
    private static final int MAX_MEASUREMENTS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){32,64}");
    private static final Set<String> FIELDS = Set.of("device", "nonce", "measurements");

    @Override
    public VerifierKind kind() {
        return VerifierKind.SIGNED_BOOT_LOG;
    }

    @Override
    public AssuranceLevel assurance() {
        return AssuranceLevel.SIGNED_BOOT_LOG;
    }

    /** The nonce a log names, read before its signature is checked so that the nonce can be consumed first. */
    static byte[] nonceOf(byte[] log) {
        return HexFormat.of().parseHex(parse(log).path("nonce").asString());
    }

    @Override
    public Assessment assess(Subject subject, Evidence.SignedBootLog evidence) {
        JsonNode log = parse(evidence.log());
        if (!log.path("device").asString().equals(subject.device().id().value())) {
            throw malformed("the log names another device");
        }
        if (!verifies(evidence.deviceKey(), evidence.log(), evidence.signature())) {
            throw new AttestationRefusedException(
                    AttestationReason.BOOT_LOG_SIGNATURE_INVALID,
                    "the log's signature does not verify with the key of the device's certificate");
        }
        Map<String, byte[]> measured = new TreeMap<>();
        log.path("measurements")
                .properties()
                .forEach(entry -> measured.put(
                        entry.getKey(), HexFormat.of().parseHex(entry.getValue().asString())));
        return compare(measured, subject.references());
    }

    static Assessment compare(Map<String, byte[]> measured, List<ReferenceValues> references) {
        List<String> mismatches = new ArrayList<>();
        for (ReferenceValues release : references) {
            if (release.measurements().isEmpty()) {
                continue;
            }
            String mismatch = null;
            if (!release.measurements().keySet().equals(measured.keySet())) {
                mismatch = "components " + measured.keySet() + " instead of "
                        + release.measurements().keySet();
            } else {
                for (var expected : release.measurements().entrySet()) {
                    if (!MessageDigest.isEqual(
                            measured.get(expected.getKey()), ReferenceValues.bytes(expected.getValue()))) {
                        mismatch = expected.getKey() + " differs";
                        break;
                    }
                }
            }
            if (mismatch == null) {
                return new Assessment.Pass(
                        AssuranceLevel.SIGNED_BOOT_LOG,
                        release.release(),
                        "measurements match release " + release.release());
            }
            mismatches.add(release.release() + ": " + mismatch);
        }
        if (mismatches.isEmpty()) {
            return new Assessment.Fail(
                    AttestationReason.NO_REFERENCE_VALUES, null, "no measurement reference values for the model");
        }
        String detail = String.join("; ", mismatches);
        return new Assessment.Fail(
                AttestationReason.MEASUREMENT_MISMATCH,
                null,
                detail.length() > 900 ? detail.substring(0, 900) : detail);
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes.length > MAX_LOG_BYTES) {
            throw malformed("a boot log is at most " + MAX_LOG_BYTES + " bytes");
        }
        JsonNode log;
        try {
            log = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw malformed("the log is not JSON");
        }
        if (log == null || !log.isObject()) {
            throw malformed("the log is not a JSON object");
        }
        for (String field : log.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw malformed("unknown field '" + field + "' in the log");
            }
        }
        if (!log.path("device").isString()) {
            throw malformed("the log names no device");
        }
        if (!log.path("nonce").isString() || !log.path("nonce").asString().matches("([0-9a-f]{2}){16,64}")) {
            throw malformed("the log's nonce is not lower-case hex");
        }
        JsonNode measurements = log.path("measurements");
        if (!measurements.isObject() || measurements.isEmpty() || measurements.size() > MAX_MEASUREMENTS) {
            throw malformed("measurements is an object of 1 to " + MAX_MEASUREMENTS + " components");
        }
        for (var entry : measurements.properties()) {
            if (!ReferenceValues.COMPONENT.matcher(entry.getKey()).matches()
                    || !entry.getValue().isString()
                    || !HEX.matcher(entry.getValue().asString()).matches()) {
                throw malformed("measurement '" + entry.getKey() + "' is not a component name with a hex digest");
            }
        }
        return log;
    }

    private static boolean verifies(PublicKey key, byte[] log, byte[] signature) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "";
        };
        if (algorithm.isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(log);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static AttestationRefusedException malformed(String detail) {
        return new AttestationRefusedException(AttestationReason.MALFORMED_EVIDENCE, detail);
    }
}
