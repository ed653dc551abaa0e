package dev.palisade.provisioning;

import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A manifest entry registers one device, once. (Checked again under a lock where the entry is consumed.) */
@Component
@Order(ConditionOrder.ENTRY_UNUSED)
class EntryUnusedCondition implements RegistrationCondition {

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        if (request.entry().used()) {
            return Optional.of(new Refusal(
                    RefusalReason.ENTRY_USED,
                    "the manifest entry registered device '" + request.entry().device() + "' already"));
        }
        return Optional.empty();
    }
}
