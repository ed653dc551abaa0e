package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.CsrInspection.Accepted;
import dev.palisade.pki.x509.CsrInspection.Refused;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrInspectorTest {

    private static final KeyPair P256 = TestCsrs.ec("secp256r1");
    private final CsrInspector inspector = new CsrInspector(CsrPolicy.defaults());

    @Test
    void acceptsAnEcRequestAndIdentifiesItsKeyBySha256OfTheSubjectPublicKeyInfo() throws Exception {
        byte[] der = TestCsrs.request("CN=meter-0042, O=Acme", P256);

        CsrInspection result = inspector.inspect(der);

        assertThat(result).isInstanceOf(Accepted.class);
        InspectedCsr csr = ((Accepted) result).csr();
        assertThat(csr.commonName()).isEqualTo(DeviceId.of("meter-0042"));
        assertThat(csr.keyType()).isEqualTo(KeyType.EC_P256);
        assertThat(csr.der()).isEqualTo(der);
        assertThat(csr.publicKey().getEncoded()).isEqualTo(P256.getPublic().getEncoded());
        assertThat(csr.publicKeySha256())
                .isEqualTo(MessageDigest.getInstance("SHA-256")
                        .digest(P256.getPublic().getEncoded()));
        assertThat(csr.publicKeyFingerprint()).hasSize(64);
    }

    @Test
    void acceptsTheSameRequestInPem() {
        byte[] der = TestCsrs.request("CN=meter-0042", P256);
        byte[] pem = ("\n" + Pem.encode("CERTIFICATE REQUEST", der)).getBytes(StandardCharsets.US_ASCII);

        CsrInspection result = inspector.inspect(pem);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Accepted.class,
                        accepted -> assertThat(accepted.csr().der()).isEqualTo(der));
    }

    @Test
    void acceptsSha384AndSha512SignaturesOfEcAndRsaKeys() {
        KeyPair p384 = TestCsrs.ec("secp384r1");

        assertThat(inspector.inspect(TestCsrs.request("CN=a", p384, "SHA384withECDSA")))
                .isInstanceOf(Accepted.class);
        assertThat(inspector.inspect(TestCsrs.request("CN=a", P256, "SHA512withECDSA")))
                .isInstanceOf(Accepted.class);
        assertThat(inspector.inspect(TestCsrs.request("CN=a", RsaKeys.RSA_3072, "SHA512withRSA")))
                .isInstanceOf(Accepted.class);
    }

    @Test
    void refusesRequestsLargerThanThePolicyAllowsWithoutParsingThem() {
        byte[] huge = new byte[CsrPolicy.DEFAULT_MAX_BYTES + 1];

        assertThat(problemOf(inspector.inspect(huge))).isEqualTo(CsrProblem.TOO_LARGE);
    }

    @Test
    void refusesGarbageTruncationTrailingBytesAndBer() {
        byte[] der = TestCsrs.request("CN=meter-0042", P256);
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        byte[] ber = indefiniteLength(der);

        assertThat(problemOf(inspector.inspect(new byte[0]))).isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect("hello".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect(Arrays.copyOf(der, der.length - 1))))
                .isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect(trailing))).isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect(ber))).isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect(
                        "-----BEGIN CERTIFICATE REQUEST-----\n!!\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CsrProblem.MALFORMED);
        assertThat(problemOf(inspector.inspect(Pem.encode("CERTIFICATE", der).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CsrProblem.MALFORMED);
    }

    @Test
    void refusesDeeplyNestedInputAsMalformedInsteadOfOverflowingTheStack() {
        byte[] nested = DerTest.nestedSequences(3000);

        assertThat(nested.length).isLessThan(CsrPolicy.DEFAULT_MAX_BYTES);
        assertThat(problemOf(inspector.inspect(nested))).isEqualTo(CsrProblem.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b", "a#", "a/b", "$SYS", "*", "meter?", "a b", "-leading-dash", "x:y"})
    void refusesCommonNamesThatAreNotDeviceIds(String commonName) {
        var subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();

        CsrInspection result = inspector.inspect(TestCsrs.request(subject, P256));

        assertThat(problemOf(result)).isEqualTo(CsrProblem.INVALID_IDENTITY);
    }

    @Test
    void refusesACommonNameWithANulCharacterWithoutEchoingIt() {
        var subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "meter\u0000evil")
                .build();

        CsrInspection result = inspector.inspect(TestCsrs.request(subject, P256));

        assertThat(result).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo(CsrProblem.INVALID_IDENTITY);
            assertThat(refused.detail()).doesNotContain("\u0000").contains("meter?evil");
        });
    }

    @Test
    void refusesTwoCommonNamesAndMissingOnes() {
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a, CN=b", P256))))
                .isEqualTo(CsrProblem.INVALID_IDENTITY);
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a+CN=b", P256))))
                .isEqualTo(CsrProblem.INVALID_IDENTITY);
        assertThat(problemOf(inspector.inspect(TestCsrs.request("O=Acme", P256))))
                .isEqualTo(CsrProblem.MISSING_COMMON_NAME);
    }

    @Test
    void refusesCsrWhoseSignatureDoesNotMatchItsKey() {
        KeyPair other = TestCsrs.ec("secp256r1");

        byte[] forged = TestCsrs.request("CN=meter-0042", P256, "SHA256withECDSA", other.getPrivate());

        assertThat(problemOf(inspector.inspect(forged))).isEqualTo(CsrProblem.PROOF_OF_POSSESSION_FAILED);
    }

    @Test
    void refusesSha1AndSignaturesThatDoNotFitTheKey() {
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a", P256, "SHA1withECDSA"))))
                .isEqualTo(CsrProblem.UNSUPPORTED_SIGNATURE_ALGORITHM);
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a", RsaKeys.RSA_3072, "SHA256withRSAandMGF1"))))
                .isEqualTo(CsrProblem.UNSUPPORTED_SIGNATURE_ALGORITHM);
    }

    @Test
    void refusesKeysOutsideThePolicy() {
        var onlyP256 = new CsrInspector(new CsrPolicy(EnumSet.of(KeyType.EC_P256), 4096));

        assertThat(problemOf(onlyP256.inspect(TestCsrs.request("CN=a", TestCsrs.ec("secp384r1"), "SHA384withECDSA"))))
                .isEqualTo(CsrProblem.UNSUPPORTED_KEY);
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a", TestCsrs.ec("secp521r1"), "SHA512withECDSA"))))
                .isEqualTo(CsrProblem.UNSUPPORTED_KEY);
        assertThat(problemOf(inspector.inspect(TestCsrs.request("CN=a", RsaKeys.RSA_2048, "SHA256withRSA"))))
                .isEqualTo(CsrProblem.UNSUPPORTED_KEY);
    }

    @Test
    void everyProblemHasAStableCodeInThePkiCsrNamespace() {
        Set<String> codes = new java.util.HashSet<>();
        for (CsrProblem problem : CsrProblem.values()) {
            assertThat(problem.code()).matches("pki\\.csr\\.[a-z-]+");
            codes.add(problem.code());
        }

        assertThat(codes).hasSize(CsrProblem.values().length);
        assertThat(CsrProblem.PROOF_OF_POSSESSION_FAILED.code()).isEqualTo("pki.csr.proof-of-possession-failed");
    }

    private static CsrProblem problemOf(CsrInspection result) {
        assertThat(result).isInstanceOf(Refused.class);
        return ((Refused) result).problem();
    }

    /** The same request with its outer SEQUENCE in BER indefinite-length form. */
    private static byte[] indefiniteLength(byte[] der) {
        int headerLength = (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7f);
        var ber = new ByteArrayOutputStream();
        ber.write(0x30);
        ber.write(0x80);
        ber.write(der, headerLength, der.length - headerLength);
        ber.write(0);
        ber.write(0);
        return ber.toByteArray();
    }
}
