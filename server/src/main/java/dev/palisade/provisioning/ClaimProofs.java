package dev.palisade.provisioning;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.protocol.claim.ClaimProof;
import dev.palisade.provisioning.internal.ClaimRepository;
import dev.palisade.provisioning.internal.ManufacturerRepository;
import dev.palisade.provisioning.internal.RateLimits;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.storage.TenantTransactions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The device's side of claiming, authenticated by its bootstrap certificate at the TLS layer. It asks for a nonce,
 * which is bound to the tenant's claim on it and to that certificate, single use and short-lived; then it proves that
 * it holds the claim code by sending the code with its signature over the nonce and the code's digest
 * ({@link ClaimProof}). A proven claim stands in for a manifest entry at the device's next first contact. Every
 * refusal changes nothing (but for a nonce spent, or a wrong code counted) and is audited; a claim that took too many
 * wrong codes locks, so that a code cannot be guessed online.
 */
@Service
public class ClaimProofs {

    /** Nonces of one claim that may be outstanding at once. */
    static final int MAX_OUTSTANDING_NONCES = 8;

    private static final int NONCE_BYTES = 32;
    private static final int MAX_SIGNATURE_BYTES = 1024;
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{64}");

    private final ManufacturerTrust trust;
    private final ClaimRepository claims;
    private final RateLimits limits;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final ClaimRefusals refusals;
    private final Clock clock;
    private final Duration nonceLifetime;
    private final int maxAttempts;
    private final SecureRandom random = new SecureRandom();

    ClaimProofs(
            ManufacturerTrust trust,
            ClaimRepository claims,
            RateLimits limits,
            TenantTransactions transactions,
            AuditLog audit,
            ClaimRefusals refusals,
            ProvisioningSettings settings,
            Clock clock) {
        this.trust = trust;
        this.claims = claims;
        this.limits = limits;
        this.transactions = transactions;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
        this.nonceLifetime = settings.claimNonceLifetime();
        this.maxAttempts = settings.claimMaxAttempts();
    }

    /** A nonce to prove the claim with, and until when it may be used. */
    public record ClaimNonce(String hex, Instant expiresAt) {}

    /** A proven claim: the id the device registers as (its CSR names it), and until when it must enrol. */
    public record Proven(UUID claim, DeviceId device, Instant expiresAt) {}

