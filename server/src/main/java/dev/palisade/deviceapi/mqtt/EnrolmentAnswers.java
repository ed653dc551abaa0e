package dev.palisade.deviceapi.mqtt;

import dev.palisade.broker.BootstrapEnrolment.Answer;
import dev.palisade.broker.DevicePolicy;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.PemText;
import dev.palisade.policy.PolicyDocument;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The JSON answers on a device's {@code provisioning/<id>/enrol/accepted} and {@code .../rejected} topics. */
final class EnrolmentAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EnrolmentAnswers() {}

    /**
     * The device is enrolled: its operational certificate with the issuing CA's (what it presents when it connects),
     * the CA certificates up to the root, and what its sessions will be allowed (policies, variables unresolved).
     */
    static Answer accepted(
            DeviceId device, IssuedCertificate issued, List<X509Certificate> caChain, DevicePolicy policy) {
        var presented = new ArrayList<X509Certificate>();
        presented.add(issued.certificate());
        if (!caChain.isEmpty()) {
            presented.add(caChain.getFirst());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deviceId", device.value());
        answer.put("serial", issued.serialHex());
        answer.put("notAfter", issued.certificate().getNotAfter().toInstant().toString());
        answer.put("certificate", PemText.certificates(presented));
        answer.put("caCertificates", PemText.certificates(caChain));
        answer.put(
                "policy",
                Map.of(
                        "sources",
                        policy.sources(),
                        "documents",
                        policy.documents().stream().map(EnrolmentAnswers::tree).toList()));
        return new Answer(true, JSON.writeValueAsBytes(answer));
    }

    /**
     * Refused, with the provisioning code EST would name, or not yet ({@code retryAfter} seconds: the device asks again
     * then, as EST's 202 and 503 tell it).
     */
    static Answer rejected(String code, String detail, @Nullable Integer retryAfter) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", code);
        answer.put("detail", detail);
        if (retryAfter != null) {
            answer.put("retryAfter", retryAfter);
        }
        return new Answer(false, JSON.writeValueAsBytes(answer));
    }

    private static Object tree(PolicyDocument document) {
        return JSON.readTree(document.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
