package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.OpenSsl;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openssl as the OCSP client: it makes the requests and verifies the responses. */
class OcspOpenSslTest {

    private static TestPki pki;
    private static X509Certificate good;
    private static X509Certificate revoked;
    private static Map<BigInteger, CertificateStatus> statuses;

    @TempDir
    Path dir;

    private OpenSsl openssl;
    private OcspResponder responder;

    @BeforeAll
    static void createHierarchy() {
        Clock clock = Clock.systemUTC();
        pki = TestPki.create(clock.instant());
        good = pki.device("meter-0001", TestCsrs.ec("secp256r1").getPublic());
        revoked = pki.device("meter-0002", TestCsrs.ec("secp256r1").getPublic());
        statuses = Map.of(
                good.getSerialNumber(),
                new CertificateStatus.Good(),
                revoked.getSerialNumber(),
                new CertificateStatus.Revoked(clock.instant().minusSeconds(60), RevocationReason.KEY_COMPROMISE));
    }

    private static CertificateStatus status(BigInteger serial) {
        return statuses.getOrDefault(serial, new CertificateStatus.Unknown());
    }

    @BeforeEach
    void setUp() throws Exception {
        openssl = new OpenSsl(dir);
        // openssl checks thisUpdate and nextUpdate against the real time
        responder = new OcspResponder(pki.issuing, pki.signer, pki.signerKey, Clock.systemUTC(), Duration.ofHours(1));
        openssl.write("issuing.pem", ChainOpenSslTest.pem(pki.issuing));
        openssl.write("chain.pem", ChainOpenSslTest.pem(pki.root) + ChainOpenSslTest.pem(pki.issuing));
        openssl.write("good.pem", ChainOpenSslTest.pem(good));
        openssl.write("revoked.pem", ChainOpenSslTest.pem(revoked));
    }

    @Test
    void opensslVerifiesAGoodAnswerSignedByTheDelegatedSigner() throws Exception {
        openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "good.pem", "-reqout", "req.der", "-no_nonce");
        openssl.write("resp.der", responder.respond(openssl.read("req.der"), OcspOpenSslTest::status));

        String output = openssl.ok(
                "ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "good.pem", "-CAfile", "chain.pem");

        assertThat(output).contains("Response verify OK").contains("good.pem: good");
    }

    @Test
    void opensslReadsARevokedAnswerWithItsReason() throws Exception {
        openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "revoked.pem", "-reqout", "req.der", "-no_nonce");
        openssl.write("resp.der", responder.respond(openssl.read("req.der"), OcspOpenSslTest::status));

        String output = openssl.ok(
                "ocsp",
                "-respin",
                "resp.der",
                "-issuer",
                "issuing.pem",
                "-cert",
                "revoked.pem",
                "-CAfile",
                "chain.pem");

        assertThat(output)
                .contains("Response verify OK")
                .contains("revoked.pem: revoked")
                .contains("Reason: keyCompromise");
    }

    @Test
    void opensslSha256CertIdsAreAnsweredToo() throws Exception {
        openssl.ok("ocsp", "-sha256", "-issuer", "issuing.pem", "-cert", "good.pem", "-reqout", "req.der", "-no_nonce");
        openssl.write("resp.der", responder.respond(openssl.read("req.der"), OcspOpenSslTest::status));

        String output = openssl.ok(
                "ocsp",
                "-respin",
                "resp.der",
                "-sha256",
                "-issuer",
                "issuing.pem",
                "-cert",
                "good.pem",
                "-CAfile",
                "chain.pem");

        assertThat(output).contains("Response verify OK").contains("good.pem: good");
    }

    @Test
    void theNonceOfAnOpensslRequestIsEchoedAndOpensslAcceptsIt() throws Exception {
        openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "good.pem", "-reqout", "req.der");
        byte[] request = openssl.read("req.der");
        byte[] response = responder.respond(request, OcspOpenSslTest::status);
        openssl.write("resp.der", response);

        // with -reqin and no -cert, openssl compares the response's nonce with the request's
        OpenSsl.Result result = openssl.run("ocsp", "-reqin", "req.der", "-respin", "resp.der", "-CAfile", "chain.pem");

        var sent = new OCSPReq(request).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        var echoed = TestOcsp.basic(response).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(sent).isNotNull();
        assertThat(echoed).isEqualTo(sent);
        assertThat(result.output()).contains("Response verify OK").doesNotContainIgnoringCase("nonce");
    }

    @Test
    void opensslNoticesAMissingNonceWhenTheAnswerComesFromAnotherRequest() throws Exception {
        // the control for the test above: a cached, nonce-less answer to a nonce request is flagged by openssl
        openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "good.pem", "-reqout", "nonce.der");
        openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "good.pem", "-reqout", "plain.der", "-no_nonce");
        openssl.write("resp.der", responder.respond(openssl.read("plain.der"), OcspOpenSslTest::status));

        OpenSsl.Result result =
                openssl.run("ocsp", "-reqin", "nonce.der", "-respin", "resp.der", "-CAfile", "chain.pem");

        assertThat(result.output()).containsIgnoringCase("no nonce in response");
    }
}
