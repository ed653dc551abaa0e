#!/usr/bin/env bash
# Decisions per second of the policy engine on one thread (JMH), with the naive approach measured in the same run.
#
#   bench/policy.sh                              (JMH's output, then a Markdown table for docs/BENCHMARKS.md)
#   BENCH_JMH_OPTS="-i 20" bench/policy.sh       (extra JMH options, e.g. more measurement iterations)
#
# One fork; per benchmark 3 warm-up and 8 measurement iterations of 1 s: about 100 s after the build. The table gives
# the median and the best iteration, and decisions per CPU-second of the benchmark's JVM (CpuTimeProfiler): on a
# shared machine the wall-clock rate drops whenever another process takes the core, the rate per CPU-second much
# less. The GC profiler gives the bytes allocated per decision, which is 0 for the compiled decisions.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
classpath="$(mktemp)"
output="$(mktemp)"
trap 'rm -f "$classpath" "$output"' EXIT
build() {
    # one reactor build, so that the server's classpath names the protocol module's classes
    ./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
        -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
}
build
harness=server/target/test-classes/dev/palisade/bench/jmh_generated
if ! grep -qs PolicyBenchmark server/target/test-classes/META-INF/BenchmarkList ||
    [ ! -f "$harness/PolicyBenchmark_compiledPublishAllowed_jmhTest.class" ]; then
    # an incremental compile can leave JMH's generated harness out: generate it afresh
    rm -rf server/target/test-classes server/target/generated-test-sources
    build
fi
# shellcheck disable=SC2086 # BENCH_JMH_OPTS holds several options
"$JAVA_HOME/bin/java" -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    org.openjdk.jmh.Main 'dev\.palisade\.bench\.PolicyBenchmark\.' \
    -f 1 -t 1 -wi 3 -w 1s -i 8 -r 1s -prof gc -prof dev.palisade.bench.CpuTimeProfiler ${BENCH_JMH_OPTS:-} |
    tee "$output"

echo
echo "| benchmark (1 thread) | decisions/s, median | best iteration | per CPU-second, median | bytes per decision |"
echo "|---|---:|---:|---:|---:|"
awk '
    function sorted(list, values,    count, i, j, v) {
        count = split(list, values, " ")
        for (i = 2; i <= count; i++) {
            v = values[i] + 0
            for (j = i - 1; j >= 1 && values[j] + 0 > v; j--) values[j + 1] = values[j]
            values[j + 1] = v
        }
        return count
    }
    function median(list,    values, count) {
        count = sorted(list, values)
        return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
    }
    function best(list,    values, count) {
        count = sorted(list, values)
        return values[count]
    }
    /^# Benchmark: / { name = $3; sub(/^.*PolicyBenchmark\./, "", name); order[++n] = name }
    /^Iteration / { score[name] = score[name] " " $3 }
    /^ +cpu\.ops:/ { cpu[name] = cpu[name] " " $2 }
    /^ +gc\.alloc\.rate\.norm:/ { bytes[name] += $2; samples[name]++ }
    END {
        for (i = 1; i <= n; i++) {
            b = order[i]
            printf "| %s | %.1f M | %.1f M | %.1f M | %.0f |\n", b, median(score[b]) / 1e6, best(score[b]) / 1e6,
                median(cpu[b]) / 1e6, samples[b] ? bytes[b] / samples[b] : -1
        }
    }' "$output"
