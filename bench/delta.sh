#!/usr/bin/env bash
# OTA binary deltas: the size of the server's delta (zstd-jni patch-from, bench class DeltaGeneration, which runs the
# server's DeltaEncoder) against `zstd --patch-from -19 --long=N` on the same pair of firmware-like images, in the
# same run, with generation times.
#
#   bench/delta.sh            (32 MiB images, level 19, 3 runs)
#   bench/delta.sh 64 19 1    (image size in MiB, level, runs)
#
# The images come from bench/delta-images.py (fixed seed): code-like, string-table, random (compressed) and zero
# sections; the new version has 40 small patches, 8 inserted blocks (shifting what follows), 4 removed blocks and a new
# 512 KiB random resource. Figures are medians over the runs. Needs the `zstd` command (Debian package zstd).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/java-home.sh"
cd "$root"
size_mb="${1:-32}"
level="${2:-19}"
runs="${3:-3}"
command -v zstd >/dev/null || { echo "zstd is not installed (apt-get install zstd)" >&2; exit 1; }
work="$(mktemp -d)"
classpath="$work/classpath"
trap 'rm -rf "$work"' EXIT
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dquick \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
python3 bench/delta-images.py "$size_mb" "$work/a.bin" "$work/b.bin"
a_size=$(stat -c %s "$work/a.bin")
b_size=$(stat -c %s "$work/b.bin")
larger=$((a_size > b_size ? a_size : b_size))
# the window zstd --patch-from picks, and the server too (DeltaFormat.windowLog): the highest bit of the larger, + 1
long=0
while [ $((1 << long)) -le "$larger" ]; do long=$((long + 1)); done

ours=() ours_ms=() verify_ms=() cli=() cli_ms=()
for run in $(seq "$runs"); do
    read -r size encode verify window < <("$JAVA_HOME/bin/java" \
        -cp "server/target/test-classes:server/target/classes:$(cat "$classpath")" \
        dev.palisade.bench.DeltaGeneration "$work/a.bin" "$work/b.bin" "$level" "$work/ours.zst")
    ours+=("$size") ours_ms+=("$encode") verify_ms+=("$verify")
    start=$(date +%s%N)
    zstd -q -f --patch-from="$work/a.bin" "$work/b.bin" "-$level" --long="$long" -o "$work/cli.zst" 2>/dev/null
    cli_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
    cli+=("$(stat -c %s "$work/cli.zst")")
    # the CLI decodes our delta to the new image: the format is plain zstd
    zstd -q -d -f --patch-from="$work/a.bin" --long="$long" "$work/ours.zst" -o "$work/check.bin"
    cmp -s "$work/check.bin" "$work/b.bin" || { echo "our delta does not reproduce the new image" >&2; exit 1; }
    echo "run $run: ours $size bytes in $encode ms (+$verify ms verify), zstd CLI ${cli[-1]} bytes in ${cli_ms[-1]} ms" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
o=$(median "${ours[@]}") c=$(median "${cli[@]}")
echo
echo "| measure (median of $runs, level $level, window 2^$window) | server (zstd-jni) | zstd --patch-from CLI $(zstd --version | grep -o 'v[0-9.]*') |"
echo "|---|---:|---:|"
echo "| old image / new image | $a_size / $b_size bytes | |"
echo "| delta size | $o bytes | $c bytes |"
echo "| delta size / CLI's | $(awk -v o="$o" -v c="$c" 'BEGIN { printf "%.4f", o / c }') | 1 |"
echo "| delta size / new image | $(awk -v o="$o" -v b="$b_size" 'BEGIN { printf "%.2f %%", 100 * o / b }') | $(awk -v c="$c" -v b="$b_size" 'BEGIN { printf "%.2f %%", 100 * c / b }') |"
echo "| generation time | $(median "${ours_ms[@]}") ms (+ $(median "${verify_ms[@]}") ms verifying decode) | $(median "${cli_ms[@]}") ms |"
echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), shared; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
