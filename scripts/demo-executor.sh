#!/usr/bin/env bash
# The main job: builds liquidbot-executor, starts a local chain with the real Aave V3 and the subgraph
# stand-in, enrolls demo positions, runs the executor, drops a price and shows the executor protecting
# the positions (tx hash, HF before -> after, gas + L1 fee, service fee), then stops everything.
# Environment: LIQUIDBOT_BUILD_DIR (default build-demo), JOBS (default 2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LIQUIDBOT_BUILD_DIR:-$ROOT/build-demo}
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIQUIDBOT_BUILD_TOOLS=ON \
  -DLIQUIDBOT_BUILD_TESTS=OFF -DLIQUIDBOT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$BUILD" --target liquidbot_executor -j"${JOBS:-2}"
if [ ! -d "$ROOT/tests/js/node_modules" ]; then
  (cd "$ROOT/tests/js" && npm ci --no-audit --no-fund)
fi
exec node "$ROOT/apps/executor/demo.mjs" "$BUILD/apps/executor/liquidbot-executor"
