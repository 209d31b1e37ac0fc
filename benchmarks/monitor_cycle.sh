#!/usr/bin/env bash
# One full monitor cycle over many borrowers against the local chain and the subgraph stand-in:
# starts the test bed (tests/js/testbed.mjs), seeds N borrowers (default 10,000; in chunks, by
# benchmarks/monitor_seed.mjs) and runs the monitor_full_cycle benchmark of monitor_bench, which
# prints seconds per cycle and the I/O share. Seeding 10,000 borrowers takes many minutes. Usage:
#   bash benchmarks/monitor_cycle.sh <path to monitor_bench> [borrowers] [extra benchmark args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:?usage: monitor_cycle.sh <monitor_bench> [borrowers]}")
borrowers=${2:-10000}
shift $(( $# >= 2 ? 2 : 1 ))
exec node tests/js/testbed.mjs run --subgraph --borrowers 0 --seed 9 -- \
  bash -c 'node benchmarks/monitor_seed.mjs "$1" 9 && shift &&
    LB_ADDRESSES_PROVIDER=$(node -e "console.log(JSON.parse(require(\"fs\").readFileSync(process.env.LB_DEPLOYMENT, \"utf8\")).poolAddressesProvider)") \
    exec "$0" --benchmark_filter=monitor_full_cycle "$@"' "$bench" "$borrowers" "$@"
