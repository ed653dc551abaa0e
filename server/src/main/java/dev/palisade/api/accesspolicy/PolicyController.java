package dev.palisade.api.accesspolicy;

import dev.palisade.accesspolicy.AccessPolicies;
import dev.palisade.accesspolicy.AccessPolicy;
import dev.palisade.accesspolicy.AttachmentTarget;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.policy.LintFinding;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's access policies. A document is sent as the request body exactly as the policy engine reads it; a
 * refused document answers 400 with the error's JSON pointer, line and column, and nothing is saved.
 */
@RestController
class PolicyController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AccessPolicies policies;

    PolicyController(AccessPolicies policies) {
        this.policies = policies;
    }

    /**
     * Saves a new version of the policy (the first creates it). With {@code If-Match: "N"} the save is refused with 409
     * unless N is the current version, so that two operators editing the same policy do not silently overwrite each
     * other.
     */
    @PutMapping("/api/v1/policies/{name}")
    @RequiresPermission(Permission.POLICIES_MANAGE)
    ResponseEntity<SavedView> save(
            Caller caller,
            @PathVariable String name,
            @RequestBody String document,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        var saved = policies.save(caller, name, document, expectedVersion(ifMatch));
        var view = new SavedView(PolicyView.of(saved.policy(), List.of()), saved.changed(), findings(saved.findings()));
        return ResponseEntity.status(
                        saved.changed() && saved.policy().version() == 1 ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag("\"" + saved.policy().version() + "\"")
                .body(view);
    }

    @GetMapping("/api/v1/policies")
    @RequiresPermission(Permission.POLICIES_READ)
    PolicyList list(Caller caller) {
        return new PolicyList(policies.list(caller).stream()
                .map(listed -> PolicyView.of(listed.policy(), listed.attachedTo()))
                .toList());
    }

    @GetMapping("/api/v1/policies/{name}")
    @RequiresPermission(Permission.POLICIES_READ)
    ResponseEntity<PolicyDetail> get(
            Caller caller, @PathVariable String name, @RequestParam(required = false) @Nullable Integer version) {
        AccessPolicy policy = policies.get(caller, name, version);
        var detail = new PolicyDetail(
                PolicyView.of(policy, policies.attachments(caller, name)),
                JSON.readTree(policy.document().toJson()),
                findings(dev.palisade.policy.PolicyLint.check(policy.document())));
        return ResponseEntity.ok().eTag("\"" + policy.version() + "\"").body(detail);
    }

    @GetMapping("/api/v1/policies/{name}/versions")
    @RequiresPermission(Permission.POLICIES_READ)
    VersionList versions(Caller caller, @PathVariable String name) {
        return new VersionList(policies.history(caller, name).stream()
                .map(version ->
                        new VersionView(version.version(), version.deleted(), version.createdAt(), version.createdBy()))
                .toList());
    }

    @DeleteMapping("/api/v1/policies/{name}")
    @RequiresPermission(Permission.POLICIES_MANAGE)
    ResponseEntity<Void> delete(Caller caller, @PathVariable String name) {
        policies.delete(caller, name);
        return ResponseEntity.noContent().build();
    }

    /** Attaches the policy to a group ({@code group/NAME}) or a device ({@code device/ID}). */
    @PutMapping("/api/v1/policies/{name}/attachments/{kind}/{target}")
    @RequiresPermission(Permission.POLICIES_MANAGE)
    ResponseEntity<AttachmentView> attach(
            Caller caller, @PathVariable String name, @PathVariable String kind, @PathVariable String target) {
        AttachmentTarget attachment = target(kind, target);
        boolean attached = policies.attach(caller, name, attachment);
        return ResponseEntity.status(attached ? HttpStatus.CREATED : HttpStatus.OK)
                .body(AttachmentView.of(attachment));
    }

    @DeleteMapping("/api/v1/policies/{name}/attachments/{kind}/{target}")
    @RequiresPermission(Permission.POLICIES_MANAGE)
    ResponseEntity<Void> detach(
            Caller caller, @PathVariable String name, @PathVariable String kind, @PathVariable String target) {
        policies.detach(caller, name, target(kind, target));
        return ResponseEntity.noContent().build();
    }

    /** What the lint finds in a document, without saving it; an invalid document answers 400 as a save would. */
    @PostMapping("/api/v1/policy-lint")
    @RequiresPermission(Permission.POLICIES_READ)
    LintView lint(@RequestBody String document) {
        return new LintView(findings(policies.lint(document)));
    }

    private static AttachmentTarget target(String kind, String name) {
        try {
            return new AttachmentTarget(AttachmentTarget.Kind.fromWireName(kind), name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("accesspolicy.invalid-target", "kind", "attach to 'group' or 'device'");
        }
    }

    private static @Nullable Integer expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "request.invalid-header", "If-Match", "If-Match names a policy version, for example \"3\"");
        }
    }

    private static List<FindingView> findings(List<LintFinding> findings) {
        return findings.stream().map(FindingView::of).toList();
    }

    record PolicyList(List<PolicyView> policies) {}

    record PolicyView(
            String name,
            int version,
            @Nullable String description,
            List<AttachmentView> attachedTo,
            Instant createdAt,
            String createdBy) {
        static PolicyView of(AccessPolicy policy, List<AttachmentTarget> attachedTo) {
            return new PolicyView(
                    policy.name(),
                    policy.version(),
                    policy.document().description(),
                    attachedTo.stream().map(AttachmentView::of).toList(),
                    policy.createdAt(),
                    policy.createdBy());
        }
    }

    record PolicyDetail(PolicyView policy, JsonNode document, List<FindingView> lint) {}

    record SavedView(PolicyView policy, boolean changed, List<FindingView> lint) {}

    record VersionList(List<VersionView> versions) {}

    record VersionView(int version, boolean deleted, Instant createdAt, String createdBy) {}

    record AttachmentView(String kind, String name) {
        static AttachmentView of(AttachmentTarget target) {
            return new AttachmentView(target.kind().wireName(), target.name());
        }
    }

    record LintView(List<FindingView> findings) {}

    record FindingView(String code, String severity, String pointer, String message) {
        static FindingView of(LintFinding finding) {
            return new FindingView(
                    finding.code(),
                    finding.severity().name().toLowerCase(java.util.Locale.ROOT),
                    finding.pointer(),
                    finding.message());
        }
    }
}
