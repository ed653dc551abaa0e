#!/usr/bin/env bash
# The MQTT broker under load: new mTLS connections per second, revocation to closed session, concurrent idle sessions.
#
#   bench/mqtt.sh connect [rounds] [seconds] [threads]   (defaults 3, 20, 8)
#   bench/mqtt.sh revoke [devices] [sessions]            (defaults 200, 10000)
#   bench/mqtt.sh policy [sessions] [changes] [devices]  (defaults 2000, 100, 200)
#   bench/mqtt.sh idle [sessions...]                     (default steps 2500 5000 10000 15000 100000)
#   BENCH_TLS_PROVIDER=conscrypt bench/mqtt.sh idle 2500 5000   (revoke and idle: the broker's palisade.broker.tls-provider)
#
# Each prints its figures and a Markdown table for docs/BENCHMARKS.md.
#
# Palisade runs in a JVM of its own (-Xmx4g), on a throw-away data directory with the embedded PostgreSQL; on its first
# start it issues the devices' certificates in a tenant of their own through the in-process issuance path, each device
# its own key and certificate. The load client is a second JVM: a minimal client per connection (TCP, TLS 1.3 through
# Conscrypt's SSLEngine presenting the device's certificate and its issuing CA's, MQTT 3.1.1 CONNECT, CONNACK), from
# eight loopback source addresses (127.0.0.2-9). The broker process's CPU time per connection is read from /proc.
#
# connect: Palisade's broker with each TLS implementation (palisade.broker.tls-provider: jdk, HiveMQ's default;
#   conscrypt; boringssl, netty-tcnative, the default) and the baseline Mosquitto (started here on a loopback port with
#   the same server certificate and key, a CA file with the root and the issuing CA, require_certificate, tls_version
#   tlsv1.3, and set_tcp_nodelay as the broker under test has it), in turn, each round, all serving the same fleet of 2,000 devices;
#   the median of the rounds. Each is warmed up first (6,000 connections, at most 60 s: a JVM compiles meanwhile).
# revoke: devices revoked one after another through the operator API, each timed from the request to its client
#   reading the end of its connection; then the fleet's issuing CA is revoked with `sessions` sessions live, timed to
#   the last closed connection.
# idle: sessions that stay connected (keep-alive 0), and the broker JVM's heap after a full collection (jcmd) and
#   resident memory at each step. A process holds one file per connection: the steps stop at what the open-files limit
#   (ulimit -n, raised here to the hard limit) allows the broker and the client.
#
# Needs: a JDK 25, python3 (to find a free port); for `connect`, Mosquitto (Debian: apt-get install mosquitto).
# Installs nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
mode="${1:-}"
shift || true
case "$mode" in
connect) command -v mosquitto >/dev/null || { echo "connect needs mosquitto (Debian package mosquitto)" >&2; exit 1; } ;;
revoke | idle | policy) ;;
*) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d "${TMPDIR:-/tmp}/palisade-mqtt-bench.XXXXXX")"
server_pid=""
mosquitto_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$mosquitto_pid" ] && kill -TERM "$mosquitto_pid" 2>/dev/null && wait "$mosquitto_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# one reactor build, so that the server's classpath names the protocol module's classes; the server is built last
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
classpath="server/target/test-classes:server/target/classes:$(cat "$work/classpath")"
data="$work/data"
fleet="$work/fleet"
results="$work/results"
touch "$results"

java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath")

