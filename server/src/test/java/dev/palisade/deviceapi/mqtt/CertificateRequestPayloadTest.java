package dev.palisade.deviceapi.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.DeviceKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CertificateRequestPayloadTest {

    private final byte[] der = request();

    @Test
    void takesPemBase64AndRawDer() {
        byte[] pem = PemText.certificationRequest(der).getBytes(StandardCharsets.US_ASCII);
        byte[] base64 = Base64.getMimeEncoder().encode(der);

        assertThat(CertificateRequestPayload.der(pem)).isEqualTo(der);
        assertThat(CertificateRequestPayload.der(base64)).isEqualTo(der);
        assertThat(CertificateRequestPayload.der(der)).isEqualTo(der);
    }

    @Test
    void takesTheRequestOutOfItsJsonEnvelope() {
        String pem = PemText.certificationRequest(der).replace("\n", "\\n");
        byte[] envelope = ("{\"csr\": \"" + pem + "\"}").getBytes(StandardCharsets.US_ASCII);

        assertThat(CertificateRequestPayload.der(envelope)).isEqualTo(der);
    }

    @Test
    void handsOnWhatIsNoRequestUnchangedForThePkiToRefuse() {
        byte[] text = "not a certificate request".getBytes(StandardCharsets.US_ASCII);
        byte[] unknownField = "{\"csr\": \"MIIB\", \"extra\": 1}".getBytes(StandardCharsets.US_ASCII);

        assertThat(CertificateRequestPayload.der(text)).isEqualTo(text);
        assertThat(CertificateRequestPayload.der(unknownField)).isEqualTo(unknownField);
    }

    private static byte[] request() {
        try {
            return DeviceKeys.request("meter-0001", DeviceKeys.p256()).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
