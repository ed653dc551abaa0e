package dev.palisade.api.provisioning;

import dev.palisade.api.provisioning.ProvisioningViews.PolicyView;
import dev.palisade.api.provisioning.ProvisioningViews.RecallView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.provisioning.ProvisioningPolicies;
import dev.palisade.provisioning.Recall;
import dev.palisade.provisioning.Recalls;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's registration policy (firmware floors, webhook) and its recall list. */
@RestController
class RegistrationController {

    private final ProvisioningPolicies policies;
    private final Recalls recalls;

    RegistrationController(ProvisioningPolicies policies, Recalls recalls) {
        this.policies = policies;
        this.recalls = recalls;
    }

    @GetMapping("/api/v1/provisioning/policy")
    @RequiresPermission(Permission.PROVISIONING_READ)
    PolicyView policy(Caller caller) {
        return PolicyView.of(policies.get(caller.tenant()));
    }

    /** Replaces the whole policy: a field left out means none. */
    @PutMapping("/api/v1/provisioning/policy")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    PolicyView replacePolicy(Caller caller, @RequestBody(required = false) @Nullable PolicyChange change) {
        PolicyChange given = change == null ? new PolicyChange(null, null, null, null, null) : change;
        return PolicyView.of(policies.replace(
                caller,
                given.firmwareFloor(),
                given.modelFloors(),
                given.webhookUrl(),
                duration(given.requireAttestationWithin()),
                given.attestationAssurance()));
    }

    @GetMapping("/api/v1/recalls")
    @RequiresPermission(Permission.PROVISIONING_READ)
    RecallList recalls(Caller caller) {
        return new RecallList(recalls.list(caller).stream().map(RecallView::of).toList());
    }

    /** Recalls a device id ({@code device/ID}) or a serial ({@code serial/SERIAL}); 201 the first time, then 200. */
    @PutMapping("/api/v1/recalls/{recallKind}/{recallValue}")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ResponseEntity<Void> recall(
            Caller caller,
            @PathVariable String recallKind,
            @PathVariable String recallValue,
            @RequestBody(required = false) @Nullable Reason reason) {
        boolean added = recalls.recall(caller, kind(recallKind), recallValue, reason == null ? null : reason.reason());
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).build();
    }

    @DeleteMapping("/api/v1/recalls/{recallKind}/{recallValue}")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ResponseEntity<Void> lift(Caller caller, @PathVariable String recallKind, @PathVariable String recallValue) {
        recalls.lift(caller, kind(recallKind), recallValue);
        return ResponseEntity.noContent().build();
    }

    private static Recall.Kind kind(String name) {
        try {
            return Recall.Kind.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "provisioning.recall.invalid-kind", "recallKind", "recall a 'device' or a 'serial'");
        }
    }

    private static @Nullable Duration duration(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "requireAttestationWithin", "an ISO-8601 duration such as PT15M, or null for none");
        }
    }

    /**
     * @param requireAttestationWithin how recent a device's passing attestation must be for it to register (ISO-8601);
     *     none when null
     * @param attestationAssurance the least assurance of that verdict: {@code tpm-quote} (default) or
     *     {@code signed-boot-log}
     */
    record PolicyChange(
            @Nullable String firmwareFloor,
            @Nullable Map<String, String> modelFloors,
            @Nullable String webhookUrl,
            @Nullable String requireAttestationWithin,
            @Nullable String attestationAssurance) {}

    record Reason(@Nullable String reason) {}

    record RecallList(List<RecallView> recalls) {}
}
