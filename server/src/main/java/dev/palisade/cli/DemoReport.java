package dev.palisade.cli;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the demo tour measured; every figure comes from the run, none is a constant.
 *
 * @param devices devices the factory made
 * @param enrolled devices that enrolled over EST
 * @param connected devices whose MQTT session was up after enrolment
 * @param uniqueKeys distinct public keys among the operational certificates
 * @param uniqueSerials distinct certificate serials among them
 * @param enrolment wall-clock time from the first enrolment to the last connection
 * @param attested devices whose boot log got a verdict
 * @param attestationPassed of those, the ones that passed
 * @param telemetryAcknowledged telemetry messages the broker acknowledged during the traffic phase
 * @param telemetryPerSecond their rate over that phase
 * @param refusedAttempts the misbehaving device's attempts that the broker refused (of {@code attempts})
 * @param serverAuthorizationFailures the refusals the broker counted for that device (its security metrics)
 * @param revocationToClosed from the revocation call to the device seeing its session closed, or null if it was not
 * @param revocationCall the revocation call alone
 * @param reconnectRefusal why a reconnect with the revoked certificate failed, or null if it succeeded
 */
record DemoReport(
        int devices,
        long enrolled,
        long connected,
        long uniqueKeys,
        long uniqueSerials,
        Duration enrolment,
        long attested,
        long attestationPassed,
        long telemetryAcknowledged,
        double telemetryPerSecond,
        int attempts,
        int refusedAttempts,
        long serverAuthorizationFailures,
        @Nullable Duration revocationToClosed,
        Duration revocationCall,
        @Nullable String reconnectRefusal,
        long stillConnected) {}
