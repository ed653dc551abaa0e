package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OcspResponderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration VALIDITY = Duration.ofHours(4);
    private static TestPki pki;

    private final MutableClock clock = new MutableClock(NOW);
    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Function<BigInteger, CertificateStatus> lookup = this::lookup;
    private OcspResponder responder;

    private CertificateStatus lookup(BigInteger serial) {
        lookups.incrementAndGet();
        return statuses.getOrDefault(serial, new CertificateStatus.Unknown());
    }

    @BeforeAll
    static void createHierarchy() {
        pki = TestPki.create(NOW);
    }

    @BeforeEach
    void setUp() {
        responder = new OcspResponder(pki.issuing, pki.signer, pki.signerKey, clock, VALIDITY);
    }

    @Test
    void answersGoodRevokedAndUnknownSignedByTheDelegatedSignerNamedByKeyHash() throws Exception {
        BigInteger good = Serials.random();
        BigInteger revoked = Serials.random();
        BigInteger unknown = Serials.random();
        statuses.put(good, new CertificateStatus.Good());
        statuses.put(revoked, new CertificateStatus.Revoked(NOW.minusSeconds(600), RevocationReason.KEY_COMPROMISE));

        byte[] response = responder.respond(
                TestOcsp.request(
                        null,
                        TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, good),
                        TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, revoked),
                        TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, unknown)),
                lookup);

        BasicOCSPResp basic = TestOcsp.basic(response);
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pki.signer.getPublicKey())))
                .isTrue();
        assertThat(basic.getCerts()).hasSize(1);
        assertThat(basic.getCerts()[0]).isEqualTo(new JcaX509CertificateHolder(pki.signer));
        byte[] keyHash = MessageDigest.getInstance("SHA-1")
                .digest(SubjectPublicKeyInfo.getInstance(
                                pki.signer.getPublicKey().getEncoded())
                        .getPublicKeyData()
                        .getBytes());
        assertThat(basic.getResponderId().toASN1Primitive())
                .isEqualTo(new ResponderID(ASN1OctetString.getInstance(new DEROctetString(keyHash))));
        SingleResp[] answers = basic.getResponses();
        assertThat(answers).hasSize(3);
        assertThat(answers[0].getCertID().getSerialNumber()).isEqualTo(good);
        assertThat(answers[0].getCertStatus()).isNull(); // BouncyCastle's "good"
        assertThat(answers[0].getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(answers[0].getNextUpdate().toInstant()).isEqualTo(NOW.plus(VALIDITY));
        assertThat(answers[1].getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class, status -> {
            assertThat(status.getRevocationTime().toInstant()).isEqualTo(NOW.minusSeconds(600));
            assertThat(status.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
        });
        assertThat(answers[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(basic.getProducedAt().toInstant()).isEqualTo(NOW);
    }

    @Test
    void answersSha256CertIds() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());

        byte[] response = responder.respond(
                TestOcsp.request(null, TestOcsp.certId(TestOcsp.SHA256, pki.issuing, serial)), lookup);

        SingleResp answer = TestOcsp.basic(response).getResponses()[0];
        assertThat(answer.getCertID().getHashAlgOID()).isEqualTo(TestOcsp.SHA256.getAlgorithm());
        assertThat(answer.getCertStatus()).isNull();
    }

    @Test
    void refusesCertIdsOfAnotherIssuerAsUnauthorized() throws Exception {
        TestPki other = TestPki.create(NOW);

        byte[] response = responder.respond(TestOcsp.request(other.issuing, Serials.random()), lookup);

        assertThat(TestOcsp.status(response)).isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void answersMalformedRequestForBytesThatAreNoRequest() throws Exception {
        byte[] valid = TestOcsp.request(pki.issuing, Serials.random());

        assertThat(TestOcsp.status(responder.respond(new byte[0], lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(new byte[] {0x30, 0x03, 0x02, 0x01}, lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(java.util.Arrays.copyOf(valid, valid.length - 3), lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(DerTest.nestedSequences(3000), lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(new byte[OcspResponder.MAX_REQUEST_BYTES + 1], lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void echoesTheNonceOfTheRequest() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());
        byte[] nonce = new byte[32];
        new java.security.SecureRandom().nextBytes(nonce);
        byte[] request = TestOcsp.request(nonce, TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, serial));

        byte[] response = responder.respond(request, lookup);

        var echoed = TestOcsp.basic(response).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        var sent =
                new org.bouncycastle.cert.ocsp.OCSPReq(request).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(echoed).isEqualTo(sent);
    }

    @Test
    void refusesEmptyAndOverlongNonces() throws Exception {
        CertificateID id = TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, Serials.random());

        assertThat(TestOcsp.status(responder.respond(TestOcsp.request(new byte[0], id), lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(TestOcsp.request(new byte[129], id), lookup)))
                .isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(TestOcsp.status(responder.respond(TestOcsp.request(new byte[128], id), lookup)))
                .isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    }

    @Test
    void answersARepeatedCacheableRequestFromTheCacheWithoutSigningOrLookingUp() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());
        byte[] request = TestOcsp.request(pki.issuing, serial);
        byte[] first = responder.respond(request, lookup);
        int signatures = pki.signerKey.signatureCount();

        byte[] second = responder.respond(request, lookup);

        assertThat(second).isEqualTo(first);
        assertThat(pki.signerKey.signatureCount()).isEqualTo(signatures);
        assertThat(lookups).hasValue(1);
        assertThat(responder.cache().size()).isEqualTo(1);
    }

    @Test
    void eachAnswerRepeatsTheCertIdOfItsOwnRequestEvenWhenTheCacheHoldsAnotherEncoding() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());
        CertificateID withNull = TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, serial);
        var withoutParameters = new CertificateID(new CertID(
                new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),
                new DEROctetString(withNull.getIssuerNameHash()),
                new DEROctetString(withNull.getIssuerKeyHash()),
                new ASN1Integer(serial)));
        responder.respond(TestOcsp.request(null, withNull), lookup);

        byte[] response = responder.respond(TestOcsp.request(null, withoutParameters), lookup);

        assertThat(TestOcsp.basic(response).getResponses()[0].getCertID()).isEqualTo(withoutParameters);
    }

    @Test
    void aRevocationInvalidatedInTheCacheIsAnsweredAtOnce() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());
        byte[] request = TestOcsp.request(pki.issuing, serial);
        responder.respond(request, lookup);

        statuses.put(serial, new CertificateStatus.Revoked(NOW, RevocationReason.CESSATION_OF_OPERATION));
        responder.cache().invalidate(serial);
        byte[] after = responder.respond(request, lookup);

        assertThat(TestOcsp.basic(after).getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void aResponseComputedWhileItsSerialWasInvalidatedIsNotCached() throws Exception {
        BigInteger serial = Serials.random();
        byte[] request = TestOcsp.request(pki.issuing, serial);
        Function<BigInteger, CertificateStatus> racingLookup = s -> {
            lookups.incrementAndGet();
            // the revocation commits and invalidates between this lookup and the cache store
            responder.cache().invalidate(s);
            return new CertificateStatus.Good();
        };

        responder.respond(request, racingLookup);
        responder.respond(request, racingLookup);

        assertThat(lookups).hasValue(2);
    }

    @Test
    void cachedResponsesAreServedOnlyWhileAQuarterOfTheirValidityRemains() throws Exception {
        BigInteger serial = Serials.random();
        statuses.put(serial, new CertificateStatus.Good());
        byte[] request = TestOcsp.request(pki.issuing, serial);
        responder.respond(request, lookup);

        clock.advance(VALIDITY.multipliedBy(3).dividedBy(4).minusSeconds(1));
        responder.respond(request, lookup);
        int beforeExpiry = lookups.get();
        clock.advance(Duration.ofSeconds(1));
        byte[] fresh = responder.respond(request, lookup);

        assertThat(beforeExpiry).isEqualTo(1);
        assertThat(lookups).hasValue(2);
        assertThat(TestOcsp.basic(fresh).getProducedAt().toInstant()).isEqualTo(clock.instant());
    }

    @Test
    void requestsWithANonceOrSeveralCertIdsAndUnknownAnswersAreNeverCached() throws Exception {
        BigInteger known = Serials.random();
        statuses.put(known, new CertificateStatus.Good());
        CertificateID id = TestOcsp.certId(CertificateID.HASH_SHA1, pki.issuing, known);

        responder.respond(TestOcsp.request(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, id), lookup);
        responder.respond(TestOcsp.request(null, id, id), lookup);
        responder.respond(TestOcsp.request(pki.issuing, Serials.random()), lookup);

        assertThat(responder.cache().size()).isZero();
    }

    @Test
    void aFailingLookupIsAnInternalErrorNotAnException() throws Exception {
        byte[] response = responder.respond(TestOcsp.request(pki.issuing, Serials.random()), serial -> {
            throw new IllegalStateException("database down");
        });

        assertThat(TestOcsp.status(response)).isEqualTo(OCSPRespBuilder.INTERNAL_ERROR);
    }

    @Test
    void refusesASignerThatIsNotADelegatedSignerOfTheCa() {
        TestPki other = TestPki.create(NOW);
        var device = pki.device("meter-0042", pki.signerKey.publicKey());

        assertThatThrownBy(() -> new OcspResponder(pki.issuing, other.signer, other.signerKey, clock, VALIDITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not issued by this CA");
        assertThatThrownBy(() -> new OcspResponder(pki.issuing, device, pki.signerKey, clock, VALIDITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OCSPSigning");
        assertThatThrownBy(() -> new OcspResponder(pki.issuing, pki.signer, pki.issuingKey, clock, VALIDITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the key");
    }
}
