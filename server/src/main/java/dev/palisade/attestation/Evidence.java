package dev.palisade.attestation;

import java.security.PublicKey;
import java.util.Map;

/** What a device sends to be attested; each kind has its verifier. */
public sealed interface Evidence {

    /**
     * A TPM 2.0 quote as tpm2-tools writes it.
     *
     * @param nonce the server nonce the quote was made over ({@code tpm2_quote -q})
     * @param attest the {@code TPMS_ATTEST} ({@code tpm2_quote -m})
     * @param signature the {@code TPMT_SIGNATURE} ({@code tpm2_quote -s})
     * @param pcrs the PCR values quoted, as lower-case hex, per bank name ({@code sha256}) and index ("0" … "23")
     */
    record TpmQuote(byte[] nonce, byte[] attest, byte[] signature, Map<String, Map<String, String>> pcrs)
            implements Evidence {

        public TpmQuote {
            pcrs = Map.copyOf(pcrs);
        }
    }

    /**
     * A boot log signed by the device key (docs/attestation.md describes the format).
     *
     * @param log the log's JSON bytes, exactly as signed
     * @param signature the signature of {@code log}
     * @param deviceKey the public key of the certificate the device authenticated with
     */
    record SignedBootLog(byte[] log, byte[] signature, PublicKey deviceKey) implements Evidence {}
}
