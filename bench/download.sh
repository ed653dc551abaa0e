#!/usr/bin/env bash
# OTA downloads: MiB/s that Palisade's device endpoint serves an artifact to devices fetching it in byte ranges (and
# whole), against the page cache, a bare loopback TCP server and a bare TLS 1.3 server with the same TLS library,
# all measured in the same run by the same client.
#
#   bench/download.sh [megabytes] [clients] [range MiB]     (default 256 2 8; prints a Markdown table)
#
# Starts Palisade (without its broker) in the benchmark's JVM on a throw-away data directory with the embedded
# PostgreSQL, uploads and publishes an artifact of random bytes, and issues each client its own device certificate.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
# one reactor build, so that the server's classpath names the protocol module's classes; the server is built last
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
load() { uptime | sed 's/.*load average: //'; }
echo "load average before: $(load)" >&2
# shellcheck disable=SC2086 # BENCH_JVM_OPTS holds several options
"$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED ${BENCH_JVM_OPTS:-} \
    -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    dev.palisade.bench.DownloadBenchmark "$@"
echo "Load average after: $(load); $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB."
