#!/usr/bin/env bash
# The scale curve: a cold build (no cache, new folder), the next build with
# nothing changed, and a build after one page is edited, on synthetic
# corpora of ../shared/bench/gen_corpus.py of each size (wall time, CPU
# time, peak memory).
# Usage: .ci/bench-scale.sh [PAGES...]   (default: 1000 10000 100000)
# GEN_CORPUS is the generator's path when ../shared is elsewhere;
# OUT_ROOT=/dev/shm keeps the outputs off the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=$(mktemp -d)
out=$(mktemp -d "${OUT_ROOT:-$work}/scale-out.XXXXXX")
trap 'rm -rf "$work" "$out"' EXIT
go build -o "$work/handbook" ./cmd/handbook
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

# run LABEL CMD...: one timed run, printed as "LABEL wall s (user, sys) peak".
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { echo "$label failed:"; tail -5 "$work/err"; return 1; }
  awk -v label="$label" '{ printf "%-34s %7.2f s  (user %.1f s, sys %.1f s)  %6d MB peak\n", label, $1, $2, $3, $4 / 1024 }' "$work/time"
}

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  src="$work/c$n"
  python3 "$gen" "$src/content" "$n" >/dev/null
  page=$(find "$src/content" -name '*.md' | sort | sed -n 2p)
  run "$n pages: cold" "$work/handbook" build --source "$src" --out "$out/$n"
  run "$n pages: nothing changed" "$work/handbook" build --source "$src" --out "$out/$n"
  printf '\nOne more line.\n' >> "$page"
  run "$n pages: one page edited" "$work/handbook" build --source "$src" --out "$out/$n"
  rm -rf "$src"
done
