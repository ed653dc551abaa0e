package dev.palisade.provisioning;

import dev.palisade.attestation.AttestationVerdicts;
import dev.palisade.attestation.Verdict;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Where the tenant requires it, the device must have passed attestation recently, at the assurance the policy names,
 * before it registers. A device that has not attested yet is told so ({@link RefusalReason#ATTESTATION_REQUIRED}: its
 * first contact leaves it waiting, see {@link FirstContact}); one whose latest attestation failed is refused.
 */
@Component
@Order(ConditionOrder.ATTESTATION)
class AttestationCondition implements RegistrationCondition {

    private final AttestationVerdicts verdicts;
    private final Clock clock;

    AttestationCondition(AttestationVerdicts verdicts, Clock clock) {
        this.verdicts = verdicts;
        this.clock = clock;
    }

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        AttestationRequirement required = request.policy().attestation();
        if (required == null) {
            return Optional.empty();
        }
        Voucher entry = request.entry();
        if (verdicts.latestPass(entry.tenant(), entry.device(), required.within(), required.minimum())
                .isPresent()) {
            return Optional.empty();
        }
        Optional<Verdict> latest = verdicts.latest(entry.tenant(), entry.device());
        if (latest.isPresent()
                && !latest.get().passed()
                && latest.get().verifiedAt().isAfter(clock.instant().minus(required.within()))) {
            return Optional.of(new Refusal(
                    RefusalReason.ATTESTATION_FAILED,
                    "the device's latest attestation failed ("
                            + latest.get().reason().code() + ")"));
        }
        return Optional.of(new Refusal(
                RefusalReason.ATTESTATION_REQUIRED,
                "this tenant registers a device after a passing attestation ("
                        + required.minimum().wireName()
                        + ", within " + required.within() + "): attest at /device/v1/attestation/ with the"
                        + " bootstrap certificate, then enrol again"));
    }
}
