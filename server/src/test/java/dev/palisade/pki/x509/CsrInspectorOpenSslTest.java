package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.CsrInspection.Accepted;
import dev.palisade.pki.x509.CsrInspection.Refused;
import dev.palisade.support.OpenSsl;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests made by openssl, the way device provisioning scripts make them. */
class CsrInspectorOpenSslTest {

    @TempDir
    Path dir;

    private OpenSsl openssl;
    private final CsrInspector inspector = new CsrInspector(CsrPolicy.defaults());

    @BeforeEach
    void setUp() {
        openssl = new OpenSsl(dir);
    }

    @ParameterizedTest
    @CsvSource({
        "ec,ec_paramgen_curve:P-256,EC_P256",
        "ec,ec_paramgen_curve:P-384,EC_P384",
        "rsa,rsa_keygen_bits:3072,RSA_3072"
    })
    void acceptsOpensslRequestsInPemAndDer(String algorithm, String option, KeyType expected) throws Exception {
        openssl.ok(
                "req",
                "-new",
                "-newkey",
                algorithm,
                "-pkeyopt",
                option,
                "-noenc",
                "-keyout",
                "key.pem",
                "-subj",
                "/O=Acme/CN=meter-0042",
                "-out",
                "csr.pem");
        openssl.ok("req", "-in", "csr.pem", "-outform", "DER", "-out", "csr.der");

        CsrInspection fromPem = inspector.inspect(openssl.read("csr.pem"));
        CsrInspection fromDer = inspector.inspect(openssl.read("csr.der"));

        assertThat(fromPem).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.csr().keyType()).isEqualTo(expected);
            assertThat(accepted.csr().commonName()).isEqualTo(DeviceId.of("meter-0042"));
        });
        assertThat(fromDer).isEqualTo(fromPem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/CN=a\\+b", "/CN=$SYS", "/CN=*", "/CN=dev#1", "/CN=a\\/b", "/CN=meter-1/CN=meter-2"})
    void refusesOpensslRequestsWhoseCommonNameIsNotADeviceId(String subject) throws Exception {
        openssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-noenc",
                "-keyout",
                "key.pem",
                "-subj",
                subject,
                "-out",
                "csr.pem");

        CsrInspection result = inspector.inspect(openssl.read("csr.pem"));

        assertThat(result)
                .isInstanceOfSatisfying(
                        Refused.class, refused -> assertThat(refused.problem()).isEqualTo(CsrProblem.INVALID_IDENTITY));
    }

    @Test
    void refusesAnOpensslRequestWhoseSignatureBytesWereFlipped() throws Exception {
        openssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-noenc",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=meter-0042",
                "-outform",
                "DER",
                "-out",
                "csr.der");
        byte[] der = openssl.read("csr.der");
        // the signature BIT STRING ends the request; its last octet is the last octet of the ECDSA s value
        der[der.length - 1] ^= 0x01;

        CsrInspection result = inspector.inspect(der);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Refused.class,
                        refused -> assertThat(refused.problem()).isEqualTo(CsrProblem.PROOF_OF_POSSESSION_FAILED));
    }

    @Test
    void refusesAnOpensslRsa2048Request() throws Exception {
        openssl.ok(
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-noenc",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=meter-0042",
                "-out",
                "csr.pem");

        CsrInspection result = inspector.inspect(openssl.read("csr.pem"));

        assertThat(result)
                .isInstanceOfSatisfying(
                        Refused.class, refused -> assertThat(refused.problem()).isEqualTo(CsrProblem.UNSUPPORTED_KEY));
    }

    @Test
    void refusesATruncatedOpensslRequest() throws Exception {
        openssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-noenc",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=meter-0042",
                "-outform",
                "DER",
                "-out",
                "csr.der");
        byte[] der = openssl.read("csr.der");

        CsrInspection result = inspector.inspect(java.util.Arrays.copyOf(der, der.length / 2));

        assertThat(result)
                .isInstanceOfSatisfying(
                        Refused.class, refused -> assertThat(refused.problem()).isEqualTo(CsrProblem.MALFORMED));
    }
}
