package dev.palisade.attestation.tpm;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code TPMS_ATTEST} of type {@code TPM_ST_ATTEST_QUOTE}: what the TPM signed when asked to quote PCRs.
 *
 * @param encoded the bytes the signature covers
 * @param qualifiedSigner the qualified name of the key that signed it
 * @param extraData the caller's qualifying data: the server's nonce
 * @param resetCount how often the TPM was reset (rebooted): a change between two quotes means the device rebooted
 * @param selections the PCRs quoted, per bank in the order the TPM digested them
 * @param pcrDigest the hash (with the signing scheme's hash algorithm) of the selected PCR values, concatenated
 */
public record TpmQuote(
        byte[] encoded,
        byte[] qualifiedSigner,
        byte[] extraData,
        long clock,
        long resetCount,
        long restartCount,
        boolean safe,
        long firmwareVersion,
        List<PcrSelection> selections,
        byte[] pcrDigest) {

    public TpmQuote {
        selections = List.copyOf(selections);
    }

    /** Parses {@code TPMS_ATTEST} as {@code tpm2_quote -m} writes it, refusing any other attestation type. */
    public static TpmQuote parse(byte[] data) throws MalformedTpmStructure {
        var in = new TpmReader(data, "TPMS_ATTEST");
        long magic = in.u32();
        if (magic != TpmAlgorithms.TPM_GENERATED_VALUE) {
            throw new MalformedTpmStructure("TPMS_ATTEST: not made by a TPM (magic 0x" + Long.toHexString(magic) + ")");
        }
        int type = in.u16();
        if (type != TpmAlgorithms.ST_ATTEST_QUOTE) {
            throw new MalformedTpmStructure("TPMS_ATTEST: not a quote (type 0x" + Integer.toHexString(type) + ")");
        }
        byte[] signer = in.sized("qualifiedSigner", 2 + 64);
        byte[] extraData = in.sized("extraData", 64);
        long clock = in.u64();
        long resetCount = in.u32();
        long restartCount = in.u32();
        int safe = in.u8();
        if (safe > 1) {
            throw new MalformedTpmStructure("TPMS_ATTEST: clockInfo.safe is not a boolean");
        }
        long firmware = in.u64();
        long count = in.u32();
        if (count < 1 || count > TpmHash.values().length) {
            throw new MalformedTpmStructure("TPMS_ATTEST: " + count + " PCR banks selected");
        }
        List<PcrSelection> selections = new ArrayList<>();
        for (int bank = 0; bank < count; bank++) {
            TpmHash hash = TpmHash.require(in.u16(), "pcrSelect.hash");
            int size = in.u8();
            if (size < 3 || size > 4) {
                throw new MalformedTpmStructure("TPMS_ATTEST: a PCR selection of " + size + " bytes");
            }
            byte[] bitmap = in.bytes(size);
            var indexes = new java.util.TreeSet<Integer>();
            for (int i = 0; i < size * 8; i++) {
                if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
                    if (i > 23) {
                        throw new MalformedTpmStructure("TPMS_ATTEST: PCR " + i + " selected");
                    }
                    indexes.add(i);
                }
            }
            selections.add(new PcrSelection(hash, indexes));
        }
        byte[] pcrDigest = in.sized("pcrDigest", 64);
        in.end();
        return new TpmQuote(
                data.clone(),
                signer,
                extraData,
                clock,
                resetCount,
                restartCount,
                safe == 1,
                firmware,
                selections,
                pcrDigest);
    }
}
