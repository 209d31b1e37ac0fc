#!/usr/bin/env bash
# Runs every liquidbot benchmark and its peer (ethers v6 / @aave/math-utils) in one go and prints
# the comparison table the README quotes. Usage: bash benchmarks/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$build/bench-results
mkdir -p "$out"

bash scripts/setup.sh >/dev/null
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIQUIDBOT_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

rm -f "$out"/*.json "$out"/*.jsonl
for bench in "$build"/benchmarks/*_bench; do
  name=$(basename "$bench")
  echo "bench: $name" >&2
  "$bench" --benchmark_format=json --benchmark_min_time=0.2 > "$out/$name.json"
done
# One full monitor cycle over 10,000 borrowers on the local chain and subgraph stand-in (seeds a
# test bed first: slow). LB_BENCH_MONITOR_BORROWERS=0 skips it.
if [ "${LB_BENCH_MONITOR_BORROWERS:-10000}" != 0 ]; then
  echo "bench: monitor_full_cycle (${LB_BENCH_MONITOR_BORROWERS:-10000} borrowers)" >&2
  bash benchmarks/monitor_cycle.sh "$build/benchmarks/monitor_bench" "${LB_BENCH_MONITOR_BORROWERS:-10000}" \
    --benchmark_format=json > "$out/monitor_cycle.json"
fi
for peer in benchmarks/peers/*.mjs; do
  name=$(basename "$peer" .mjs)
  echo "peer:  $name" >&2
  node "$peer" > "$out/peer_$name.jsonl"
done
/usr/bin/python3 benchmarks/report.py "$out"
