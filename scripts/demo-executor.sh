#!/usr/bin/env bash
# The main job, one command: set up (scripts/setup.sh: Debian and npm packages, idempotent), build
# liquidbot-executor (Release, only that target), start a local Base-like chain (chain id 8453) with
# the real Aave V3 and the subgraph stand-in, deploy the flash-loan orchestrator and a test DEX,
# enroll three demo positions, run the executor, drop a collateral price by 8% and show the executor
# protecting the positions: the strategy the engine chose, tx hash, HF before -> after, gas + L1 data
# fee, service fee. Then it stops the executor, the chain and the stand-in by PID. No outside network.
# Environment: LIQUIDBOT_BUILD_DIR (default build-demo), JOBS (default 2), SKIP_SETUP=1 to skip
# scripts/setup.sh, VERBOSE=1 to print every executor log line.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LIQUIDBOT_BUILD_DIR:-$ROOT/build-demo}
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash "$ROOT/scripts/setup.sh"
fi
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIQUIDBOT_BUILD_TOOLS=ON \
  -DLIQUIDBOT_BUILD_TESTS=OFF -DLIQUIDBOT_BUILD_BENCHMARKS=OFF -DLIQUIDBOT_BUILD_FUZZERS=OFF >/dev/null
cmake --build "$BUILD" --target liquidbot_executor -j"${JOBS:-2}"
args=("$BUILD/apps/executor/liquidbot-executor")
[ "${VERBOSE:-0}" = 1 ] && args+=(--verbose)
exec node "$ROOT/apps/executor/demo.mjs" "${args[@]}"
