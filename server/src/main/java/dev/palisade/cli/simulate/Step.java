package dev.palisade.cli.simulate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One step of a scenario's timeline. Steps run one after another in the order written; {@code at} holds a step back
 * until that long after the timeline started (a step whose predecessor ran past that point starts at once). The
 * fleet's telemetry runs throughout, from each device's enrolment to the end.
 */
public sealed interface Step {

    /** The earliest start, from the start of the timeline; null to start as soon as the previous step is done. */
    @Nullable
    Duration at();

    /** The line of the scenario file where the step starts, for messages. */
    int line();

    List<Expectation> expect();

    /** The step's name in the file. */
    default String kind() {
        return switch (this) {
            case Enrol e -> "enrol";
            case Traffic t -> "traffic";
            case PublishForeign p -> "publish-foreign";
            case SubscribeWildcard s -> "subscribe-wildcard";
            case Flood f -> "flood";
            case Revoke r -> "revoke";
            case RotateCa c -> "rotate-ca";
            case Reconnect c -> "reconnect";
        };
    }

    default Optional<Expected> expected(String key) {
        return expect().stream()
                .filter(expectation -> expectation.key().equals(key))
                .map(Expectation::expected)
                .findFirst();
    }

    /**
     * Which devices a step acts on: {@code devices} of them, from {@code group} or any group. A step picks connected
     * devices that no earlier step picked, in id order.
     */
    record Pick(@Nullable String group, int devices) {}

    /** The devices of {@code group} (or of every group not enrolled yet) enrol over EST and connect. */
    record Enrol(@Nullable Duration at, int line, @Nullable String group, int parallel, List<Expectation> expect)
            implements Step {}

    /** The fleet's normal telemetry, measured for {@code duration}. */
    record Traffic(@Nullable Duration at, int line, Duration duration, List<Expectation> expect) implements Step {}

    /** Devices publish on another device's telemetry topic, {@code messages} times each. */
    record PublishForeign(@Nullable Duration at, int line, Pick pick, int messages, List<Expectation> expect)
            implements Step {}

    /** Devices subscribe to {@code filter} ({@code #} unless told): everything, everyone's. */
    record SubscribeWildcard(@Nullable Duration at, int line, Pick pick, String filter, List<Expectation> expect)
            implements Step {}

    /** Devices publish on their own topic at {@code rate} messages a second each, for {@code duration}. */
    record Flood(@Nullable Duration at, int line, Pick pick, double rate, Duration duration, List<Expectation> expect)
            implements Step {}

    /**
     * The operator revokes devices' certificates through the API, one after another, each timed from the call to
     * its live session closed; then each device's reconnect must be refused.
     */
    record Revoke(@Nullable Duration at, int line, Pick pick, String reason, List<Expectation> expect)
            implements Step {}

    /**
     * The operator introduces a new issuing CA (signed by the offline root) and every device not refused renews onto
     * it over EST while both CAs are trusted; with {@code retireOld} the old CA is retired afterwards.
     */
    record RotateCa(@Nullable Duration at, int line, int parallel, boolean retireOld, List<Expectation> expect)
            implements Step {}

    /** The sessions of {@code group} (or of the whole fleet) drop and connect again at once: a connection storm. */
    record Reconnect(
            @Nullable Duration at, int line, @Nullable String group, int parallel, List<Expectation> expect)
            implements Step {}
}
