#!/usr/bin/env bash
# The README's main job for now: set up, build the liquidbot CLI (Release, only that target), start
# the local Base-like chain with the real Aave V3 and the subgraph stand-in with 200 seeded
# borrowers, drop the WETH and cbBTC prices so some users fall below the thresholds, run one full
# monitor cycle (`liquidbot monitor --once`) and print the table of users below the alert threshold,
# most urgent first. No outside network; the test bed stops everything it started on exit.
# Environment: LIQUIDBOT_BUILD_DIR (default build-demo), JOBS (default 2), BORROWERS (default 200),
# SEED (default 1), SKIP_SETUP=1 to skip scripts/setup.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LIQUIDBOT_BUILD_DIR:-$ROOT/build-demo}
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash "$ROOT/scripts/setup.sh"
fi
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIQUIDBOT_BUILD_TOOLS=ON \
  -DLIQUIDBOT_BUILD_TESTS=OFF -DLIQUIDBOT_BUILD_BENCHMARKS=OFF -DLIQUIDBOT_BUILD_FUZZERS=OFF >/dev/null
cmake --build "$BUILD" --target liquidbot_cli -j"${JOBS:-2}"
CLI="$BUILD/tools/liquidbot"

# Runs inside the test bed (LB_RPC_URL, LB_SUBGRAPH_URL, LB_DEPLOYMENT, LB_TESTBED_STATE are set).
read -r -d '' SCENARIO <<'SH' || true
set -euo pipefail
provider=$(node -p "require(process.env.LB_DEPLOYMENT).poolAddressesProvider")
tb() { node "$ROOT/tests/js/testbed.mjs" "$@" --state-file "$LB_TESTBED_STATE" >/dev/null; }
echo "== prices drop: WETH 3000 -> 2550 USD, cbBTC 65000 -> 55000 USD"
tb set-price --asset WETH --price 255000000000
tb set-price --asset cbBTC --price 5500000000000
echo "== liquidbot monitor --once (subgraph $LB_SUBGRAPH_URL, page size 500)"
"$CLI" monitor --rpc "$LB_RPC_URL" --addresses-provider "$provider" --subgraph "$LB_SUBGRAPH_URL" --page-size 500 --once
SH
export ROOT CLI
echo "== starting the local chain + subgraph stand-in with ${BORROWERS:-200} borrowers (seeding takes a while)"
exec node "$ROOT/tests/js/testbed.mjs" run --subgraph --borrowers "${BORROWERS:-200}" --seed "${SEED:-1}" -- \
  bash -c "$SCENARIO"
