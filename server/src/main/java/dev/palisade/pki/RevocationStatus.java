package dev.palisade.pki;

import dev.palisade.pki.internal.CrlPublisher;
import dev.palisade.pki.internal.OcspService;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Revocation status for relying parties: CRLs and OCSP answers, all served from memory. */
@Service
public class RevocationStatus {

    private final CrlPublisher crls;
    private final OcspService ocsp;

    RevocationStatus(CrlPublisher crls, OcspService ocsp) {
        this.crls = crls;
        this.ocsp = ocsp;
    }

    /** The newest full CRL (DER) of an authority, or empty for an unknown one. */
    public Optional<byte[]> fullCrl(CaId ca) {
        return crls.full(ca);
    }

    /** The newest delta CRL (DER) of an authority, or empty for an unknown one. */
    public Optional<byte[]> deltaCrl(CaId ca) {
        return crls.delta(ca);
    }

    /** The OCSP response (DER) to a request for an authority, or empty for an unknown authority. */
    public Optional<byte[]> ocsp(CaId ca, byte[] request) {
        return ocsp.respond(ca, request);
    }
}
