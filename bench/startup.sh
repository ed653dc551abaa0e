#!/usr/bin/env bash
# Cold start to ready, and idle memory, of `palisade serve` on the embedded defaults.
#
#   bench/startup.sh [runs]        (default 5 runs; prints a Markdown table)
#
# Each run starts the server on a fresh data directory ("first start": creates the PostgreSQL cluster (./palisade copies
# the template cluster it keeps beside the shared binaries; the baseline unpacks the binaries and runs initdb),
# migrates, creates keys, TLS certificate and the platform tenant), stops it, and starts it again on the same data
# directory ("restart"). Ready means the operator API answers over TLS. After the restart the server sits idle for
# 15 s; then the resident memory of the JVM (RSS) and of PostgreSQL (PSS summed over its processes, so shared buffers
# count once) is read from /proc.
#
# Baseline, measured in the same run: the same binary started as a plain `java -jar server/target/palisade.jar`,
# without the unpacked layout, the ahead-of-time cache and the shared PostgreSQL binaries that ./palisade prepares once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
runs="${1:-5}"
jar="$root/server/target/palisade.jar"
"$root/palisade" version >/dev/null   # builds the binary and prepares the start-up cache when needed
work="$(mktemp -d "${TMPDIR:-/tmp}/palisade-bench.XXXXXX")"
trap 'pkill -f -- "--data-dir $work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

# start <mode> <data-dir> <port>: prints "<pid> <ms-to-ready>"
start() {
    local mode="$1" dir="$2" port="$3" begin pid
    begin=$(now_ms)
    if [ "$mode" = launcher ]; then
        "$root/palisade" serve --data-dir "$dir" --api-port "$port" --bind 127.0.0.1 >"$dir.log" 2>&1 &
    else
        env -u PALISADE_POSTGRES_BINARIES "$JAVA_HOME/bin/java" -jar "$jar" serve --data-dir "$dir" --api-port "$port" --bind 127.0.0.1 >"$dir.log" 2>&1 &
    fi
    pid=$!
    # ready: the API answers a request (an unauthenticated one is the cheapest; it must answer 401)
    until [ "$(curl -s --cacert "$dir/tls/api-certificate.pem" -o /dev/null -w '%{http_code}' \
            "https://localhost:$port/api/v1/whoami" 2>/dev/null)" = 401 ]; do
        kill -0 "$pid" 2>/dev/null || { echo "server died:" >&2; cat "$dir.log" >&2; exit 1; }
        sleep 0.05
    done
    echo "$pid $(( $(now_ms) - begin ))"
}

# the servers are not children of this shell (they start in a process substitution), so wait by polling
stop() { kill -TERM "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
postgres_pss_kb() {
    local total=0 pid postmaster
    postmaster=$(head -1 "$1/postgres/pgdata/postmaster.pid")
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        total=$(( total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

declare -a first restart base_first base_restart jvm pg
for run in $(seq "$runs"); do
    for mode in launcher plain; do
        dir="$work/$mode-$run"; port=$(free_port)
        read -r pid ms < <(start "$mode" "$dir" "$port"); stop "$pid"
        read -r pid ms2 < <(start "$mode" "$dir" "$port")
        if [ "$mode" = launcher ]; then
            first+=("$ms"); restart+=("$ms2")
            sleep 15
            jvm+=("$(rss_kb "$pid")"); pg+=("$(postgres_pss_kb "$dir")")
        else
            base_first+=("$ms"); base_restart+=("$ms2")
        fi
        stop "$pid"
    done
    echo "run $run: first start ${first[-1]} ms, restart ${restart[-1]} ms (without archive: ${base_first[-1]} / ${base_restart[-1]} ms), idle JVM $(( jvm[-1] / 1024 )) MiB + PostgreSQL $(( pg[-1] / 1024 )) MiB" >&2
done

m() { printf '%s\n' "$@" | median; }
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo
echo "| measure (median of $runs runs) | ./palisade serve | baseline: java -jar palisade.jar serve |"
echo "|---|---|---|"
echo "| first start on an empty data directory, to ready | $(m "${first[@]}") ms | $(m "${base_first[@]}") ms |"
echo "| restart on an existing data directory, to ready | $(m "${restart[@]}") ms | $(m "${base_restart[@]}") ms |"
j=$(m "${jvm[@]}"); p=$(m "${pg[@]}")
echo "| idle resident memory: JVM (RSS) | $(( j / 1024 )) MiB | |"
echo "| idle resident memory: PostgreSQL (PSS, all processes) | $(( p / 1024 )) MiB | |"
echo "| idle resident memory: total | $(( (j + p) / 1024 )) MiB | |"
echo
echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo); $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
