package dev.palisade.provisioning;

import dev.palisade.audit.AuditLog;
import dev.palisade.provisioning.internal.PolicyRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The tenant's registration settings: firmware floors (the tenant's and per model) and the optional webhook. */
@Service
public class ProvisioningPolicies {

    private final PolicyRepository policies;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    ProvisioningPolicies(PolicyRepository policies, TenantTransactions transactions, AuditLog audit, Clock clock) {
        this.policies = policies;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public ProvisioningPolicy get(TenantId tenant) {
        return transactions.readInTenant(tenant, () -> policies.find(tenant)).orElseGet(ProvisioningPolicy::none);
    }

    /** Replaces the tenant's settings; a null floor or webhook means none. */
    public ProvisioningPolicy replace(
            Caller caller,
            @Nullable String firmwareFloor,
            @Nullable Map<String, String> modelFloors,
            @Nullable String webhookUrl) {
        var floors = new TreeMap<String, FirmwareVersion>();
        if (modelFloors != null) {
            if (modelFloors.size() > 256) {
                throw new InvalidInputException("modelFloors", "at most 256 model floors");
            }
            modelFloors.forEach((model, floor) -> floors.put(model, version("modelFloors." + model, floor)));
        }
        var policy = new ProvisioningPolicy(
                firmwareFloor == null ? null : version("firmwareFloor", firmwareFloor), floors, webhook(webhookUrl));
        transactions.inTenant(caller.tenant(), () -> {
            policies.save(caller.tenant(), policy, clock.instant().truncatedTo(ChronoUnit.MICROS));
            URI webhook = policy.webhook();
            FirmwareVersion floor = policy.firmwareFloor();
            audit.append(caller.audit("provisioning.policy-changed", "provisioning-policy")
                    .withDetails(Map.of(
                            "firmwareFloor", floor == null ? "" : floor.text(),
                            "modelFloors",
                                    String.join(",", policy.modelFloorTexts().keySet()),
                            "webhook", webhook == null ? "" : webhook.getHost())));
        });
        return policy;
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
