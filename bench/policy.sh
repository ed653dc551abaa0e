#!/usr/bin/env bash
# Decisions per second of the policy engine on one thread (JMH), with the naive approach measured in the same run.
#
#   bench/policy.sh                              (JMH's own table, then a Markdown table for docs/BENCHMARKS.md)
#   BENCH_JMH_OPTS="-i 10 -r 2s" bench/policy.sh (extra JMH options, e.g. longer measurement)
#
# One fork, 3 warm-up and 5 measurement iterations of 1 s per benchmark: about 80 s after the build. The GC profiler
# reports the bytes allocated per decision (gc.alloc.rate.norm), which should be 0 for the compiled decisions.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
classpath="$(mktemp)"
results="$(mktemp)"
trap 'rm -f "$classpath" "$results"' EXIT
# one reactor build, so that the server's classpath names the protocol module's classes
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
# shellcheck disable=SC2086 # BENCH_JMH_OPTS holds several options
"$JAVA_HOME/bin/java" -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    org.openjdk.jmh.Main 'dev\.palisade\.bench\.PolicyBenchmark\.' \
    -f 1 -t 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf csv -rff "$results" ${BENCH_JMH_OPTS:-}

echo
echo "| benchmark (1 thread) | decisions/s | ± (99.9%) | bytes allocated per decision |"
echo "|---|---:|---:|---:|"
awk -F, '
    NR == 1 { next }
    { gsub(/"/, ""); name = $1; sub(/^.*PolicyBenchmark\./, "", name) }
    name !~ /:/ { order[++n] = name; score[name] = $5; error[name] = $6 }
    name ~ /:gc\.alloc\.rate\.norm$/ { sub(/:.*/, "", name); bytes[name] = $5 }
    END {
        for (i = 1; i <= n; i++) {
            b = order[i]
            printf "| %s | %\047.0f | %\047.0f | %.1f |\n", b, score[b], error[b], bytes[b]
        }
    }' "$results"
