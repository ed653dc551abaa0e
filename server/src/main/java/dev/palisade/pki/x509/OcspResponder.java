package dev.palisade.pki.x509;

import dev.palisade.keys.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OCSP responder (RFC 6960) for one issuing CA, signing through a delegated OCSP signer: a certificate of the
 * {@link CertificateProfile#OCSP_SIGNER} profile issued by that CA, whose key is in custody. Responses include the
 * signer's certificate and name the responder by key hash.
 *
 * <p>{@link #respond} turns any bytes into a complete OCSPResponse and never throws: malformedRequest for what does
 * not decode (or has more than {@value #MAX_CERT_IDS} CertIDs, or a nonce outside 1..128 octets, RFC 9654), unauthorized
 * when a CertID names another issuer, internalError when the lookup or the signature fails. A nonce in the request is
 * echoed. A request for one certificate without a nonce is answered from {@link #cache()} when possible; Good and
 * Revoked answers are stored there (Unknown ones are not, so serials queried before they are issued cannot stick).
 * Thread-safe.
 */
public final class OcspResponder {

    /** CertIDs per request; clients ask for one, a few at most. */
    public static final int MAX_CERT_IDS = 16;

    /** Request size bound: a request with one CertID is about 100 bytes; a signed one with a chain a few KiB. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    /** The cache capacity of {@link #OcspResponder(X509Certificate, X509Certificate, SigningKey, Clock, Duration)}. */
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);
    private static final int MAX_NONCE_OCTETS = 128;

    private final Map<CertIdHash, IssuerHashes> issuerHashes = new EnumMap<>(CertIdHash.class);
    private final SigningKey signerKey;
    private final X509CertificateHolder[] signerChain;
    private final RespID responderId;
    private final Clock clock;
    private final Duration validity;
    private final Duration cacheMargin;
    private final OcspResponseCache cache;

    private record IssuerHashes(byte[] nameHash, byte[] keyHash) {}

    /**
     * A responder with a cache of {@link #DEFAULT_CACHE_CAPACITY} responses.
     *
     * @param issuer the issuing CA whose certificates this responder answers for
     * @param signerCertificate the delegated signer: OCSP_SIGNER profile, issued (and verifiably signed) by
     *     {@code issuer}
     * @param signerKey the signer certificate's key in custody
     * @param clock the time of thisUpdate and producedAt
     * @param validity how long a response stays valid (nextUpdate = thisUpdate + validity); cached responses are served
     *     until a quarter of it remains, so clients always receive some freshness
     */
    public OcspResponder(
            X509Certificate issuer,
            X509Certificate signerCertificate,
            SigningKey signerKey,
            Clock clock,
            Duration validity) {
        this(issuer, signerCertificate, signerKey, clock, validity, DEFAULT_CACHE_CAPACITY);
    }

    /** As above, with the cache holding at most {@code cacheCapacity} responses (0 disables caching). */
    public OcspResponder(
            X509Certificate issuer,
            X509Certificate signerCertificate,
            SigningKey signerKey,
            Clock clock,
            Duration validity,
            int cacheCapacity) {
        if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("an OCSP response validity is between a minute and 7 days: " + validity);
        }
        requireDelegatedSigner(issuer, signerCertificate);
        Certificates.requireKeyOf(signerKey, signerCertificate, "OCSP signer");
        SubjectPublicKeyInfo issuerKey = PublicKeys.spki(issuer.getPublicKey());
        byte[] issuerName = issuer.getSubjectX500Principal().getEncoded();
        for (CertIdHash hash : CertIdHash.values()) {
            issuerHashes.put(
                    hash,
                    new IssuerHashes(
                            PublicKeys.digest(hash.jcaName(), issuerName),
                            PublicKeys.keyBitsHash(issuerKey, hash.jcaName())));
        }
        this.signerKey = signerKey;
        this.signerChain = new X509CertificateHolder[] {Certificates.holder(signerCertificate)};
        this.responderId = new RespID(new ResponderID(new DEROctetString(
                PublicKeys.keyBitsHash(PublicKeys.spki(signerCertificate.getPublicKey()), "SHA-1"))));
        this.clock = clock;
        this.validity = validity;
        this.cacheMargin = validity.dividedBy(4);
        this.cache = new OcspResponseCache(clock, cacheCapacity);
    }

    /** The cache of signed responses; invalidate a serial there after changing its status. */
    public OcspResponseCache cache() {
        return cache;
    }

    /**
     * Answers a DER OCSPRequest (the body of a POST, or the decoded path of a GET) with a DER OCSPResponse.
     *
     * @param lookup the status of a serial of this CA; called once per CertID unless the answer is cached
     */
    public byte[] respond(byte[] requestDer, Function<BigInteger, CertificateStatus> lookup) {
        try {
            return respondUnguarded(requestDer, lookup);
        } catch (RuntimeException unforeseen) {
            log.warn("OCSP request failed unexpectedly: {}", unforeseen.toString());
            return OcspErrors.internalError();
        }
    }

    private byte[] respondUnguarded(byte[] requestDer, Function<BigInteger, CertificateStatus> lookup) {
        ParsedRequest request;
        try {
            request = parse(requestDer);
        } catch (IOException | RuntimeException malformed) {
            return OcspErrors.malformedRequest();
        }
        if (request.certIds().isEmpty()
                || request.certIds().size() > MAX_CERT_IDS
                || (request.nonce() != null && !isValidNonce(request.nonce()))) {
            return OcspErrors.malformedRequest();
        }
        List<CertIdHash> hashes = new ArrayList<>();
        for (CertificateID id : request.certIds()) {
            var hash = CertIdHash.of(id.getHashAlgOID()).filter(h -> isOurs(h, id));
            if (hash.isEmpty()) {
                return OcspErrors.unauthorized();
            }
            hashes.add(hash.get());
        }
        boolean cacheable = request.certIds().size() == 1 && request.nonce() == null;
        BigInteger firstSerial = request.certIds().getFirst().getSerialNumber();
        byte[] firstCertId = DerWriter.der(request.certIds().getFirst().toASN1Primitive());
        if (cacheable) {
            byte @Nullable [] cached = cache.get(firstSerial, hashes.getFirst(), firstCertId);
            if (cached != null) {
                return cached;
            }
        }
        long generation = cache.generation();
        try {
            List<CertificateStatus> statuses = new ArrayList<>();
            for (CertificateID id : request.certIds()) {
                statuses.add(lookup.apply(id.getSerialNumber()));
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            byte[] response = sign(request, statuses, now);
            if (cacheable && !(statuses.getFirst() instanceof CertificateStatus.Unknown)) {
                cache.put(
                        firstSerial,
                        hashes.getFirst(),
                        firstCertId,
                        response,
                        now.plus(validity).minus(cacheMargin),
                        generation);
            }
            return response;
        } catch (RuntimeException | OCSPException | IOException failure) {
            log.warn("OCSP response for serial {} failed: {}", firstSerial.toString(16), failure.toString());
            return OcspErrors.internalError();
        }
    }

    private record ParsedRequest(
            List<CertificateID> certIds, @Nullable Extension nonce) {}

    private static ParsedRequest parse(byte[] requestDer) throws IOException {
        if (requestDer.length > MAX_REQUEST_BYTES || !Der.isWithinDepth(requestDer, Der.MAX_DEPTH)) {
            throw new IOException("not a DER value of acceptable size and depth");
        }
        OCSPReq request = new OCSPReq(requestDer);
        List<CertificateID> ids = new ArrayList<>();
        for (Req single : request.getRequestList()) {
            CertificateID id = single.getCertID();
            // touch every field now, so that a malformed CertID fails here rather than halfway through an answer
            id.getHashAlgOID();
            id.getIssuerNameHash();
            id.getIssuerKeyHash();
            id.getSerialNumber();
            ids.add(id);
        }
        @Nullable Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        return new ParsedRequest(List.copyOf(ids), nonce);
    }

    /** RFC 9654: the nonce is an OCTET STRING of 1 to 128 octets inside extnValue. */
    private static boolean isValidNonce(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        int length;
        try {
            length = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value))
                    .getOctets()
                    .length;
        } catch (IOException | RuntimeException rawNonce) {
            length = value.length; // RFC 6960 clients that put the nonce bytes in extnValue directly
        }
        return length >= 1 && length <= MAX_NONCE_OCTETS;
    }

    private boolean isOurs(CertIdHash hash, CertificateID id) {
        IssuerHashes ours = issuerHashes.get(hash);
        return ours != null
                && MessageDigest.isEqual(ours.nameHash(), id.getIssuerNameHash())
                && MessageDigest.isEqual(ours.keyHash(), id.getIssuerKeyHash());
    }

    private byte[] sign(ParsedRequest request, List<CertificateStatus> statuses, Instant now)
            throws OCSPException, IOException {
        var builder = new BasicOCSPRespBuilder(responderId);
        var thisUpdate = Certificates.date(now);
        var nextUpdate = Certificates.date(now.plus(validity));
        for (int i = 0; i < statuses.size(); i++) {
            builder.addResponse(request.certIds().get(i), toBouncyCastle(statuses.get(i)), thisUpdate, nextUpdate);
        }
        Extension nonce = request.nonce();
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        var basic = builder.build(new SigningKeyContentSigner(signerKey), signerChain, thisUpdate);
        OCSPResp response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
        return response.getEncoded();
    }

    private static org.bouncycastle.cert.ocsp.@Nullable CertificateStatus toBouncyCastle(CertificateStatus status) {
        return switch (status) {
            // BouncyCastle writes "good" for a null status
            case CertificateStatus.Good good -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
            case CertificateStatus.Unknown unknown -> new UnknownStatus();
            case CertificateStatus.Revoked revoked -> {
                var time = new ASN1GeneralizedTime(Certificates.date(revoked.revokedAt()));
                // as in CRLs, an unspecified reason is left out rather than stated (RFC 5280 5.3.1)
                @Nullable
                CRLReason reason = revoked.reason() == RevocationReason.UNSPECIFIED
                        ? null
                        : CRLReason.lookup(revoked.reason().code());
                yield new RevokedStatus(new RevokedInfo(time, reason));
            }
        };
    }

    private static void requireDelegatedSigner(X509Certificate issuer, X509Certificate signer) {
        if (!signer.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new IllegalArgumentException("the OCSP signer certificate was not issued by this CA");
        }
        try {
            List<String> purposes = signer.getExtendedKeyUsage();
            if (purposes == null || !purposes.contains(KeyPurposeId.id_kp_OCSPSigning.getId())) {
                throw new IllegalArgumentException("the OCSP signer certificate lacks the OCSPSigning purpose");
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the OCSP signer certificate's extended key usage is unreadable", e);
        }
        var holder = Certificates.holder(signer);
        var algorithm = Signatures.algorithm(holder.getSignatureAlgorithm())
                .orElseThrow(() -> new IllegalArgumentException("the OCSP signer certificate's algorithm is unknown"));
        byte[] tbs;
        try {
            tbs = holder.toASN1Structure().getTBSCertificate().getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("the OCSP signer certificate cannot be encoded", e);
        }
        if (!Signatures.verify(algorithm, issuer.getPublicKey(), tbs, holder.getSignature())) {
            throw new IllegalArgumentException(
                    "the OCSP signer certificate's signature does not verify with the CA key");
        }
    }
}
