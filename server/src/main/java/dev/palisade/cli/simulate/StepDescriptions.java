package dev.palisade.cli.simulate;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A step in a line of words, for the run's output. */
final class StepDescriptions {

    private StepDescriptions() {}

    static String of(Step step) {
        return switch (step) {
            case Step.Enrol enrol ->
                "enrol " + groups(enrol.group()) + " over EST and connect, " + enrol.parallel() + " at once";
            case Step.Traffic traffic -> "normal telemetry for " + Durations.text(traffic.duration());
            case Step.Reconnect reconnect ->
                "connection storm: the sessions of "
                        + (reconnect.group() == null ? "the whole fleet" : "group " + reconnect.group())
                        + " drop and reconnect, "
                        + reconnect.parallel() + " at once";
            case Step.PublishForeign foreign ->
                devices(foreign.pick()) + " publish" + (foreign.pick().devices() == 1 ? "es" : "")
                        + " on another device's telemetry, " + times(foreign.messages());
            case Step.SubscribeWildcard wildcard ->
                devices(wildcard.pick()) + " subscribe" + (wildcard.pick().devices() == 1 ? "s" : "") + " to "
                        + wildcard.filter();
            case Step.Flood flood ->
                String.format(
                        Locale.ROOT,
                        "%s flood%s its own topic at %,.0f messages/s for %s",
                        devices(flood.pick()),
                        flood.pick().devices() == 1 ? "s" : "",
                        flood.rate(),
                        Durations.text(flood.duration()));
            case Step.Revoke revoke ->
                "the operator revokes " + devices(revoke.pick()) + " (" + revoke.reason()
                        + "), each timed to its live session closed";
            case Step.RotateCa rotate ->
                "the operator rotates the issuing CA; every device not refused renews onto it, " + rotate.parallel()
                        + " at once" + (rotate.retireOld() ? "; then the old CA is retired" : "");
        };
    }

    private static String groups(@Nullable String group) {
        return group == null ? "the devices not enrolled yet" : "group " + group;
    }

    private static String devices(Step.Pick pick) {
        return pick.devices() + " device" + (pick.devices() == 1 ? "" : "s")
                + (pick.group() == null ? "" : " of " + pick.group());
    }

    private static String times(int messages) {
        return messages == 1 ? "once" : messages + " times";
    }
}
