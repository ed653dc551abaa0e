package dev.palisade.provisioning;

import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The firmware the manifest says the device left the factory with must be at or above the floor of its model (or the
 * tenant's). Where a floor applies and the manifest names no firmware, the device is refused: an unknown version
 * cannot be shown to meet it. A device that comes in through its owner's claim has no manufacturer's word on its
 * firmware at all, and an owner cannot vouch for what it runs: the floor is not checked for it (a tenant that needs the
 * guarantee requires attestation, whose reference values name releases).
 */
@Component
@Order(ConditionOrder.FIRMWARE_FLOOR)
class FirmwareFloorCondition implements RegistrationCondition {

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        Voucher entry = request.entry();
        if (entry instanceof DeviceClaim) {
            return Optional.empty();
        }
        FirmwareVersion floor = request.policy().floorFor(entry.model());
        if (floor == null) {
            return Optional.empty();
        }
        FirmwareVersion firmware = entry.firmwareVersion();
        if (firmware == null) {
            return Optional.of(new Refusal(
                    RefusalReason.FIRMWARE_UNKNOWN,
                    "the floor is " + floor + " and the manifest names no firmware version"));
        }
        if (firmware.isBelow(floor)) {
            return Optional.of(new Refusal(
                    RefusalReason.FIRMWARE_BELOW_FLOOR, "firmware " + firmware + " is below the floor " + floor));
        }
        return Optional.empty();
    }
}
