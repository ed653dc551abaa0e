package dev.palisade.attestation.tpm;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a quote against what the verifier knows: the nonce it issued, the attestation key it bound, and the PCR
 * values the device reported beside the quote. Comparing those values with reference values is the caller's job; this
 * only establishes that they are the values the TPM quoted.
 */
public final class QuoteVerifier {

    /** Why a quote is not evidence of the reported PCR values. */
    public enum Problem {
        /** The quote's qualifying data is not the nonce: an old quote, or one made for another request. */
        NONCE_MISMATCH,
        /** The bound attestation key did not sign it: another key did, or the quote was altered. */
        SIGNATURE_INVALID,
        /** A quoted PCR's value is missing from the report, or has the wrong length. */
        PCR_VALUES_MISSING,
        /** The reported values do not hash to the quoted digest: one was changed. */
        PCR_DIGEST_MISMATCH
    }

    private QuoteVerifier() {}

    /**
     * @param pcrs the reported PCR values per bank and index
     * @param provider a faster JCA provider for the signature, or null
     * @return the first problem found, or empty when the quote proves the reported values
     */
    public static Optional<Problem> check(
            TpmQuote quote,
            TpmSignature signature,
            TpmPublic attestationKey,
            byte[] nonce,
            Map<TpmHash, Map<Integer, byte[]>> pcrs,
            @Nullable Provider provider) {
        if (!MessageDigest.isEqual(quote.extraData(), nonce)) {
            return Optional.of(Problem.NONCE_MISMATCH);
        }
        if (!signature.verifies(attestationKey, quote.encoded(), provider)) {
            return Optional.of(Problem.SIGNATURE_INVALID);
        }
        var quoted = new ByteArrayOutputStream();
        for (PcrSelection selection : quote.selections()) {
            Map<Integer, byte[]> bank = pcrs.getOrDefault(selection.bank(), Map.of());
            for (int index : selection.indexes()) {
                byte[] value = bank.get(index);
                if (value == null || value.length != selection.bank().size()) {
                    return Optional.of(Problem.PCR_VALUES_MISSING);
                }
                quoted.writeBytes(value);
            }
        }
        // the TPM digests the selected values with the hash of the signing scheme (Part 3, TPM2_Quote)
        byte[] digest = signature.hash().hash(quoted.toByteArray());
        if (!MessageDigest.isEqual(digest, quote.pcrDigest())) {
            return Optional.of(Problem.PCR_DIGEST_MISMATCH);
        }
        return Optional.empty();
    }
}
