package dev.palisade.pki.x509;

import java.io.IOException;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/** The unsigned OCSP error responses (RFC 6960 4.2.1), encoded once and handed out as copies. */
final class OcspErrors {

    private static final byte[] MALFORMED_REQUEST = encode(OCSPRespBuilder.MALFORMED_REQUEST);
    private static final byte[] INTERNAL_ERROR = encode(OCSPRespBuilder.INTERNAL_ERROR);
    private static final byte[] UNAUTHORIZED = encode(OCSPRespBuilder.UNAUTHORIZED);

    private OcspErrors() {}

    static byte[] malformedRequest() {
        return MALFORMED_REQUEST.clone();
    }

    static byte[] internalError() {
        return INTERNAL_ERROR.clone();
    }

    static byte[] unauthorized() {
        return UNAUTHORIZED.clone();
    }

    private static byte[] encode(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
