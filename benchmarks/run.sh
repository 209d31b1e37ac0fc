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
for peer in benchmarks/peers/*.mjs; do
  name=$(basename "$peer" .mjs)
  echo "peer:  $name" >&2
  node "$peer" > "$out/peer_$name.jsonl"
done
/usr/bin/python3 benchmarks/report.py "$out"
