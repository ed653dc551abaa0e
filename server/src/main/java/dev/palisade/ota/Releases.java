package dev.palisade.ota;

import dev.palisade.audit.AuditLog;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Releases: drafts bind an artifact to a model, hardware revision, version, tier and security version; publishing one
 * makes it available to the model's devices. The security version of a model, hardware revision and tier never goes
 * down: a release below the highest one published is refused when it is created and, under a lock, when it is
 * published. Publishing audits and emits {@link ReleasePublished} in one transaction.
 */
@Service
public class Releases {

    private final TenantTransactions transactions;
    private final OtaRepository repository;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Releases(
            TenantTransactions transactions,
            OtaRepository repository,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Creates a draft release. */
    public Release create(Caller caller, NewRelease request) {
        validate(request);
        return transactions.inTenant(caller.tenant(), () -> {
            Artifact artifact = repository
                    .artifact(caller.tenant(), request.artifact())
                    .orElseThrow(() -> new InvalidInputException(
                            "ota.release.unknown-artifact", "artifactId", "no artifact " + request.artifact()));
            if (repository.releaseExists(
                    caller.tenant(), request.model(), request.hardwareRevision(), request.tier(), request.version())) {
                throw new ConflictException(
                        "ota.release.version-exists",
                        "there is already a " + request.tier().wireName() + " release " + request.version() + " for "
                                + request.model() + " hardware revision " + request.hardwareRevision());
            }
            checkFloor(caller, request.model(), request.hardwareRevision(), request.tier(), request.securityVersion());
            var release = new Release(
                    caller.tenant(),
                    new ReleaseId(Uuid7.next(clock)),
                    request.model(),
                    request.hardwareRevision(),
                    request.version(),
                    request.tier(),
                    request.securityVersion(),
                    artifact.id(),
                    artifact.name(),
                    artifact.sha256(),
                    artifact.length(),
                    ReleaseState.DRAFT,
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id(),
                    null,
                    null);
            repository.insertRelease(release);
            audit.append(caller.audit("ota.release-created", "release:" + release.id())
                    .withDetails(details(release)));
            return release;
        });
    }

    /**
     * Publishes a draft. Publishing a published release again changes nothing and answers with it; a withdrawn one
     * cannot come back.
     */
    public Release publish(Caller caller, ReleaseId id) {
        return transactions.inTenant(caller.tenant(), () -> {
            if (!repository.lockRelease(caller.tenant(), id)) {
                throw notFound(id);
            }
            Release draft = repository.release(caller.tenant(), id).orElseThrow(() -> notFound(id));
            switch (draft.state()) {
                case PUBLISHED -> {
                    return draft;
                }
                case WITHDRAWN ->
                    throw new ConflictException(
                            "ota.release.withdrawn", "release " + id + " was withdrawn and cannot be published again");
                case DRAFT -> {}
            }
            repository.lockFloor(caller.tenant(), draft.model(), draft.hardwareRevision(), draft.tier());
            checkFloor(caller, draft.model(), draft.hardwareRevision(), draft.tier(), draft.securityVersion());
            repository.markPublished(
                    caller.tenant(),
                    id,
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id());
            Release published = repository.release(caller.tenant(), id).orElseThrow();
            audit.append(caller.audit("ota.release-published", "release:" + id).withDetails(details(published)));
            events.publishEvent(ReleasePublished.of(published));
            return published;
        });
    }

    /**
     * Withdraws a published release: devices are no longer served it, its TUF target is removed (and the targets,
     * snapshot and timestamp re-signed), and its rollouts are aborted, all in one transaction. Its security version
     * still counts towards the anti-rollback floor. Withdrawing a withdrawn release changes nothing; a draft is
     * refused (it was never out: delete nothing, just do not publish it).
     */
    public Release withdraw(Caller caller, ReleaseId id, @Nullable String reason) {
        String why = reason == null || reason.isBlank() ? "withdrawn by " + caller.operatorName() : reason.strip();
        if (why.length() > 512) {
            throw new InvalidInputException(
                    "ota.release.invalid-reason", "reason", "a withdrawal reason is at most 512 characters");
        }
        return transactions.inTenant(caller.tenant(), () -> {
            if (!repository.lockRelease(caller.tenant(), id)) {
                throw notFound(id);
            }
            Release release = repository.release(caller.tenant(), id).orElseThrow(() -> notFound(id));
            switch (release.state()) {
                case WITHDRAWN -> {
                    return release;
                }
                case DRAFT ->
                    throw new ConflictException(
                            "ota.release.not-published",
                            "release " + id + " is a draft; only a published release" + " can be withdrawn");
                case PUBLISHED -> {}
            }
            repository.markWithdrawn(
                    caller.tenant(),
                    id,
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id(),
                    why);
            Release withdrawn = repository.release(caller.tenant(), id).orElseThrow();
            Map<String, String> details = new LinkedHashMap<>(details(withdrawn));
            details.put("reason", why);
            audit.append(caller.audit("ota.release-withdrawn", "release:" + id).withDetails(details));
            events.publishEvent(ReleaseWithdrawn.of(withdrawn, why));
            return withdrawn;
        });
    }

    public Release get(Caller caller, ReleaseId id) {
        return transactions
                .readInTenant(caller.tenant(), () -> repository.release(caller.tenant(), id))
                .orElseThrow(() -> notFound(id));
    }

    /** The tenant's releases, oldest first, narrowed by whichever filters are given. */
    public Page<Release> list(
            Caller caller,
            @Nullable String model,
            @Nullable String hardwareRevision,
            @Nullable UpdateTier tier,
            @Nullable ReleaseState state,
            PageRequest page) {
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        repository.releases(
                                caller.tenant(), model, hardwareRevision, tier, state, page.after(), page.limit() + 1),
                        page.limit(),
                        release -> release.id().toString()));
    }

    private void checkFloor(Caller caller, String model, String hardwareRevision, UpdateTier tier, long requested) {
        OptionalLong floor = repository.securityFloor(caller.tenant(), model, hardwareRevision, tier);
        if (floor.isPresent() && requested < floor.getAsLong()) {
            throw new ConflictException(
                    "ota.release.security-version-below-floor",
                    "security version " + requested + " is below " + floor.getAsLong() + ", the highest published for "
                            + tier.wireName() + " releases of " + model + " hardware revision " + hardwareRevision
                            + "; devices would refuse it as a rollback");
        }
    }

    private static void validate(NewRelease request) {
        if (!Release.LABEL.matcher(request.model()).matches()) {
            throw new InvalidInputException(
                    "ota.release.invalid", "model", "a model is 1 to 64 letters, digits or . _ -");
        }
        if (!Release.LABEL.matcher(request.hardwareRevision()).matches()) {
            throw new InvalidInputException(
                    "ota.release.invalid",
                    "hardwareRevision",
                    "a hardware revision is 1 to 64 letters, digits or . _ -");
        }
        if (!Release.VERSION.matcher(request.version()).matches()) {
            throw new InvalidInputException(
                    "ota.release.invalid", "version", "a version is 1 to 64 letters, digits or . _ + -, such as 2.4.1");
        }
        if (request.securityVersion() < 0) {
            throw new InvalidInputException(
                    "ota.release.invalid", "securityVersion", "a security version is a non-negative integer");
        }
    }

    private static Map<String, String> details(Release release) {
        return Map.of(
                "model", release.model(),
                "hardwareRevision", release.hardwareRevision(),
                "version", release.version(),
                "tier", release.tier().wireName(),
                "securityVersion", String.valueOf(release.securityVersion()),
                "sha256", release.sha256().hex(),
                "length", String.valueOf(release.length()));
    }

    private static NotFoundException notFound(ReleaseId id) {
        return new NotFoundException("ota.release.not-found", "no release " + id);
    }
}
