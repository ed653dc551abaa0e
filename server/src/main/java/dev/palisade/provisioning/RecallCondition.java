package dev.palisade.provisioning;

import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A recalled device id or serial never registers. */
@Component
@Order(ConditionOrder.NOT_RECALLED)
class RecallCondition implements RegistrationCondition {

    private final Recalls recalls;

    RecallCondition(Recalls recalls) {
        this.recalls = recalls;
    }

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        Voucher entry = request.entry();
        if (recalls.isRecalled(entry.tenant(), entry.device().value(), entry.serial())) {
            return Optional.of(new Refusal(RefusalReason.RECALLED, "device '" + entry.device() + "' is recalled"));
        }
        return Optional.empty();
    }
}
