package dev.palisade.tenancy;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Identifies an operator (a person or an automation account) within Palisade. */
public record OperatorId(UUID value) {

    public static OperatorId parse(String text) {
        return new OperatorId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
