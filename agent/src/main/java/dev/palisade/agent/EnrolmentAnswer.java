package dev.palisade.agent;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The server's answer on {@code provisioning/<id>/enrol/accepted} or {@code .../rejected}, as far as a device needs
 * it: the certificate chain it presents from now on, or the refusal's code, detail and when to ask again. Members it
 * does not use (the policy, the CA certificates) are skipped.
 */
record EnrolmentAnswer(
        List<X509Certificate> chain,
        @Nullable String code,
        @Nullable String detail,
        @Nullable Integer retryAfter) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    EnrolmentAnswer {
        chain = List.copyOf(chain);
    }

    static EnrolmentAnswer parse(byte[] payload) throws EnrolmentException {
        Map<String, String> strings = new HashMap<>();
        @Nullable Integer retryAfter = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new EnrolmentException("the enrolment answer is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    strings.put(name, parser.getString());
                } else if (value == JsonToken.VALUE_NUMBER_INT && "retryAfter".equals(name)) {
                    retryAfter = parser.getIntValue();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new EnrolmentException("the enrolment answer is not JSON: " + e.getOriginalMessage(), e);
        }
        String certificate = strings.get("certificate");
        return new EnrolmentAnswer(
                certificate == null ? List.of() : certificates(certificate),
                strings.get("code"),
                strings.get("detail"),
                retryAfter);
    }

    private static List<X509Certificate> certificates(String pem) throws EnrolmentException {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                            new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException e) {
            throw new EnrolmentException("the enrolment answer's certificate does not parse", e);
        }
    }
}
