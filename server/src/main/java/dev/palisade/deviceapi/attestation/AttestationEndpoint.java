package dev.palisade.deviceapi.attestation;

import dev.palisade.api.AttestationVerdictView;
import dev.palisade.api.Requests;
import dev.palisade.attestation.Attestation;
import dev.palisade.attestation.AttestationKeyBinding;
import dev.palisade.attestation.Evidence;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
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

    AttestationEndpoint(DeviceAuthentication authentication, Attestation attestation, AttestationKeyBinding binding) {
        this.authentication = authentication;
        this.attestation = attestation;
        this.binding = binding;
    }

    @PostMapping(BASE + "nonce")
    NonceView nonce(HttpServletRequest request) {
        AuthenticatedDevice device = device(request).device();
        Attestation.Nonce nonce = attestation.nonce(device.tenant(), device.device());
        return new NonceView(nonce.hex(), nonce.expiresAt());
    }

    @PostMapping(BASE + "ak-challenge")
    ChallengeView challenge(@RequestBody KeyPairRequest body, HttpServletRequest request) {
        AuthenticatedDevice device = device(request).device();
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
        AuthenticatedDevice device = device(request).device();
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
        AuthenticatedDevice device = device(request).device();
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
        AuthenticatedDevice device = presented.device();
        return AttestationVerdictView.of(
                attestation.attest(device.tenant(), device.device(), evidence, Requests.id(request)));
    }

    private record Presented(AuthenticatedDevice device, X509Certificate certificate) {}

    private Presented device(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain && chain.length > 0) {
            var device = authentication.identify(chain[0]);
            if (device.isPresent()) {
                return new Presented(device.get(), chain[0]);
            }
        }
        throw new ForbiddenException(
                "attestation.device.unauthenticated",
                "a valid, unrevoked client certificate of a registered device is required");
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

    record NonceView(String nonce, Instant expiresAt) {}

    /** @param credential tpm2-tools' credential file for {@code tpm2_activatecredential -i}, base64 */
    record ChallengeView(
            String challengeId, String credential, String idObject, String encryptedSecret, Instant expiresAt) {}

    record BoundView(String attestationKeyName, Instant boundAt) {}
}
