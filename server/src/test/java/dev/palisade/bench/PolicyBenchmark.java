package dev.palisade.bench;

import static dev.palisade.policy.Action.PUBLISH;
import static dev.palisade.policy.Action.RECEIVE;
import static dev.palisade.policy.Action.SUBSCRIBE;

import dev.palisade.policy.CompiledPolicy;
import dev.palisade.policy.PolicyCompiler;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PolicyStatement;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.PolicyTemplates;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second of one device's compiled policy on one thread, beside the naive approach (split the topic,
 * evaluate every statement) on the same documents. The policy is realistic: the device template (connect, telemetry,
 * commands, twin), a group document, and a fleet-wide document of denies, for a device in three groups. Run it with
 * {@code bench/policy.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyBenchmark {

    static final PolicySubject DEVICE = PolicySubject.of("meter-0042", "acme")
            .withGroups("east", "meters", "pilot")
            .withAttribute("room", "kitchen");

    static final List<PolicyDocument> DOCUMENTS = List.of(
            PolicyTemplates.device(),
            PolicyDocument.of(
                    PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), "groups/${device.group}/broadcast/#"),
                    PolicyStatement.allow(List.of(PUBLISH), "groups/${device.group}/status/${device.id}")),
            PolicyDocument.of(
                    PolicyStatement.deny(List.of(PUBLISH, SUBSCRIBE, RECEIVE), "devices/+/secrets/#", "$SYS/#"),
                    PolicyStatement.deny(List.of(PUBLISH), "devices/${device.id}/telemetry/debug/#"),
                    PolicyStatement.deny(List.of(SUBSCRIBE, RECEIVE), "devices/${device.id}/commands/admin/#")));

    private final CompiledPolicy compiled = PolicyCompiler.compile(DOCUMENTS, DEVICE);
    private final NaivePolicy naive = new NaivePolicy(DOCUMENTS, DEVICE);

    // not final, so that the JIT cannot fold the decisions into constants
    private String allowedTopic = "devices/meter-0042/telemetry/power/phase-1";
    private String deniedTopic = "devices/meter-0042/telemetry/debug/trace";
    private String otherDevicesTopic = "devices/meter-0043/telemetry/power/phase-1";
    private String wildcardFilter = "devices/meter-0042/twin/desired/#";

    /** Both approaches must give the expected answers, or the figures would compare different work. */
    @Setup
    public void checkBothAgree() {
        boolean[] expected = {true, false, false, true};
        boolean[] compiledAnswers = {
            compiledPublishAllowed(), compiledPublishDenied(), compiledPublishOtherDevice(), compiledSubscribeWildcard()
        };
        boolean[] naiveAnswers = {
            naivePublishAllowed(), naivePublishDenied(), naivePublishOtherDevice(), naiveSubscribeWildcard()
        };
        if (!Arrays.equals(expected, compiledAnswers) || !Arrays.equals(expected, naiveAnswers)) {
            throw new IllegalStateException("the benchmark's decisions are not the expected ones");
        }
    }

    @Benchmark
    public boolean compiledPublishAllowed() {
        return compiled.mayPublish(allowedTopic);
    }

    @Benchmark
    public boolean compiledPublishDenied() {
        return compiled.mayPublish(deniedTopic);
    }

    @Benchmark
    public boolean compiledPublishOtherDevice() {
        return compiled.mayPublish(otherDevicesTopic);
    }

    @Benchmark
    public boolean compiledSubscribeWildcard() {
        return compiled.maySubscribe(wildcardFilter);
    }

    @Benchmark
    public boolean naivePublishAllowed() {
        return naive.mayPublish(allowedTopic);
    }

    @Benchmark
    public boolean naivePublishDenied() {
        return naive.mayPublish(deniedTopic);
    }

    @Benchmark
    public boolean naivePublishOtherDevice() {
        return naive.mayPublish(otherDevicesTopic);
    }

    @Benchmark
    public boolean naiveSubscribeWildcard() {
        return naive.maySubscribe(wildcardFilter);
    }
}
