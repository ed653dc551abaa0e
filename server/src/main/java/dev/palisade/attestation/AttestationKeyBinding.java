package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.attestation.internal.ExpiringTokens;
import dev.palisade.attestation.tpm.CredentialMaker;
import dev.palisade.attestation.tpm.MadeCredential;
import dev.palisade.attestation.tpm.MalformedTpmStructure;
import dev.palisade.attestation.tpm.TpmPublic;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.storage.TenantTransactions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Binds a device's attestation key (AK) to its expected endorsement key (EK) by credential activation. The device
 * sends both public areas; the server checks the EK is the one expected and the AK is a restricted signing key fixed
 * to its TPM, then encrypts a random secret to the EK for the AK's name (MakeCredential). Only the TPM holding the EK
 * can recover it, and only while the key with that name is loaded in it ({@code tpm2_activatecredential}); the device
 * returns the secret, and only then is the AK bound. Pending challenges live in memory, single-use and short-lived:
 * a restart forgets them, and the device starts again.
 */
@Service
public class AttestationKeyBinding {

    /**
     * A credential challenge for the device.
     *
     * @param credential what {@code tpm2_activatecredential -i} reads (tpm2-tools' credential file)
     * @param idObject the {@code TPM2B_ID_OBJECT}, for TPM stacks other than tpm2-tools
     * @param encryptedSecret the {@code TPM2B_ENCRYPTED_SECRET}, likewise
     */
    public record Challenge(UUID id, byte[] credential, byte[] idObject, byte[] encryptedSecret, Instant expiresAt) {}

    /** An attestation key bound to a device. */
    public record BoundKey(DeviceId device, byte[] name, Instant boundAt) {}

    private record Owner(TenantId tenant, DeviceId device) {}

    private record Pending(TpmPublic attestationKey, byte[] endorsementKeySha256, byte[] secret) {}

    private static final int SECRET_BYTES = 32;

    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final DeviceRegistry devices;
    private final Refusals refusals;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ExpiringTokens<Owner, Pending> challenges;

    AttestationKeyBinding(
            TenantTransactions transactions,
            AttestationRepository repository,
            DeviceRegistry devices,
            Refusals refusals,
            AuditLog audit,
            Clock clock,
            AttestationProperties properties) {
        this.transactions = transactions;
        this.repository = repository;
        this.devices = devices;
        this.refusals = refusals;
        this.audit = audit;
        this.clock = clock;
        this.challenges = new ExpiringTokens<>(clock, properties.challengeLifetime(), properties.maxOutstanding());
    }

    /**
     * Checks the keys and makes a credential challenge.
     *
     * @param endorsementKey the EK's public area, {@code TPM2B_PUBLIC} or {@code TPMT_PUBLIC}
     * @param attestationKey the AK's public area, likewise
     */
    public Challenge challenge(
            TenantId tenant, DeviceId device, byte[] endorsementKey, byte[] attestationKey, String requestId) {
        try {
            requireDevice(tenant, device);
            TpmPublic ek = parse(endorsementKey, "endorsement key");
            TpmPublic ak = parse(attestationKey, "attestation key");
            byte[] expected = transactions
                    .readInTenant(tenant, () -> repository.expectedEndorsementKey(tenant, device))
                    .orElseThrow(() -> new AttestationRefusedException(
                            AttestationReason.ENDORSEMENT_KEY_UNKNOWN,
                            "no endorsement key is expected for this device yet"));
            byte[] presented = ek.spkiSha256();
            if (!MessageDigest.isEqual(expected, presented)) {
                throw new AttestationRefusedException(
                        AttestationReason.ENDORSEMENT_KEY_NOT_EXPECTED,
                        "endorsement key " + HexFormat.of().formatHex(presented) + " is not the one expected");
            }
            if (!ek.isStorageKey()) {
                throw new AttestationRefusedException(
                        AttestationReason.ENDORSEMENT_KEY_UNSUITABLE,
                        "the endorsement key is not a restricted AES-CFB decryption key");
            }
            if (!ak.isAttestationKey()) {
                throw new AttestationRefusedException(
                        AttestationReason.KEY_UNSUITABLE,
                        "an attestation key must be restricted, sign only, fixedTPM, fixedParent and"
                                + " sensitiveDataOrigin");
            }
            byte[] secret = new byte[Math.min(SECRET_BYTES, ek.nameAlg().size())];
            random.nextBytes(secret);
            MadeCredential made = CredentialMaker.make(ek, ak.name(), secret, random);
            UUID id = UUID.randomUUID();
            Instant expiresAt;
            try {
                expiresAt =
                        challenges.issue(id.toString(), new Owner(tenant, device), new Pending(ak, presented, secret));
            } catch (IllegalStateException full) {
                throw new ConflictException("attestation.challenge.busy", "too many challenges outstanding; retry");
            }
            return new Challenge(id, made.tpm2ToolsBlob(), made.idObject(), made.encryptedSecret(), expiresAt);
        } catch (AttestationRefusedException refusal) {
            throw refusals.refuse(tenant, device, "ak-challenge", requestId, refusal);
        }
    }

    /** Binds the challenge's attestation key if {@code secret} is the credential; a challenge is answered once. */
    public BoundKey activate(TenantId tenant, DeviceId device, UUID challenge, byte[] secret, String requestId) {
        try {
            requireDevice(tenant, device);
            ExpiringTokens.Use<Pending> use = challenges.consume(challenge.toString(), new Owner(tenant, device));
            Pending pending = use.value()
                    .filter(value -> use.state() == ExpiringTokens.State.FRESH)
                    .orElseThrow(() -> new AttestationRefusedException(
                            AttestationReason.CHALLENGE_UNKNOWN,
                            "the challenge is unknown, answered already or expired ("
                                    + use.state().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            if (!MessageDigest.isEqual(pending.secret(), secret)) {
                throw new AttestationRefusedException(
                        AttestationReason.CHALLENGE_FAILED,
                        "the secret is not the credential: the attestation key is not in the endorsement key's TPM");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            byte[] name = pending.attestationKey().name();
            transactions.inTenant(tenant, () -> {
                repository.bindKey(
                        tenant,
                        device,
                        new AttestationRepository.BoundKey(
                                pending.attestationKey().encoded(), name, pending.endorsementKeySha256(), now));
                audit.append(AuditEntry.succeeded(
                                tenant, Refusals.device(device), "attestation.key-bound", "device:" + device, requestId)
                        .withDetails(Map.of(
                                "akName", HexFormat.of().formatHex(name),
                                "ekSha256", HexFormat.of().formatHex(pending.endorsementKeySha256()))));
            });
            return new BoundKey(device, name, now);
        } catch (AttestationRefusedException refusal) {
            throw refusals.refuse(tenant, device, "ak-activate", requestId, refusal);
        }
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetOldChallenges() {
        challenges.forgetOld();
    }

    private void requireDevice(TenantId tenant, DeviceId device) {
        if (devices.find(tenant, device).isEmpty()) {
            throw new AttestationRefusedException(
                    AttestationReason.DEVICE_UNKNOWN, "no device '" + device + "' is registered");
        }
    }

    private static TpmPublic parse(byte[] publicArea, String what) {
        try {
            return TpmPublic.parse(publicArea);
        } catch (MalformedTpmStructure e) {
            throw new AttestationRefusedException(AttestationReason.MALFORMED_EVIDENCE, what + ": " + e.getMessage());
        }
    }
}
