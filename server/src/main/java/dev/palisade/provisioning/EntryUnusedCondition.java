package dev.palisade.provisioning;

import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A manifest entry, or a claim, registers one device, once. (Checked again under a lock where it is consumed.)
 */
@Component
@Order(ConditionOrder.ENTRY_UNUSED)
class EntryUnusedCondition implements RegistrationCondition {

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        Voucher voucher = request.entry();
        if (voucher.used()) {
            return Optional.of(
                    switch (voucher) {
                        case ManifestEntry entry ->
                            new Refusal(
                                    RefusalReason.ENTRY_USED,
                                    "the manifest entry registered device '" + entry.device() + "' already");
                        case DeviceClaim claim ->
                            new Refusal(
                                    RefusalReason.CLAIM_USED,
                                    "claim " + claim.id() + " registered device '" + claim.device() + "' already");
                    });
        }
        return Optional.empty();
    }
}