    /**
     * A nonce for the claim on the device presenting {@code chain}.
     *
     * @param tenant the tenant the device asked for; null: the one tenant that registered its CA
     * @throws PalisadeException when there is no claim in play for it, or it cannot ask now (audited)
     */
    public ClaimNonce nonce(@Nullable TenantId tenant, X509Certificate[] chain, String requestId) {
        Presenter presenter = presenter(tenant, chain, requestId);
        Optional<String> serial = BootstrapSubject.serialOf(presenter.bootstrap());
        if (serial.isEmpty()) {
            throw presenter.refuse(
                    new Refusal(
                            RefusalReason.CLAIM_NOT_FOUND,
                            "the bootstrap certificate names no device (one subject serialNumber, or one common name)"),
                    null);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        record Issued(@Nullable DeviceClaim claim, @Nullable Refusal refusal) {}
        Issued issued = transactions.inTenant(presenter.tenant(), () -> {
            Optional<DeviceClaim> newest = claims.newestFor(presenter.tenant(), presenter.manufacturer(), serial.get());
            if (newest.isEmpty()) {
                return new Issued(
                        null,
                        new Refusal(
                                RefusalReason.CLAIM_NOT_FOUND,
                                "no claim of this tenant names device '" + serial.get() + "' of this manufacturer"));
            }
            DeviceClaim claim = newest.get();
            Optional<Refusal> unusable = unusable(claim, presenter, now);
            if (unusable.isPresent()) {
                return new Issued(claim, unusable.get());
            }
            claims.forgetNonces(presenter.tenant(), claim.id(), now.minus(nonceLifetime));
            if (claims.outstandingNonces(presenter.tenant(), claim.id(), now) >= MAX_OUTSTANDING_NONCES) {
                return new Issued(
                        claim,
                        new Refusal(
                                RefusalReason.CLAIM_BUSY,
                                MAX_OUTSTANDING_NONCES + " nonces of this claim are outstanding; use one, or wait"
                                        + " for them to expire"));
            }
            claims.insertNonce(
                    presenter.tenant(),
                    sha256(nonce),
                    claim.id(),
                    presenter.fingerprint(),
                    now,
                    now.plus(nonceLifetime));
            return new Issued(claim, null);
        });
        Refusal refused = issued.refusal();
        if (refused != null) {
            throw presenter.refuse(refused, issued.claim());
        }
        return new ClaimNonce(HexFormat.of().formatHex(nonce), now.plus(nonceLifetime));
    }

    /**
     * Proves the claim the nonce was issued for.
     *
     * @param nonceHex the nonce, lower-case hex
     * @param code the claim code, as printed (separators and case do not count)
     * @param signatureBase64 the signature over {@link ClaimProof#signedBytes} with the bootstrap certificate's key
     * @throws PalisadeException when the proof is refused (audited); a wrong code counts, and locks the claim at the
     *     limit
     */
    public Proven prove(
            @Nullable TenantId tenant,
            X509Certificate[] chain,
            @Nullable String nonceHex,
            @Nullable String code,
            @Nullable String signatureBase64,
            String requestId) {
        Presenter presenter = presenter(tenant, chain, requestId);
        if (nonceHex == null || !NONCE.matcher(nonceHex).matches()) {
            throw presenter.refuse(malformed("nonce is the 64 lower-case hex digits the nonce request answered"), null);
        }
        Optional<ClaimCode> presented = ClaimCode.presented(code);
        if (presented.isEmpty()) {
            throw presenter.refuse(malformed("code is the claim code: letters A-Z and digits"), null);
        }
        byte[] signature = signature(signatureBase64);
        if (signature.length == 0) {
            throw presenter.refuse(malformed("signature is the base64 signature over the proof"), null);
        }
        byte[] nonceHash = sha256(HexFormat.of().parseHex(nonceHex));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ProofOutcome outcome = transactions.inTenant(presenter.tenant(), () -> {
            Optional<ClaimRepository.IssuedNonce> issued = claims.lockNonce(presenter.tenant(), nonceHash)
                    .filter(found -> MessageDigest.isEqual(found.bootstrapSha256(), presenter.fingerprint()));
            if (issued.isEmpty()) {
                return ProofOutcome.refused(
                        null,
                        RefusalReason.CLAIM_NONCE_UNKNOWN,
                        "this nonce was not issued to this device for a claim of this tenant, or is forgotten");
            }
            if (issued.get().usedAt() != null) {
                return ProofOutcome.refused(null, RefusalReason.CLAIM_NONCE_REPLAYED, "this nonce was used already");
            }
            if (!now.isBefore(issued.get().expiresAt())) {
                return ProofOutcome.refused(null, RefusalReason.CLAIM_NONCE_EXPIRED, "this nonce has expired");
            }
            claims.useNonce(presenter.tenant(), nonceHash, now); // spent, whatever follows
            DeviceClaim claim =
                    claims.lock(presenter.tenant(), issued.get().claim()).orElseThrow();
            Optional<Refusal> unusable = unusable(claim, presenter, now);
            if (unusable.isPresent()) {
                return new ProofOutcome(claim, unusable.get());
            }
            if (!signedByBootstrapKey(presenter.bootstrap().getPublicKey(), nonceHex, presented.get(), signature)) {
                return ProofOutcome.refused(
                        claim,
                        RefusalReason.CLAIM_SIGNATURE_INVALID,
                        "the signature does not verify with the bootstrap certificate's key over this nonce and code");
            }
            ClaimRepository.StoredCode stored = claims.code(presenter.tenant(), claim.id());
            if (!presented.get().matches(new ClaimCode.Hash(stored.salt(), stored.hash(), stored.iterations()))) {
                return wrongCode(presenter, claim, now);
            }
            if (claim.state() == ClaimState.OPEN) {
                claims.markProven(presenter.tenant(), claim.id(), now, presenter.fingerprint());
                audit.append(AuditEntry.succeeded(
                                presenter.tenant(),
                                presenter.actor(),
                                "provisioning.claim-proven",
                                "claim:" + claim.id(),
                                requestId)
                        .withDetails(presenter.facts(claim)));
            }
            return new ProofOutcome(claim, null);
        });
        Refusal refusal = outcome.refusal();
        if (refusal != null) {
            throw presenter.refuse(refusal, outcome.claim());
        }
        DeviceClaim proven = outcome.claim();
        if (proven == null) {
            throw new IllegalStateException("a proof outcome without a claim or a refusal");
        }
        return new Proven(proven.id(), proven.device(), proven.expiresAt());
    }

    /** A proof's end: the claim it was for (if known) and the refusal, if refused. */
    private record ProofOutcome(
            @Nullable DeviceClaim claim, @Nullable Refusal refusal) {

        static ProofOutcome refused(@Nullable DeviceClaim claim, RefusalReason reason, String detail) {
            return new ProofOutcome(claim, new Refusal(reason, detail));
        }
    }

    /** Counts the wrong code and locks the claim when it reaches the limit; the count is kept, the proof refused. */
    private ProofOutcome wrongCode(Presenter presenter, DeviceClaim claim, Instant now) {
        int attempts = claims.countWrongCode(presenter.tenant(), claim.id());
        if (attempts < maxAttempts) {
            int left = maxAttempts - attempts;
            return ProofOutcome.refused(
                    claim,
                    RefusalReason.CLAIM_WRONG_CODE,
                    "the claim code is wrong; " + left + (left == 1 ? " attempt" : " attempts") + " left");
        }
        claims.end(presenter.tenant(), claim.id(), ClaimState.LOCKED, now, "device:" + presenter.fingerprintHex());
        audit.append(AuditEntry.succeeded(
                        presenter.tenant(),
                        presenter.actor(),
                        "provisioning.claim-locked",
                        "claim:" + claim.id(),
                        presenter.requestId())
                .withDetails(presenter.facts(claim))
                .withDetails(Map.of("failedAttempts", Integer.toString(attempts))));
        return ProofOutcome.refused(
                claim,
                RefusalReason.CLAIM_WRONG_CODE,
                "the claim code is wrong; that was the last attempt: the claim is locked, and its owner makes a new"
                        + " one");
    }

    /**
     * Why the claim takes no proof (nor nonce) from the presenter now: it is used, expired, cancelled or locked, or
     * another certificate naming the device proved it. A claim this certificate proved may be proven again (a device
     * that lost the answer retries); that changes nothing.
     */
    private static Optional<Refusal> unusable(DeviceClaim claim, Presenter presenter, Instant now) {
        ClaimState state = claim.stateAt(now);
        if (state == ClaimState.OPEN) {
            return Optional.empty();
        }
        byte[] provenBy = claim.provenBootstrapSha256();
        if (state == ClaimState.PROVEN
                && provenBy != null
                && MessageDigest.isEqual(provenBy, presenter.fingerprint())) {
            return Optional.empty();
        }
        return Optional.of(ClaimVouchers.refusal(claim, now));
    }

    /**
     * Who is asking: the bootstrap certificate, and the one registration of its CA with the tenant it named (or, naming
     * none, with the one tenant that registered it). Rate-limited with first contact, as it is first-contact traffic.
     */
    private Presenter presenter(@Nullable TenantId tenant, X509Certificate[] chain, String requestId) {
        X509Certificate bootstrap = chain[0];
        byte[] fingerprint = ManufacturerRepository.sha256(bootstrap);
        String fingerprintHex = HexFormat.of().formatHex(fingerprint);
        var actor = new Actor(Actor.ActorKind.DEVICE, "bootstrap:" + fingerprintHex, subject(bootstrap));
        List<ManufacturerTrust.Registration> ofTenant = trust.registrations(chain).stream()
                .filter(registration -> tenant == null || registration.tenant().equals(tenant))
                .toList();
        if (ofTenant.size() != 1) {
            var refusal = new Refusal(
                    RefusalReason.UNKNOWN_BOOTSTRAP_CA,
                    ofTenant.isEmpty()
                            ? "the bootstrap certificate's CA is not registered with this tenant"
                            : "the bootstrap CA is registered with more than one tenant: name the tenant,"
                                    + " /device/v1/claim/<tenant>/...");
            if (tenant == null) {
                throw ClaimRefusals.problem(refusal);
            }
            throw refusals.refuse(tenant, actor, "bootstrap:" + fingerprintHex, requestId, refusal, Map.of());
        }
        ManufacturerTrust.Registration registration = ofTenant.getFirst();
        String caHex = HexFormat.of().formatHex(ManufacturerRepository.sha256(registration.ca()));
        if (!limits.tryAcquire(registration.tenant(), caHex)) {
            // not audited, as on first contact: under a flood a record per refusal is the load the limit keeps out
            throw ClaimRefusals.problem(new Refusal(
                    RefusalReason.RATE_LIMITED, "too many requests from bootstrap certificates; try again"));
        }
        return new Presenter(
                registration.tenant(),
                registration.manufacturer().id(),
                registration.manufacturer().name(),
                bootstrap,
                fingerprint,
                fingerprintHex,
                actor,
                requestId,
                refusals);
    }

    /** The device asking, as far as claiming is concerned. */
    private record Presenter(
            TenantId tenant,
            UUID manufacturer,
            String manufacturerName,
            X509Certificate bootstrap,
            byte[] fingerprint,
            String fingerprintHex,
            Actor actor,
            String requestId,
            ClaimRefusals refusals) {

        Map<String, String> facts(@Nullable DeviceClaim claim) {
            return claim == null
                    ? Map.of("manufacturer", manufacturerName, "bootstrapCertificateSha256", fingerprintHex)
                    : Map.of(
                            "manufacturer", manufacturerName,
                            "bootstrapCertificateSha256", fingerprintHex,
                            "claim", claim.id().toString(),
                            "serial", claim.serial(),
                            "deviceId", claim.device().value());
        }

        PalisadeException refuse(Refusal refusal, @Nullable DeviceClaim claim) {
            String target = claim == null ? "bootstrap:" + fingerprintHex : "claim:" + claim.id();
            return refusals.refuse(tenant, actor, target, requestId, refusal, facts(claim));
        }
    }

    private static boolean signedByBootstrapKey(PublicKey key, String nonceHex, ClaimCode code, byte[] signature) {
        Optional<String> algorithm = ClaimProof.signatureAlgorithm(key);
        if (algorithm.isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(algorithm.get());
            verifier.initVerify(key);
            verifier.update(ClaimProof.signedBytes(nonceHex, code.normalised()));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a signature that does not even parse verifies nothing
        }
    }

    private static byte[] signature(@Nullable String base64) {
        if (base64 == null || base64.length() > MAX_SIGNATURE_BYTES * 2) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static Refusal malformed(String detail) {
        return new Refusal(RefusalReason.CLAIM_MALFORMED, detail);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        return name.isEmpty() ? "bootstrap" : name.length() > 200 ? name.substring(0, 200) : name;
    }
}
