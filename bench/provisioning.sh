#!/usr/bin/env bash
# Zero-touch provisioning throughput: first contact over EST, from bootstrap connection to operational certificate.
#
#   bench/provisioning.sh [devices] [warm-up]     (defaults 6000 and 40000; prints a Markdown table)
#   BENCH_JVM_OPTS="-XX:StartFlightRecording=filename=provisioning.jfr" bench/provisioning.sh
#
# Starts Palisade in the benchmark's JVM on a throw-away data directory with the embedded PostgreSQL, registers a
# manufacturer and its bootstrap CA, lists the devices in a manifest, then has them all make their first contact: a new
# TLS 1.3 connection with the bootstrap certificate, one simpleenroll, the operational certificate read back. Every
# enrolment is the real path, committed (device registered, entry consumed, audit, certificate) before it answers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
# one reactor build, so that the server's classpath names the protocol module's classes; the server is built last
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
# shellcheck disable=SC2086 # BENCH_JVM_OPTS holds several options
exec "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED ${BENCH_JVM_OPTS:-} \
    -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
    dev.palisade.bench.ProvisioningBenchmark "$@"
