#!/usr/bin/env bash
# Quote verifications per second on one thread (JMH), with the bare RSA signature verification measured in the same run.
#
#   bench/attestation.sh                            (JMH's output, then a Markdown table for docs/BENCHMARKS.md)
#   BENCH_JMH_OPTS="-i 10" bench/attestation.sh     (extra JMH options)
#
# One fork; per benchmark 3 warm-up and 8 measurement iterations of 1 s: about 30 s after the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
classpath="$(mktemp)"
output="$(mktemp)"
trap 'rm -f "$classpath" "$output"' EXIT
build() {
    ./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
        -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
}
build
harness=server/target/test-classes/dev/palisade/bench/jmh_generated
if ! grep -qs AttestationBenchmark server/target/test-classes/META-INF/BenchmarkList ||
    [ ! -f "$harness/AttestationBenchmark_verifyQuote_jmhTest.class" ]; then
    # an incremental compile can leave JMH's generated harness out: generate it afresh
    rm -rf server/target/test-classes server/target/generated-test-sources
    build
fi
# shellcheck disable=SC2086 # BENCH_JMH_OPTS holds several options
"$JAVA_HOME/bin/java" -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    org.openjdk.jmh.Main 'dev\.palisade\.bench\.AttestationBenchmark\.' \
    -f 1 -t 1 -wi 3 -w 1s -i 8 -r 1s -prof dev.palisade.bench.CpuTimeProfiler ${BENCH_JMH_OPTS:-} |
    tee "$output"

echo
echo "| benchmark (1 thread) | operations/s, median | best iteration | per CPU-second, median |"
echo "|---|---:|---:|---:|"
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
    /^# Benchmark: / { name = $3; sub(/^.*AttestationBenchmark\./, "", name); order[++n] = name }
    /^Iteration / { score[name] = score[name] " " $3 }
    /^ +cpu\.ops:/ { cpu[name] = cpu[name] " " $2 }
    END {
        for (i = 1; i <= n; i++) {
            b = order[i]
            printf "| %s | %.0f | %.0f | %.0f |\n", b, median(score[b]), best(score[b]), median(cpu[b])
        }
    }' "$output"
