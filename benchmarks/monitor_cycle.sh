#!/usr/bin/env bash
# One full monitor cycle over many borrowers against the local chain and the subgraph stand-in:
# starts the test bed (tests/js/testbed.mjs) with N seeded borrowers (default 10,000) and runs the
# monitor_full_cycle benchmark of monitor_bench, which prints seconds per cycle and the I/O share.
# Seeding 10,000 borrowers takes many minutes on the local chain. Usage:
#   bash benchmarks/monitor_cycle.sh <path to monitor_bench> [borrowers] [extra benchmark args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:?usage: monitor_cycle.sh <monitor_bench> [borrowers]}")
borrowers=${2:-10000}
shift $(( $# >= 2 ? 2 : 1 ))
exec node tests/js/testbed.mjs run --subgraph --borrowers "$borrowers" --seed 9 -- \
  bash -c 'LB_ADDRESSES_PROVIDER=$(node -e "console.log(JSON.parse(require(\"fs\").readFileSync(process.env.LB_DEPLOYMENT, \"utf8\")).poolAddressesProvider)") \
    exec "$0" --benchmark_filter=monitor_full_cycle "$@"' "$bench" "$@"
