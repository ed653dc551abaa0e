#!/usr/bin/env bash
# Rollout dispatch end to end: devices per second from a rollout's creation to the last device's offer received by its
# MQTT client, and the broker's bare publish loop to the same sessions as the baseline, in the same run.
#
#   bench/rollout.sh [devices]     (default 5000; prints a Markdown table)
#   BENCH_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/rollout.jfr,settings=profile" bench/rollout.sh
#
# Starts Palisade with its broker in the benchmark's JVM on a throw-away data directory with the embedded PostgreSQL,
# registers the devices (model and hardware revision as attributes) in batches, issues each its own certificate,
# connects each as a live MQTT 5 session over TLS 1.3 subscribed to its own devices/<id>/ota/update (timed on its own),
# publishes a release and rolls it out in a single 100 % ring, calling the rollout engine's pass directly. Each session
# is a file on each side in one process: keep the devices well under half the open-files limit (ulimit -n, raised here
# to the hard limit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
ulimit -n "$(ulimit -Hn)"
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
# one reactor build, so that the server's classpath names the protocol module's classes; the server is built last
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
load() { uptime | sed 's/.*load average: //'; }
echo "load average before: $(load)" >&2
# shellcheck disable=SC2086 # BENCH_JVM_OPTS holds several options
"$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED ${BENCH_JVM_OPTS:-} \
    -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    dev.palisade.bench.RolloutBenchmark "$@"
echo "Load average after: $(load); $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB."
