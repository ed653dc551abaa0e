package dev.palisade.identity;

import java.util.Locale;

/** Where a device is in its life. Only active devices get operational certificates and may connect normally. */
public enum DeviceState {
    /** Known from a manufacturing manifest; not yet provisioned. */
    MANUFACTURED,
    /** Registered and ready to enrol. */
    PROVISIONED,
    /** Enrolled and operating. */
    ACTIVE,
    /** Contained: may only reach remediation. */
    QUARANTINED,
    /** Retired for good; never enrols again. */
    DECOMMISSIONED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceState fromWireName(String name) {
        for (DeviceState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown device state: " + name);
    }
}