# start_server <tls-provider> <devices>: Palisade with its broker; sets server_pid, mqtt_port, api_port
starts=0
start_server() {
    server_log="$work/server-$((++starts))-$1"
    "${java[@]}" -Xmx4g dev.palisade.bench.MqttBenchServer "$data" "$fleet" "$2" "$1" >"$server_log.out" 2>"$server_log.err" &
    server_pid=$!
    until grep -q '^ready ' "$server_log.out" 2>/dev/null; do
        kill -0 "$server_pid" 2>/dev/null || { echo "the server died:" >&2; tail -40 "$server_log.err" >&2; exit 1; }
        sleep 0.5
    done
    mqtt_port=$(sed -n 's/^ready .*mqtt-port=\([0-9]*\).*/\1/p' "$server_log.out")
    api_port=$(sed -n 's/^ready .*api-port=\([0-9]*\).*/\1/p' "$server_log.out")
    grep -v '^WARNING' "$server_log.err" | grep -i 'issued\|error' >&2 || true
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

# start_mosquitto: the baseline broker, with Palisade's broker's certificate and key; sets mosquitto_pid, mqtt_port
start_mosquitto() {
    mqtt_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat "$fleet/root.pem" "$fleet/issuing-ca.pem" >"$fleet/ca-file.pem"
    cat >"$work/mosquitto.conf" <<EOF
# runs as the user who started the benchmark: it reads the key where the benchmark wrote it
user $(id -un)
per_listener_settings false
allow_anonymous false
persistence false
# as the broker under test has it (Netty's default); with Nagle's algorithm (Mosquitto's default) a CONNACK can wait
# for the client's delayed ACK
set_tcp_nodelay true
log_dest stderr
log_type error
listener $mqtt_port 127.0.0.1
cafile $fleet/ca-file.pem
certfile $fleet/endpoint.pem
keyfile $fleet/endpoint.key
require_certificate true
use_identity_as_username true
tls_version tlsv1.3
EOF
    mosquitto -c "$work/mosquitto.conf" 2>"$work/mosquitto.err" &
    mosquitto_pid=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null; do
        kill -0 "$mosquitto_pid" 2>/dev/null || { echo "mosquitto died:" >&2; cat "$work/mosquitto.err" >&2; exit 1; }
        sleep 0.1
    done
}

stop_mosquitto() {
    kill -TERM "$mosquitto_pid"
    wait "$mosquitto_pid" || true
    mosquitto_pid=""
}

# field <line-prefix> <key>: values of key=value in the result lines that start with the prefix
field() { grep "^result $1" "$results" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
load() { uptime | sed 's/.*load average: //'; }

machine() {
    echo
    echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
        "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); load average before: $load_before, after: $(load)."
}

load_before="$(load)"
provider="${BENCH_TLS_PROVIDER:-boringssl}"
case "$mode" in
connect)
    rounds="${1:-3}" seconds="${2:-20}" threads="${3:-8}" devices=2000
    for round in $(seq "$rounds"); do
        for provider in jdk conscrypt boringssl; do
            start_server "$provider" "$devices"
            "${java[@]}" -Xmx1g dev.palisade.bench.MqttLoad connect "$fleet" "$mqtt_port" "$server_pid" \
                "palisade-$provider" "$devices" "$threads" "$seconds" | tee -a "$results"
            if tail -1 "$results" | grep -q ' connections=0 '; then
                echo "no connection succeeded; the server's log:" >&2
                grep -v '^WARNING' "$server_log.out" | grep -v '^\s*at ' | tail -30 >&2
                cp "$server_log.out" "${TMPDIR:-/tmp}/palisade-mqtt-bench-failed-server.log"
            fi
            stop_server
        done
        start_mosquitto
        "${java[@]}" -Xmx1g dev.palisade.bench.MqttLoad connect "$fleet" "$mqtt_port" "$mosquitto_pid" \
            mosquitto "$devices" "$threads" "$seconds" | tee -a "$results"
        stop_mosquitto
    done
    cell() { field "connect label=$1" "$2" | median; }
    echo
    echo "| measure (median of $rounds rounds of ${seconds} s, $threads client threads) | Palisade, jdk | Palisade, conscrypt | Palisade, boringssl (default) | Mosquitto $(mosquitto -h | sed -n 's/^mosquitto version //p') |"
    echo "|---|---:|---:|---:|---:|"
    for measure in "new connections/s:rate" "broker CPU per connection, ms:broker-cpu-ms" "load client CPU per connection, ms:client-cpu-ms"; do
        echo "| ${measure%%:*} | $(cell palisade-jdk "${measure##*:}") | $(cell palisade-conscrypt "${measure##*:}") | $(cell palisade-boringssl "${measure##*:}") | $(cell mosquitto "${measure##*:}") |"
    done
    echo
    for provider in boringssl conscrypt jdk; do
        awk -v p="$(cell "palisade-$provider" rate)" -v m="$(cell mosquitto rate)" -v name="$provider" \
            'BEGIN {printf "Palisade (%s) / Mosquitto, connections/s: %.2f x\n", name, p / m}'
    done
    ;;
revoke)
    single="${1:-200}" sessions="${2:-10000}"
    start_server "$provider" $((single + sessions))
    "${java[@]}" -Xmx2g dev.palisade.bench.MqttLoad revoke "$fleet" "$mqtt_port" "$api_port" \
        "$data/tls/api-certificate.pem" "$single" "$sessions" | tee -a "$results"
    stop_server
    echo
    echo "| measure ($provider) | result |"
    echo "|---|---:|"
    for p in p50 p90 p99 max; do
        echo "| revoke a device's certificates (API call) to its live session closed, $single devices one after another: $p, ms | $(field revoke-device "$p-ms") |"
    done
    echo "| the API call's answer alone: p50 / p99, ms | $(field revoke-device api-answer-p50-ms) / $(field revoke-device api-answer-p99-ms) |"
    echo "| revoke the issuing CA (API call) with $(field revoke-ca sessions) live sessions: sessions closed | $(field revoke-ca closed) |"
    for m in api-answer first median last; do
        echo "| … $m, ms after the call | $(field revoke-ca "$m-ms") |"
    done
    ;;
policy)
    sessions="${1:-2000}" changes="${2:-100}" single="${3:-200}"
    start_server conscrypt "$sessions"
    "${java[@]}" -Xmx2g dev.palisade.bench.MqttLoad policy "$fleet" "$mqtt_port" "$api_port" \
        "$data/tls/api-certificate.pem" "$sessions" "$changes" "$single" | tee -a "$results"
    stop_server
    echo
    echo "| measure | result |"
    echo "|---|---:|"
    for p in p50 p90 p99 max; do
        echo "| save the policy of a group with $sessions live sessions (API call answered once all run under it), $changes changes: $p, ms | $(field policy-change "$p-ms") |"
    done
    for p in p50 p90 p99 max; do
        echo "| move a device into a group whose policy forbids connecting, to its session closed, $(field policy-close count) devices: $p, ms | $(field policy-close "$p-ms") |"
    done
    ;;
idle)
    [ $# -gt 0 ] || set -- 2500 5000 10000 15000 100000
    # no more devices than the open-files limit lets connect at once (the client stops at the exact figure)
    largest=$(printf '%s\n' "$@" "$(ulimit -n)" | sort -n | head -"$#" | tail -1)
    start_server "$provider" "$largest"
    "${java[@]}" -Xmx2g dev.palisade.bench.MqttLoad idle "$fleet" "$mqtt_port" "$server_pid" "$@" | tee -a "$results"
    stop_server
    echo
    echo "| live idle sessions ($provider) | broker JVM heap after full GC, MiB | broker RSS, MiB | heap per session, KiB | broker open files |"
    echo "|---:|---:|---:|---:|---:|"
    grep '^result idle ' "$results" | while read -r line; do
        v() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
        echo "| $(v sessions) ($(v alive) alive) | $(v heap-after-gc-mib) | $(v rss-mib) | $(v heap-per-session-kib) | $(v broker-open-files) |"
    done
    echo
    echo "Open-files limits: broker $(field idle-limit broker-open-files-limit), client $(field idle-limit client-open-files-limit): at most $(field idle-limit reachable) sessions."
    ;;
esac
machine
