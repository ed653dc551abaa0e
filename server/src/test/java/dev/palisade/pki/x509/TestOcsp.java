package dev.palisade.pki.x509;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/** OCSP requests made with BouncyCastle's client side, and parsing of responses. */
final class TestOcsp {

    static final AlgorithmIdentifier SHA256 =
            new AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256);

    private TestOcsp() {}

    static CertificateID certId(AlgorithmIdentifier hash, X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(hash),
                new JcaX509CertificateHolder(issuer),
                serial);
    }

    static byte[] request(X509Certificate issuer, BigInteger serial) throws Exception {
        return request(null, certId(CertificateID.HASH_SHA1, issuer, serial));
    }

    static byte[] request(byte @Nullable [] nonce, CertificateID... ids) throws Exception {
        var builder = new OCSPReqBuilder();
        for (CertificateID id : ids) {
            builder.addRequest(id);
        }
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(new DEROctetString(nonce)))));
        }
        return builder.build().getEncoded();
    }

    static int status(byte[] response) throws Exception {
        return new OCSPResp(response).getStatus();
    }

    static BasicOCSPResp basic(byte[] response) throws Exception {
        OCSPResp parsed = new OCSPResp(response);
        if (parsed.getStatus() != 0) {
            throw new AssertionError("OCSP response status " + parsed.getStatus());
        }
        return (BasicOCSPResp) parsed.getResponseObject();
    }
}
