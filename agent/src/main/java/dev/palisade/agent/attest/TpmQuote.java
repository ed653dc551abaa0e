package dev.palisade.agent.attest;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A quote as the device endpoint takes it.
 *
 * @param attest the signed {@code TPMS_ATTEST} ({@code tpm2_quote -m})
 * @param signature its {@code TPMT_SIGNATURE} ({@code tpm2_quote -s})
 * @param pcrs the quoted PCRs' values, lower-case hex, by bank and index
 */
public record TpmQuote(byte[] attest, byte[] signature, SortedMap<String, SortedMap<Integer, String>> pcrs) {

    public TpmQuote {
        attest = attest.clone();
        signature = signature.clone();
        SortedMap<String, SortedMap<Integer, String>> copy = new TreeMap<>();
        pcrs.forEach((bank, values) -> copy.put(bank, Collections.unmodifiableSortedMap(new TreeMap<>(values))));
        pcrs = Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public byte[] attest() {
        return attest.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
