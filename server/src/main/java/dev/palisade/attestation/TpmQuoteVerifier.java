package dev.palisade.attestation;

import dev.palisade.attestation.tpm.MalformedTpmStructure;
import dev.palisade.attestation.tpm.PcrSelection;
import dev.palisade.attestation.tpm.QuoteVerifier;
import dev.palisade.attestation.tpm.TpmHash;
import dev.palisade.attestation.tpm.TpmPublic;
import dev.palisade.attestation.tpm.TpmQuote;
import dev.palisade.attestation.tpm.TpmSignature;
import dev.palisade.keys.FastCrypto;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Verifies TPM 2.0 quotes: parsed strictly, bound to the nonce, signed by the device's bound attestation key, the
 * reported PCR values proven by the quoted digest, and those quoted values compared with every release of the device's
 * model. Only PCRs the quote covers are compared: a value reported beside the quote but not quoted proves nothing.
 */
@Component
class TpmQuoteVerifier implements EvidenceVerifier<Evidence.TpmQuote> {

    private static final Pattern INDEX = Pattern.compile("[0-9]{1,2}");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){20,64}");

    @Override
    public VerifierKind kind() {
        return VerifierKind.TPM_QUOTE;
    }

    @Override
    public AssuranceLevel assurance() {
        return AssuranceLevel.TPM_QUOTE;
    }

    @Override
    public Assessment assess(Subject subject, Evidence.TpmQuote evidence) {
        TpmPublic key = subject.attestationKey()
                .map(bound -> parse(() -> TpmPublic.parseTpmt(bound.publicArea())))
                .orElseThrow(() -> new AttestationRefusedException(
                        AttestationReason.KEY_NOT_BOUND,
                        "bind an attestation key first (ak-challenge, then ak-activate)"));
        TpmQuote quote = parse(() -> TpmQuote.parse(evidence.attest()));
        TpmSignature signature = parse(() -> TpmSignature.parse(evidence.signature()));
        Map<TpmHash, Map<Integer, byte[]>> reported = reported(evidence.pcrs());
        Optional<QuoteVerifier.Problem> problem =
                QuoteVerifier.check(quote, signature, key, subject.nonce(), reported, FastCrypto.ecProvider());
        if (problem.isPresent()) {
            throw switch (problem.get()) {
                case NONCE_MISMATCH ->
                    new AttestationRefusedException(
                            AttestationReason.NONCE_MISMATCH, "the quote was not made over this nonce");
                case SIGNATURE_INVALID ->
                    new AttestationRefusedException(
                            AttestationReason.SIGNATURE_INVALID,
                            "the quote's signature does not verify with the device's attestation key");
                case PCR_VALUES_MISSING ->
                    new AttestationRefusedException(
                            AttestationReason.PCR_DIGEST_MISMATCH, "a quoted PCR's value is missing from pcrs");
                case PCR_DIGEST_MISMATCH ->
                    new AttestationRefusedException(
                            AttestationReason.PCR_DIGEST_MISMATCH, "the reported PCR values are not the values quoted");
            };
        }
        return compare(quoted(quote, reported), subject.references());
    }

    /** The values the quote proves: those of the selected PCRs, and no others. */
    private static Map<TpmHash, Map<Integer, byte[]>> quoted(
            TpmQuote quote, Map<TpmHash, Map<Integer, byte[]>> reported) {
        Map<TpmHash, Map<Integer, byte[]>> quoted = new EnumMap<>(TpmHash.class);
        for (PcrSelection selection : quote.selections()) {
            Map<Integer, byte[]> bank = quoted.computeIfAbsent(selection.bank(), b -> new TreeMap<>());
            for (int index : selection.indexes()) {
                byte[] value = reported.getOrDefault(selection.bank(), Map.of()).get(index);
                if (value != null) { // the verifier made sure every quoted value is there
                    bank.put(index, value);
                }
            }
        }
        return quoted;
    }

    static Assessment compare(Map<TpmHash, Map<Integer, byte[]>> quoted, List<ReferenceValues> references) {
        List<String> mismatches = new ArrayList<>();
        boolean any = false;
        for (ReferenceValues release : references) {
            if (release.pcrs().values().stream().allMatch(Map::isEmpty)) {
                continue;
            }
            any = true;
            String mismatch = firstMismatch(quoted, release);
            if (mismatch == null) {
                return new Assessment.Pass(
                        AssuranceLevel.TPM_QUOTE, release.release(), "PCRs match release " + release.release());
            }
            mismatches.add(release.release() + ": " + mismatch);
        }
        if (!any) {
            return new Assessment.Fail(
                    AttestationReason.NO_REFERENCE_VALUES, null, "no PCR reference values for the device's model");
        }
        String detail = String.join("; ", mismatches);
        return new Assessment.Fail(
                AttestationReason.PCR_MISMATCH, null, detail.length() > 900 ? detail.substring(0, 900) : detail);
    }

    private static @org.jspecify.annotations.Nullable String firstMismatch(
            Map<TpmHash, Map<Integer, byte[]>> quoted, ReferenceValues release) {
        for (var bank : release.pcrs().entrySet()) {
            Optional<TpmHash> hash = TpmHash.ofBankName(bank.getKey());
            for (var expected : bank.getValue().entrySet()) {
                String pcr = bank.getKey() + ":" + expected.getKey();
                byte[] value = hash.isEmpty()
                        ? null
                        : quoted.getOrDefault(hash.get(), Map.of()).get(expected.getKey());
                if (value == null) {
                    return pcr + " not quoted";
                }
                if (!MessageDigest.isEqual(value, ReferenceValues.bytes(expected.getValue()))) {
                    return pcr + " differs";
                }
            }
        }
        return null;
    }

    private static Map<TpmHash, Map<Integer, byte[]>> reported(Map<String, Map<String, String>> pcrs) {
        if (pcrs.size() > TpmHash.values().length) {
            throw malformed("pcrs: too many banks");
        }
        Map<TpmHash, Map<Integer, byte[]>> reported = new EnumMap<>(TpmHash.class);
        pcrs.forEach((bankName, values) -> {
            TpmHash bank =
                    TpmHash.ofBankName(bankName).orElseThrow(() -> malformed("pcrs: unknown bank '" + bankName + "'"));
            Map<Integer, byte[]> bankValues = new TreeMap<>();
            values.forEach((index, hex) -> {
                if (!INDEX.matcher(index).matches() || Integer.parseInt(index) > 23) {
                    throw malformed("pcrs: PCR indexes are 0 to 23");
                }
                if (!HEX.matcher(hex).matches() || hex.length() != bank.size() * 2) {
                    throw malformed("pcrs: " + bankName + ":" + index + " is not a lower-case hex " + bank.size()
                            + "-byte value");
                }
                bankValues.put(Integer.parseInt(index), HexFormat.of().parseHex(hex));
            });
            reported.put(bank, bankValues);
        });
        return reported;
    }

    private interface Parse<T> {
        T run() throws MalformedTpmStructure;
    }

    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.run();
        } catch (MalformedTpmStructure e) {
            throw malformed(String.valueOf(e.getMessage()));
        }
    }

    private static AttestationRefusedException malformed(String detail) {
        return new AttestationRefusedException(AttestationReason.MALFORMED_EVIDENCE, detail);
    }
}
