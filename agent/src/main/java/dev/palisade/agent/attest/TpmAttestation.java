package dev.palisade.agent.attest;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.protocol.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Attestation with the device's TPM, against the device endpoint ({@code /device/v1/attestation/}), as
 * docs/attestation.md describes it:
 *
 * <ol>
 *   <li>once per attestation key, binding it by credential activation: the EK's and AK's public areas to
 *       {@code ak-challenge}; the server's credential, made for that AK with that EK, through
 *       {@code tpm2_activatecredential}; the secret back to {@code ak-activate}. Where it was bound (device and
 *       server) is kept in {@code ak.bound}, so the next attestation skips it;
 *   <li>each time: a {@code nonce}, which also names the PCRs to quote; {@code tpm2_quote} over them with the AK;
 *       the quote, its signature and the PCR values to {@code quote}, which answers with the verdict.
 * </ol>
 *
 * A server that has forgotten the binding ({@code attestation.key.not-bound}) gets it again, once.
 */
public final class TpmAttestation {

    /** What a server that names no PCRs is quoted: the firmware and boot-loader PCRs of the PC Client profile. */
    public static final PcrSelection DEFAULT_SELECTION = PcrSelection.parse("sha256:0,1,2,3,4,5,6,7");

    static final String BINDING_RECORD = "ak.bound";
    private static final String KEY_NOT_BOUND = "attestation.key.not-bound";

    private final DeviceEndpointClient endpoint;
    private final String server;
    private final Tpm tpm;

    public TpmAttestation(Endpoints endpoints, DeviceCredential credential, Tpm tpm) throws GeneralSecurityException {
        this.endpoint = new DeviceEndpointClient(endpoints, credential);
        this.server = endpoints.host() + ":" + endpoints.estPort();
        this.tpm = tpm;
    }

    /**
     * What one attestation did.
     *
     * @param verdict the server's verdict
     * @param boundKeyName the AK's name (hex) when this attestation bound it, else null
     * @param quoted the PCRs quoted
     */
    public record Result(
            AttestationVerdict verdict, @Nullable String boundKeyName, PcrSelection quoted) {}

    /**
     * Binds the TPM's attestation key to {@code deviceId} if it is not yet, then quotes the PCRs the server names over
     * its nonce and returns the verdict.
     *
     * @throws TpmException when tpm2-tools or the TPM fail
     * @throws AttestationRefusedException when the server refuses a step (its code says why)
     * @throws IOException when the server cannot be reached or answers with something unexpected
     */
    public Result attest(String deviceId)
            throws TpmException, AttestationRefusedException, IOException, InterruptedException {
        try (Tpm.Session session = tpm.session()) {
            String name = HexFormat.of().formatHex(session.attestationKeyName());
            String record = bindingRecord(deviceId, name);
            @Nullable String bound = null;
            if (!record.equals(readBindingRecord())) {
                bound = bind(session, record);
            }
            try {
                return quote(session, bound);
            } catch (AttestationRefusedException refused) {
                if (bound != null || !refused.code().equals(KEY_NOT_BOUND)) {
                    throw refused;
                }
                return quote(session, bind(session, record));
            }
        }
    }

    /** Credential activation: proves to the server that the AK lives in the TPM whose EK it expects. */
    private String bind(Tpm.Session session, String record)
            throws TpmException, AttestationRefusedException, IOException, InterruptedException {
        Files.deleteIfExists(bindingFile());
        var encoder = Base64.getEncoder();
        Map<String, Object> keys = new TreeMap<>();
        keys.put("endorsementKey", encoder.encodeToString(session.endorsementKey()));
        keys.put("attestationKey", encoder.encodeToString(session.attestationKey()));
        Map<String, String> challenge = endpoint.post("ak-challenge", CanonicalJson.toString(keys));
        String challengeId = required(challenge, "challengeId", "ak-challenge");
        byte[] credential = base64(required(challenge, "credential", "ak-challenge"), "credential");
        byte[] secret = session.activateCredential(credential);
        Map<String, Object> answer = new TreeMap<>();
        answer.put("challengeId", challengeId);
        answer.put("secret", encoder.encodeToString(secret));
        Arrays.fill(secret, (byte) 0);
        Map<String, String> bound = endpoint.post("ak-activate", CanonicalJson.toString(answer));
        String name = HexFormat.of().formatHex(session.attestationKeyName());
        if (!name.equals(bound.get("attestationKeyName"))) {
            throw new IOException(
                    "the server bound the key " + bound.get("attestationKeyName") + ", not this TPM's " + name);
        }
        Files.writeString(bindingFile(), record, StandardCharsets.UTF_8);
        return name;
    }

    private Result quote(Tpm.Session session, @Nullable String boundKeyName)
            throws TpmException, AttestationRefusedException, IOException, InterruptedException {
        Map<String, String> issued = endpoint.post("nonce", "{}");
        String nonce = issued.getOrDefault("nonce", "");
        if (!nonce.matches("([0-9a-f]{2}){16,64}")) {
            throw new IOException("the server sent no nonce");
        }
        PcrSelection selection = selection(issued.get("pcrSelection"));
        TpmQuote quote = session.quote(selection, nonce);
        var encoder = Base64.getEncoder();
        Map<String, Object> body = new TreeMap<>();
        body.put("nonce", nonce);
        body.put("quote", encoder.encodeToString(quote.attest()));
        body.put("signature", encoder.encodeToString(quote.signature()));
        body.put("pcrs", pcrsByName(quote));
        Map<String, String> answer = endpoint.post("quote", CanonicalJson.toString(body));
        try {
            return new Result(AttestationVerdict.of(answer), boundKeyName, selection);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The server's selection, parsed strictly; the default when it names none. */
    static PcrSelection selection(@Nullable String named) throws IOException {
        if (named == null || named.isEmpty()) {
            return DEFAULT_SELECTION;
        }
        try {
            return PcrSelection.parse(named);
        } catch (IllegalArgumentException e) {
            throw new IOException("the server asked for PCRs this agent cannot quote: " + e.getMessage(), e);
        }
    }

    /** The PCR values as the quote step takes them: hex by bank name and index as a string. */
    static Map<String, Map<String, String>> pcrsByName(TpmQuote quote) {
        Map<String, Map<String, String>> banks = new TreeMap<>();
        quote.pcrs().forEach((bank, values) -> {
            Map<String, String> byIndex = new TreeMap<>();
            values.forEach((index, hex) -> byIndex.put(String.valueOf(index), hex));
            banks.put(bank, byIndex);
        });
        return banks;
    }

    private String bindingRecord(String deviceId, String keyName) {
        return deviceId + " " + server + " " + keyName + "\n";
    }

    private @Nullable String readBindingRecord() throws IOException {
        Path file = bindingFile();
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    private Path bindingFile() {
        return tpm.directory().resolve(BINDING_RECORD);
    }

    private static String required(Map<String, String> answer, String member, String step) throws IOException {
        String value = answer.get(member);
        if (value == null || value.isEmpty()) {
            throw new IOException("the server's answer to " + step + " has no " + member);
        }
        return value;
    }

    private static byte[] base64(String value, String member) throws IOException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IOException("the server's " + member + " is not base64", e);
        }
    }
}
