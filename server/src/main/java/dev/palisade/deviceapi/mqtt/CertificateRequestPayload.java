package dev.palisade.deviceapi.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The certificate request a device publishes on its enrol topic: a PKCS#10 request as PEM, as base64 DER, as raw DER,
 * or any of the first two as {@code {"csr": "..."}}. What is none of these is handed on as it is, for the PKI to refuse
 * as a malformed request with its own code, so that a device learns the same reason as over EST.
 */
final class CertificateRequestPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("csr");
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";

    private CertificateRequestPayload() {}

    /** The request's DER, or {@code payload} itself when it is not in a form named above. */
    static byte[] der(byte[] payload) {
        if (payload.length > 0 && payload[0] == 0x30) {
            return payload;
        }
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode envelope = JSON.readTree(text);
                if (envelope.isObject()
                        && FIELDS.containsAll(envelope.propertyNames())
                        && envelope.path("csr").isString()) {
                    text = envelope.path("csr").asString().strip();
                }
            } catch (RuntimeException notJson) {
                return payload;
            }
        }
        byte[] decoded = fromText(text);
        return decoded == null ? payload : decoded;
    }

    private static byte @org.jspecify.annotations.Nullable [] fromText(String text) {
        String base64 = text;
        int begin = text.indexOf(BEGIN);
        if (begin >= 0) {
            int bodyStart = text.indexOf('\n', begin);
            int end = text.indexOf(END, begin);
            if (bodyStart < 0 || end < bodyStart) {
                return null;
            }
            base64 = text.substring(bodyStart + 1, end);
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
            return der.length > 0 && der[0] == 0x30 ? der : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
