package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.attestation.tpm.MalformedTpmStructure;
import dev.palisade.attestation.tpm.TpmPublic;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The endorsement key each device's TPM is expected to hold, named by the SHA-256 of its DER SubjectPublicKeyInfo
 * (for example {@code openssl pkey -pubin -in ek.pem -outform DER | sha256sum}). An operator sets it, or the
 * provisioning feature from a manufacturing manifest; an attestation key is only bound through that endorsement key.
 */
@Service
public class EndorsementKeys {

    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final DeviceRegistry devices;
    private final AuditLog audit;
    private final Clock clock;

    EndorsementKeys(
            TenantTransactions transactions,
            AttestationRepository repository,
            DeviceRegistry devices,
            AuditLog audit,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** What is expected of a device: the endorsement key's hash and, once bound, its attestation key. */
    public record Expectation(
            DeviceId device,
            Optional<byte[]> endorsementKeySha256,
            Optional<Instant> updatedAt,
            Optional<byte[]> attestationKeyName,
            Optional<Instant> boundAt) {}

    /**
     * Sets the endorsement key expected of the device, in the caller's transaction if there is one (a manifest import
     * records every entry with its own changes), audited as {@code attestation.endorsement-key-expected}.
     *
     * @param sha256 SHA-256 of the endorsement key's DER SubjectPublicKeyInfo (32 bytes)
     * @throws NotFoundException if the device is not registered in the tenant
     */
    public void expect(TenantId tenant, DeviceId device, byte[] sha256, Actor actor, String requestId) {
        if (sha256.length != 32) {
            throw new InvalidInputException(
                    "attestation.endorsement.invalid-hash", "sha256", "an endorsement key hash is 32 bytes");
        }
        transactions.inTenant(tenant, () -> {
            if (devices.find(tenant, device).isEmpty()) {
                throw new NotFoundException("identity.device.not-found", "no device '" + device + "'");
            }
            repository.expectEndorsementKey(tenant, device, sha256.clone(), now());
            audit.append(AuditEntry.succeeded(
                            tenant, actor, "attestation.endorsement-key-expected", "device:" + device, requestId)
                    .withDetails(Map.of("sha256", HexFormat.of().formatHex(sha256))));
        });
    }

    /** {@link #expect(TenantId, DeviceId, byte[], Actor, String)} by an operator. */
    public void expect(Caller caller, DeviceId device, byte[] sha256) {
        expect(caller.tenant(), device, sha256, caller.actor(), caller.requestId());
    }

    /** The endorsement key hash expected of the device, if any. */
    public Optional<byte[]> expected(TenantId tenant, DeviceId device) {
        return transactions.readInTenant(tenant, () -> repository.expectedEndorsementKey(tenant, device));
    }

    public Expectation show(Caller caller, DeviceId device) {
        devices.get(caller, device);
        TenantId tenant = caller.tenant();
        return transactions.readInTenant(tenant, () -> {
            var bound = repository.boundKey(tenant, device);
            return new Expectation(
                    device,
                    repository.expectedEndorsementKey(tenant, device),
                    repository.endorsementKeyUpdatedAt(tenant, device),
                    bound.map(AttestationRepository.BoundKey::name),
                    bound.map(AttestationRepository.BoundKey::boundAt));
        });
    }

    /**
     * The hash by which an endorsement key is expected, from its public area as {@code tpm2_createek -u} writes it
     * ({@code TPM2B_PUBLIC}, or {@code TPMT_PUBLIC} with {@code -f tpmt}).
     *
     * @throws InvalidInputException if the bytes are not an RSA or ECC public area
     */
    public static byte[] sha256OfPublicArea(byte[] publicArea) {
        try {
            return TpmPublic.parse(publicArea).spkiSha256();
        } catch (MalformedTpmStructure e) {
            throw new InvalidInputException(
                    AttestationReason.MALFORMED_EVIDENCE.code(), "publicArea", String.valueOf(e.getMessage()));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
