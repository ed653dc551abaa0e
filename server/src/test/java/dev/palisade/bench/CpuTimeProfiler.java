package dev.palisade.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that divides each iteration's operations by the CPU time the benchmark's JVM used meanwhile (all its
 * threads, GC and JIT included). On a shared machine the wall-clock score drops whenever another process takes the
 * core; operations per CPU-second do not, so they state what one core does. Use with {@code -prof
 * dev.palisade.bench.CpuTimeProfiler}; it reports {@code cpu.ops} in operations per CPU-second.
 */
@SuppressForbidden("reads the process CPU time through com.sun.management, the JDK's supported extension")
public final class CpuTimeProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long cpuNanosBefore;

    @Override
    public String getDescription() {
        return "operations per second of CPU time used by the benchmark's JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuNanosBefore = OS.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw type
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuNanos = OS.getProcessCpuTime() - cpuNanosBefore;
        double operations = result.getMetadata().getMeasuredOps();
        double perCpuSecond = cpuNanos > 0 ? operations / (cpuNanos / 1e9) : Double.NaN;
        return List.of(new ScalarResult("cpu.ops", perCpuSecond, "ops/cpu-s", AggregationPolicy.AVG));
    }
}
