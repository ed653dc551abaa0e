package dev.palisade.deviceapi.attestation;

import dev.palisade.api.AttestationVerdictView;
import dev.palisade.api.Requests;
import dev.palisade.attestation.Attestation;
import dev.palisade.attestation.AttestationKeyBinding;
import dev.palisade.attestation.Evidence;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.provisioning.FirstContact;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The device's side of attestation under {@code /device/v1/attestation/}. The device is whoever its TLS client
 * certificate names; binary TPM structures travel as base64, nonces as hex (what {@code tpm2_quote -q} takes).
 */
@RestController
class AttestationEndpoint {

    static final String BASE = "/device/v1/attestation/";
    private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";

    private final DeviceAuthentication authentication;
    private final Attestation attestation;
    private final AttestationKeyBinding binding;
    private final FirstContact firstContact;

    AttestationEndpoint(
            DeviceAuthentication authentication,
            Attestation attestation,
            AttestationKeyBinding binding,
            FirstContact firstContact) {
        this.authentication = authentication;
        this.attestation = attestation;
        this.binding = binding;
        this.firstContact = firstContact;
    }

    @PostMapping(BASE + "nonce")
    NonceView nonce(HttpServletRequest request) {
        Presented device = device(request);
        Attestation.Nonce nonce = attestation.nonce(device.tenant(), device.device());
        return new NonceView(
                nonce.hex(),
                nonce.expiresAt(),
                pcrSelection(attestation.quoteSelection(device.tenant(), device.device())));
    }

    @PostMapping(BASE + "ak-challenge")
    ChallengeView challenge(@RequestBody KeyPairRequest body, HttpServletRequest request) {
        Presented device = device(request);
        AttestationKeyBinding.Challenge challenge = binding.challenge(
                device.tenant(),
                device.device(),
                base64("endorsementKey", body.endorsementKey()),
                base64("attestationKey", body.attestationKey()),
                Requests.id(request));
        var encoder = Base64.getEncoder();
        return new ChallengeView(
                challenge.id().toString(),
                encoder.encodeToString(challenge.credential()),
                encoder.encodeToString(challenge.idObject()),
                encoder.encodeToString(challenge.encryptedSecret()),
                challenge.expiresAt());
    }

    @PostMapping(BASE + "ak-activate")
    BoundView activate(@RequestBody ActivateRequest body, HttpServletRequest request) {
        Presented device = device(request);
        UUID challenge;
        try {
            challenge = UUID.fromString(body.challengeId() == null ? "" : body.challengeId());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("challengeId", "challengeId is the id the challenge answered with");
        }
        AttestationKeyBinding.BoundKey bound = binding.activate(
                device.tenant(), device.device(), challenge, base64("secret", body.secret()), Requests.id(request));
        return new BoundView(HexFormat.of().formatHex(bound.name()), bound.boundAt());
    }

    @PostMapping(BASE + "quote")
    AttestationVerdictView quote(@RequestBody QuoteRequest body, HttpServletRequest request) {
        Presented device = device(request);
        String nonce = body.nonce();
        if (nonce == null || !nonce.matches("([0-9a-f]{2}){1,64}")) {
            throw new InvalidInputException("attestation.evidence.malformed", "nonce", "nonce is lower-case hex");
        }
        var evidence = new Evidence.TpmQuote(
                HexFormat.of().parseHex(nonce),
                base64("quote", body.quote()),
                base64("signature", body.signature()),
                body.pcrs() == null ? Map.of() : body.pcrs());
        return AttestationVerdictView.of(
                attestation.attest(device.tenant(), device.device(), evidence, Requests.id(request)));
    }

    @PostMapping(BASE + "boot-log")
    AttestationVerdictView bootLog(@RequestBody BootLogRequest body, HttpServletRequest request) {
        Presented presented = device(request);
        var evidence = new Evidence.SignedBootLog(
                base64("log", body.log()),
                base64("signature", body.signature()),
                presented.certificate().getPublicKey());
        return AttestationVerdictView.of(
                attestation.attest(presented.tenant(), presented.device(), evidence, Requests.id(request)));
    }

    private record Presented(TenantId tenant, DeviceId device, X509Certificate certificate) {}

    /**
     * Whoever the client certificate names: a device's own certificate, or the bootstrap certificate of a device that
     * registered at its first contact and must attest before it enrols.
     */
    private Presented device(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain && chain.length > 0) {
            Optional<AuthenticatedDevice> device = authentication.identify(chain[0]);
            if (device.isPresent()) {
                return new Presented(device.get().tenant(), device.get().device(), chain[0]);
            }
            Optional<FirstContact.AttestingDevice> waiting = firstContact.awaitingAttestation(chain);
            if (waiting.isPresent()) {
                return new Presented(waiting.get().tenant(), waiting.get().device(), chain[0]);
            }
        }
        throw new ForbiddenException(
                "attestation.device.unauthenticated",
                "a valid, unrevoked client certificate of a registered device is required (or the bootstrap"
                        + " certificate of a device that waits to attest before it enrols)");
    }

    /** A PCR selection as {@code tpm2_quote -l} takes it: {@code sha256:0,1,2,3,7}, banks joined by {@code +}. */
    static String pcrSelection(SortedMap<String, SortedSet<Integer>> selection) {
        return selection.entrySet().stream()
                .map(bank -> bank.getKey() + ":"
                        + bank.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining("+"));
    }

    private static byte[] base64(String field, @Nullable String value) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("attestation.evidence.malformed", field, field + " is not base64");
        }
    }

    /** Public areas as {@code tpm2_createek -u} and {@code tpm2_createak -u} write them, base64. */
    record KeyPairRequest(
            @Nullable String endorsementKey, @Nullable String attestationKey) {}

    record ActivateRequest(
            @Nullable String challengeId, @Nullable String secret) {}

    /**
     * @param quote {@code tpm2_quote -m}, base64
     * @param signature {@code tpm2_quote -s}, base64
     * @param pcrs the quoted PCR values per bank and index, hex
     */
    record QuoteRequest(
            @Nullable String nonce,
            @Nullable String quote,
            @Nullable String signature,
            @Nullable Map<String, Map<String, String>> pcrs) {}

    record BootLogRequest(@Nullable String log, @Nullable String signature) {}

    /**
     * @param pcrSelection the PCRs a quote over this nonce should cover, as {@code tpm2_quote -l} takes them (a boot
     *     log ignores it)
     */
    record NonceView(String nonce, Instant expiresAt, String pcrSelection) {}

    /** @param credential tpm2-tools' credential file for {@code tpm2_activatecredential -i}, base64 */
    record ChallengeView(
            String challengeId, String credential, String idObject, String encryptedSecret, Instant expiresAt) {}

    record BoundView(String attestationKeyName, Instant boundAt) {}
}
