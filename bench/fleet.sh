#!/usr/bin/env bash
# Fleet harness: a scenario file played by `palisade simulate` with a simulated fleet against Palisade on its embedded
# defaults, and the run's figures as a Markdown table for docs/BENCHMARKS.md.
#
#   bench/fleet.sh [scenario]     (default scenarios/connection-storm.yaml; see also scenarios/telemetry-rate.yaml)
#   BENCH_SERVER_OPTS=-Xmx4g BENCH_FLEET_OPTS=-Xmx2g bench/fleet.sh scenarios/telemetry-rate.yaml
#
# Palisade runs as `palisade serve` in a JVM of its own on a throw-away data directory with the embedded PostgreSQL
# and free loopback ports; the fleet runs in a second JVM (`palisade simulate`, virtual threads, keys in memory and
# flagged simulated), which creates a tenant of its own through the operator API, manufactures the scenario's devices
# (signed manifests), and plays the timeline: every device enrols over EST (first contact, zero-touch) and keeps an MQTT
# 5 session over TLS 1.3. The table's figures come from the run's JSON report (`--report`), each measured by the
# devices or timed from the operator's API call:
#   connection storm     reconnect steps: every session dropped, then all connected again (TLS 1.3 with the device's
#                        certificate, MQTT CONNECT, CONNACK), so many at once; sessions per second
#   telemetry            the longest traffic step: QoS 1 measurements the broker acknowledged (PUBACK) per second
#   revocation           revoke steps: from the API call to the device seeing its live session closed, p50 / p99
# Each process holds a file per session: the open-files limit is raised to the hard limit. Exits with the simulator's
# code (1 when an expectation of the scenario was not met). Needs a JDK 25 and python3. Installs nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
scenario="${1:-scenarios/connection-storm.yaml}"
[ -f "$scenario" ] || { echo "no scenario file $scenario" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d "${TMPDIR:-/tmp}/palisade-fleet-bench.XXXXXX")"
server_pid=""
cleanup() {
    local code=$?
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$code"
}
trap cleanup EXIT

./mvnw -q -B -pl server -am compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath"
classpath="server/target/classes:$(cat "$work/classpath")"
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$classpath")
# shellcheck disable=SC2207 # four numbers
ports=($(python3 -c '
import socket
sockets = [socket.socket() for _ in range(4)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))'))
load() { uptime | sed 's/.*load average: //'; }

load_before="$(load)"
data="$work/data"
# shellcheck disable=SC2086 # BENCH_SERVER_OPTS holds several options
"${java[@]}" ${BENCH_SERVER_OPTS:--Xmx4g} dev.palisade.cli.PalisadeMain serve --data-dir "$data" --bind 127.0.0.1 \
    --api-port "${ports[0]}" --device-port "${ports[1]}" --http-port "${ports[2]}" --mqtt-port "${ports[3]}" \
    >"$work/server.log" 2>&1 &
server_pid=$!
until grep -q 'ready in' "$work/server.log" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server died:" >&2; tail -40 "$work/server.log" >&2; exit 1; }
    sleep 0.5
done

status=0
# shellcheck disable=SC2086 # BENCH_FLEET_OPTS holds several options
"${java[@]}" ${BENCH_FLEET_OPTS:--Xmx2g} dev.palisade.cli.PalisadeMain simulate --scenario "$scenario" \
    --data-dir "$data" --est-port "${ports[1]}" --mqtt-port "${ports[3]}" --report "$work/report.json" || status=$?
load_after="$(load)"
[ -f "$work/report.json" ] || { echo "the run left no report; the server's log:" >&2; tail -40 "$work/server.log" >&2; exit "${status:-2}"; }

python3 - "$work/report.json" "$scenario" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
steps = report["steps"]
def figures(step): return {f["key"]: f["value"] for f in step["figures"]}
def of(kind): return [s for s in steps if s["kind"] == kind]
def n(value, digits=0): return f"{value:,.{digits}f}"
rows = []
for s in of("enrol"):
    f = figures(s)
    rows.append((f"enrolment, {n(f['devices'])} devices ({n(f['enrolled'])} enrolled, {n(f['connected'])} connected):"
                 " first contact over EST to live MQTT session, devices/s", n(f["connections-per-second"], 1)))
    if "enrolment-p50-ms" in f:
        rows.append(("… each device's EST enrolment / its MQTT connection after it: p50, ms",
                     f"{n(f['enrolment-p50-ms'])} / {n(f['connect-p50-ms'])}"))
storms = of("reconnect")
if storms:
    f = [figures(s) for s in storms]
    rows.append((f"connection storm, {n(f[0]['sessions'])} sessions reconnecting at once ({len(storms)} storm"
                 f"{'s' if len(storms) > 1 else ''}): connections/s",
                 " / ".join(n(x["connections-per-second"]) for x in f)))
    rows.append(("… each connection's time to CONNACK: p50 / p99, ms",
                 "; ".join(f"{n(x['connect-p50-ms'])} / {n(x['connect-p99-ms'])}" for x in f)))
traffic = sorted(of("traffic"), key=lambda s: -s["seconds"])
if traffic:
    f = figures(traffic[0])
    rows.append((f"telemetry, {n(f['devices-connected'])} devices over {n(f['seconds'])} s: messages/s accepted by the"
                 f" broker (QoS 1, PUBACK) of sent", f"{n(f['accepted-per-second'])} of {n(f['sent-per-second'])}"))
for s in of("flood"):
    f = figures(s)
    rows.append((f"flood, {n(f['devices'])} devices: accepted messages/s; the rest of the fleet's telemetry meanwhile",
                 f"{n(f['accepted-per-second'])}; {n(f['fleet-telemetry-per-second'])}"))
for s in of("revoke"):
    f = figures(s)
    rows.append((f"revocation (API call) to live session closed, {n(f['devices'])} devices one after another:"
                 " p50 / p99, ms", f"{n(f['latency-p50-ms'], 1)} / {n(f['latency-p99-ms'], 1)}"))
for s in of("rotate-ca"):
    f = figures(s)
    rows.append((f"CA rotation, {n(f['devices'])} devices renewed onto the new CA: renewals/s",
                 f"{n(f['renewals-per-second'], 1)} ({n(f['renewed-onto-new-ca'])} renewed)"))
checks = [c for s in steps for c in s["checks"]]
rows.append(("the scenario's expectations met", f"{sum(c['met'] for c in checks)} of {len(checks)}"))
print()
print(f"| {sys.argv[2]} ({report['devices']:,} devices) | result |")
print("|---|---:|")
for measure, value in rows:
    print(f"| {measure} | {value} |")
EOF
echo
echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); load average before: $load_before, after: $load_after."
exit "$status"
