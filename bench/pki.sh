#!/usr/bin/env bash
# Throughput of the PKI: certificate issuance in-process and over EST, OCSP from cache, a CRL of 100,000 entries.
#
#   bench/pki.sh [devices] [est-devices] [warm-up]     (defaults 20000, 6000 and 40000; prints a Markdown table)
#   BENCH_JVM_OPTS="-XX:StartFlightRecording=filename=pki.jfr" bench/pki.sh    (extra JVM options, e.g. to profile)
#
# The devices are those measured. Before them, warm-up issuances (and a quarter as many EST enrolments) let the JIT
# compiler finish with the server's paths, as it has in a server that has run a while.
#
# Starts Palisade in the benchmark's JVM on a throw-away data directory with the embedded PostgreSQL. Every issuance is
# the real path: the device's PKCS#10 request inspected (proof of possession verified), the certificate signed by the
# tenant's issuing CA, and the certificate, key binding, audit record and event committed before the call returns.
# Ceiling and baselines, measured in the same run: `openssl speed ecdsap256`, and the P-256 signing rate of the JDK's
# EC provider, BouncyCastle and Conscrypt through the JCA.
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
    dev.palisade.bench.PkiBenchmark "$@"
