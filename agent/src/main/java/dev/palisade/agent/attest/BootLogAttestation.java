package dev.palisade.agent.attest;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.protocol.json.CanonicalJson;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attestation for a device without a TPM: its boot measurements, with a fresh server nonce, signed with the device's
 * own key and sent over mutual TLS to {@code /device/v1/attestation/boot-log}. The server compares them with the
 * reference values of the device's model and answers with a verdict. A signed boot log is only as trustworthy as the
 * software that measured it, so it passes at a lower assurance than a TPM quote, and tenants may refuse it.
 */
public final class BootLogAttestation {

    private final DeviceEndpointClient endpoint;
    private final DeviceCredential credential;

    public BootLogAttestation(Endpoints endpoints, DeviceCredential credential) throws GeneralSecurityException {
        this.endpoint = new DeviceEndpointClient(endpoints, credential);
        this.credential = credential;
    }

    /**
     * Attests {@code measurements} (component name to hex SHA-256) for {@code deviceId}.
     *
     * @throws AttestationRefusedException when the server refuses the boot log (its code says why)
     * @throws IOException when the server cannot be reached or answers other than with a verdict
     */
    public AttestationVerdict attest(String deviceId, Map<String, String> measurements)
            throws IOException, InterruptedException, GeneralSecurityException, AttestationRefusedException {
        String nonce = endpoint.post("nonce", "{}").getOrDefault("nonce", "");
        if (!nonce.matches("([0-9a-f]{2}){16,64}")) {
            throw new IOException("the server sent no nonce");
        }
        Map<String, Object> log = new TreeMap<>();
        log.put("device", deviceId);
        log.put("nonce", nonce);
        log.put("measurements", new TreeMap<>(measurements));
        byte[] logBytes = CanonicalJson.toBytes(log);
        Signature signer = Signature.getInstance(signatureAlgorithm());
        signer.initSign(credential.key());
        signer.update(logBytes);
        Map<String, Object> body = new TreeMap<>();
        body.put("log", Base64.getEncoder().encodeToString(logBytes));
        body.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
        try {
            return AttestationVerdict.of(endpoint.post("boot-log", CanonicalJson.toString(body)));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private String signatureAlgorithm() {
        return switch (credential.key().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default ->
                throw new IllegalStateException(
                        "no boot-log signature for a " + credential.key().getAlgorithm() + " key");
        };
    }
}
