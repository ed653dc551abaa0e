package dev.palisade.accesspolicy;

import dev.palisade.accesspolicy.internal.AccessPolicyRepository;
import dev.palisade.accesspolicy.internal.AccessPolicyRepository.Row;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceLabels;
import dev.palisade.policy.LintFinding;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyLint;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Saves, versions, attaches and detaches a tenant's access policies. Documents are parsed strictly before anything is
 * stored, so a refused document changes nothing; every change is audited and announced to the broker in the same
 * transaction.
 */
@Service
public class AccessPolicies {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final TenantTransactions transactions;
    private final AccessPolicyRepository repository;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccessPolicies(
            TenantTransactions transactions,
            AccessPolicyRepository repository,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A saved version with what the lint found in it. */
    public record Saved(AccessPolicy policy, boolean changed, List<LintFinding> findings) {}

    /**
     * Saves {@code json} as the newest version of policy {@code name}; an identical document saves nothing.
     *
     * @param expectedVersion if given, the version the caller last read: the save is refused if another came since
     * @throws dev.palisade.policy.PolicyDocumentException if the document is not valid, naming where
     */
    public Saved save(Caller caller, String name, String json, @Nullable Integer expectedVersion) {
        checkName(name);
        PolicyDocument document = PolicyDocument.parse(json);
        List<LintFinding> findings = PolicyLint.check(document);
        return transactions.inTenant(caller.tenant(), () -> {
            repository.lockTenantPolicies(caller.tenant());
            var newest = repository.newest(caller.tenant(), name);
            int current = newest.map(Row::version).orElse(0);
            if (expectedVersion != null && expectedVersion != current) {
                throw new ConflictException(
                        "accesspolicy.version-mismatch",
                        "policy '" + name + "' is at version " + current + ", not " + expectedVersion);
            }
            String stored = document.toJson();
            if (newest.isPresent() && stored.equals(newest.get().document())) {
                return new Saved(policy(newest.get()), false, findings);
            }
            var row = new Row(name, current + 1, stored, now(), actor(caller));
            repository.insert(caller.tenant(), row);
            audit.append(caller.audit("access-policy.saved", "access-policy:" + name)
                    .withDetails(Map.of(
                            "version", Integer.toString(row.version()),
                            "lint-warnings", Long.toString(warnings(findings)))));
            events.publishEvent(new AccessPoliciesChanged(caller.tenant(), Set.of(name)));
            return new Saved(policy(row), true, findings);
        });
    }

    /** The newest version of the policy, or the given one (an older version stays readable after a change). */
    public AccessPolicy get(Caller caller, String name, @Nullable Integer version) {
        checkName(name);
        return transactions.readInTenant(caller.tenant(), () -> {
            var row = version == null
                    ? repository.newest(caller.tenant(), name)
                    : repository.version(caller.tenant(), name, version);
            return row.filter(found -> found.document() != null)
                    .map(AccessPolicies::policy)
                    .orElseThrow(() -> notFound(name, version));
        });
    }

    /** Every version of the policy, newest first; a deletion is listed as a version without a document. */
    public List<PolicyVersion> history(Caller caller, String name) {
        checkName(name);
        List<Row> versions =
                transactions.readInTenant(caller.tenant(), () -> repository.versions(caller.tenant(), name));
        if (versions.isEmpty()) {
            throw notFound(name, null);
        }
        return versions.stream()
                .map(row -> new PolicyVersion(row.version(), row.document() == null, row.createdAt(), row.createdBy()))
                .toList();
    }

    /** A current policy with what it is attached to. */
    public record Listed(AccessPolicy policy, List<AttachmentTarget> attachedTo) {}

    /** The tenant's current policies, in name order. */
    public List<Listed> list(Caller caller) {
        return transactions.readInTenant(caller.tenant(), () -> {
            Map<String, List<AttachmentTarget>> attached = new HashMap<>();
            repository
                    .attachments(caller.tenant())
                    .forEach(attachment -> attached.computeIfAbsent(
                                    attachment.policy(), policy -> new java.util.ArrayList<>())
                            .add(attachment.target()));
            return repository.current(caller.tenant()).stream()
                    .map(row -> new Listed(policy(row), List.copyOf(attached.getOrDefault(row.name(), List.of()))))
                    .toList();
        });
    }

    /** The targets the policy is attached to. */
    public List<AttachmentTarget> attachments(Caller caller, String name) {
        checkName(name);
        return transactions.readInTenant(caller.tenant(), () -> repository.attachmentsOf(caller.tenant(), name));
    }

    /** Deletes the policy (its versions stay on record). A policy still attached anywhere is refused: detach first. */
    public void delete(Caller caller, String name) {
        checkName(name);
        transactions.inTenant(caller.tenant(), () -> {
            repository.lockTenantPolicies(caller.tenant());
            Row newest = repository
                    .newest(caller.tenant(), name)
                    .filter(row -> row.document() != null)
                    .orElseThrow(() -> notFound(name, null));
            List<AttachmentTarget> attached = repository.attachmentsOf(caller.tenant(), name);
            if (!attached.isEmpty()) {
                throw new ConflictException(
                        "accesspolicy.attached",
                        "policy '" + name + "' is attached to " + attached.size() + " target(s), for example "
                                + attached.getFirst() + "; detach it first");
            }
            repository.insert(caller.tenant(), new Row(name, newest.version() + 1, null, now(), actor(caller)));
            audit.append(caller.audit("access-policy.deleted", "access-policy:" + name)
                    .withDetails(Map.of("version", Integer.toString(newest.version() + 1))));
            events.publishEvent(new AccessPoliciesChanged(caller.tenant(), Set.of(name)));
        });
    }

    /** Attaches the policy to a group or a device; returns false if it was attached already. */
    public boolean attach(Caller caller, String name, AttachmentTarget target) {
        checkName(name);
        checkTarget(target);
        return transactions.inTenant(caller.tenant(), () -> {
            repository.lockTenantPolicies(caller.tenant());
            if (repository
                    .newest(caller.tenant(), name)
                    .filter(row -> row.document() != null)
                    .isEmpty()) {
                throw notFound(name, null);
            }
            if (!repository.attach(caller.tenant(), name, target, now())) {
                return false;
            }
            audit.append(caller.audit("access-policy.attached", "access-policy:" + name)
                    .withDetails(Map.of("target", target.toString())));
            events.publishEvent(new AccessPoliciesChanged(caller.tenant(), Set.of(name)));
            return true;
        });
    }

    /** Detaches the policy from a group or a device. */
    public void detach(Caller caller, String name, AttachmentTarget target) {
        checkName(name);
        checkTarget(target);
        transactions.inTenant(caller.tenant(), () -> {
            repository.lockTenantPolicies(caller.tenant());
            if (!repository.detach(caller.tenant(), name, target)) {
                throw new NotFoundException(
                        "accesspolicy.attachment.not-found", "policy '" + name + "' is not attached to " + target);
            }
            audit.append(caller.audit("access-policy.detached", "access-policy:" + name)
                    .withDetails(Map.of("target", target.toString())));
            events.publishEvent(new AccessPoliciesChanged(caller.tenant(), Set.of(name)));
        });
    }

    /** What the lint finds in {@code json}, without saving it. */
    public List<LintFinding> lint(String json) {
        return PolicyLint.check(PolicyDocument.parse(json));
    }

    /** The tenant's current policies and attachments, for the broker's memory. */
    public TenantPolicies snapshot(TenantId tenant) {
        return transactions.readInTenant(tenant, () -> {
            Map<String, AccessPolicy> documents = new HashMap<>();
            repository.current(tenant).forEach(row -> documents.put(row.name(), policy(row)));
            Map<String, Set<String>> byGroup = new HashMap<>();
            Map<String, Set<String>> byDevice = new HashMap<>();
            for (var attachment : repository.attachments(tenant)) {
                var index = attachment.target().kind() == AttachmentTarget.Kind.GROUP ? byGroup : byDevice;
                index.computeIfAbsent(attachment.target().name(), target -> new HashSet<>())
                        .add(attachment.policy());
            }
            return new TenantPolicies(documents, byGroup, byDevice);
        });
    }

    private static AccessPolicy policy(Row row) {
        String json = row.document();
        if (json == null) {
            throw new IllegalStateException("a deleted version has no document");
        }
        return new AccessPolicy(
                row.name(), row.version(), PolicyDocument.parse(json), row.createdAt(), row.createdBy());
    }

    private static long warnings(List<LintFinding> findings) {
        return findings.stream()
                .filter(finding -> finding.severity() == LintFinding.Severity.WARNING)
                .count();
    }

    /** Checks a policy name given by a client. */
    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "accesspolicy.invalid-name",
                    "name",
                    "a policy name is 1 to 64 letters, digits or . _ -, starting with a letter or digit");
        }
    }

    private static void checkTarget(AttachmentTarget target) {
        boolean valid = target.kind() == AttachmentTarget.Kind.GROUP
                ? DeviceLabels.isName(target.name())
                : DeviceId.isValid(target.name());
        if (!valid) {
            throw new InvalidInputException(
                    "accesspolicy.invalid-target",
                    target.kind().wireName(),
                    "not a valid " + target.kind().wireName() + " name: a name is letters, digits or . _ -,"
                            + " starting with a letter or digit");
        }
    }

    private static NotFoundException notFound(String name, @Nullable Integer version) {
        return new NotFoundException(
                "accesspolicy.not-found",
                version == null ? "no policy '" + name + "'" : "policy '" + name + "' has no version " + version);
    }

    private static String actor(Caller caller) {
        return caller.actor().kind().wireName() + ":" + caller.actor().id();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
