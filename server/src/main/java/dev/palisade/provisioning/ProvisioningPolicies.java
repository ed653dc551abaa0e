package dev.palisade.provisioning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.attestation.AssuranceLevel;
import dev.palisade.audit.AuditLog;
import dev.palisade.provisioning.internal.PolicyRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.storage.AfterCommit;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The tenant's registration settings: firmware floors (the tenant's and per model), the optional webhook, and whether a
 * device must attest before it registers.
 */
@Service
public class ProvisioningPolicies {

    /** How long a first contact may decide by a policy read earlier: the delay before another node applies a change. */
    static final Duration REMEMBERED = Duration.ofSeconds(5);

    private final PolicyRepository policies;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final Clock clock;
    /**
     * Each tenant's policy as first contacts apply it: read once every few seconds instead of with every device. A
     * change on this node forgets it once committed; another node applies it within {@link #REMEMBERED}.
     */
    private final Cache<TenantId, ProvisioningPolicy> remembered = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(REMEMBERED)
            .build();
    /** Counts committed changes, so that a policy read before one is not remembered after it. */
    private final AtomicLong changes = new AtomicLong();

    ProvisioningPolicies(PolicyRepository policies, TenantTransactions transactions, AuditLog audit, Clock clock) {
        this.policies = policies;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** The tenant's settings as stored now. */
    public ProvisioningPolicy get(TenantId tenant) {
        return transactions.readInTenant(tenant, () -> policies.find(tenant)).orElseGet(ProvisioningPolicy::none);
    }

    /**
     * The tenant's settings as a first contact applies them: as stored at most {@link #REMEMBERED} ago, and as stored
     * now after a change made on this node.
     */
    public ProvisioningPolicy forDecision(TenantId tenant) {
        ProvisioningPolicy known = remembered.getIfPresent(tenant);
        if (known != null) {
            return known;
        }
        long seen = changes.get();
        ProvisioningPolicy policy = get(tenant);
        if (changes.get() == seen) { // a change committed meanwhile: the next first contact reads again
            remembered.put(tenant, policy);
        }
        return policy;
    }

    /** Replaces the tenant's settings; a null floor, webhook or attestation window means none. */
    public ProvisioningPolicy replace(
            Caller caller,
            @Nullable String firmwareFloor,
            @Nullable Map<String, String> modelFloors,
            @Nullable String webhookUrl,
            @Nullable Duration attestationWithin,
            @Nullable String attestationAssurance) {
        var floors = new TreeMap<String, FirmwareVersion>();
        if (modelFloors != null) {
            if (modelFloors.size() > 256) {
                throw new InvalidInputException("modelFloors", "at most 256 model floors");
            }
            modelFloors.forEach((model, floor) -> floors.put(model, version("modelFloors." + model, floor)));
        }
        var policy = new ProvisioningPolicy(
                firmwareFloor == null ? null : version("firmwareFloor", firmwareFloor),
                floors,
                webhook(webhookUrl),
                attestation(attestationWithin, attestationAssurance));
        transactions.inTenant(caller.tenant(), () -> {
            policies.save(caller.tenant(), policy, clock.instant().truncatedTo(ChronoUnit.MICROS));
            AfterCommit.run("forget the tenant's remembered provisioning policy", () -> {
                changes.incrementAndGet();
                remembered.invalidate(caller.tenant());
            });
            URI webhook = policy.webhook();
            FirmwareVersion floor = policy.firmwareFloor();
            AttestationRequirement attestation = policy.attestation();
            audit.append(caller.audit("provisioning.policy-changed", "provisioning-policy")
                    .withDetails(Map.of(
                            "firmwareFloor", floor == null ? "" : floor.text(),
                            "modelFloors",
                                    String.join(",", policy.modelFloorTexts().keySet()),
                            "webhook", webhook == null ? "" : webhook.getHost(),
                            "attestation",
                                    attestation == null
                                            ? ""
                                            : attestation.minimum().wireName() + " within " + attestation.within())));
        });
        return policy;
    }

    private static @Nullable AttestationRequirement attestation(@Nullable Duration within, @Nullable String assurance) {
        if (within == null) {
            if (assurance != null) {
                throw new InvalidInputException(
                        "attestationAssurance", "an assurance level goes with requireAttestationWithin");
            }
            return null;
        }
        AssuranceLevel minimum;
        try {
            minimum = assurance == null ? AssuranceLevel.TPM_QUOTE : AssuranceLevel.fromWireName(assurance);
        } catch (IllegalArgumentException e) {
            minimum = AssuranceLevel.NONE;
        }
        if (minimum == AssuranceLevel.NONE) {
            throw new InvalidInputException(
                    "attestationAssurance", "the assurance level is tpm-quote (the default) or signed-boot-log");
        }
        if (within.compareTo(AttestationRequirement.SHORTEST) < 0
                || within.compareTo(AttestationRequirement.LONGEST) > 0) {
            throw new InvalidInputException(
                    "requireAttestationWithin", "a passing verdict is required within a minute to a day (PT1M to P1D)");
        }
        return new AttestationRequirement(within, minimum);
    }

    private static FirmwareVersion version(String field, @Nullable String text) {
        if (text == null || !FirmwareVersion.isValid(text)) {
            throw new InvalidInputException(
                    "provisioning.invalid-firmware-version",
                    field,
                    "a firmware version is one to four dot-separated numbers, for example 1.4.0");
        }
        return new FirmwareVersion(text);
    }

    private static @Nullable URI webhook(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null || url.length() > 2048) {
                throw new URISyntaxException(url, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    "provisioning.invalid-webhook", "webhookUrl", "the webhook is an absolute https:// or http:// URL");
        }
    }
}
