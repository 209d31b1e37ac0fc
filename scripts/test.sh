#!/usr/bin/env bash
# Sets up, builds and runs every test: the full suite in a release build, then the unit tests and
# the fuzzers under ASan+UBSan in a clang build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${LIQUIDBOT_JOBS:-$(nproc)}

bash scripts/setup.sh

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure --label-exclude fuzz

CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DLIQUIDBOT_SANITIZE=ON -DLIQUIDBOT_BUILD_FUZZERS=ON -DLIQUIDBOT_BUILD_BENCHMARKS=OFF \
  -DLIQUIDBOT_BUILD_EXAMPLES=OFF -DLIQUIDBOT_BUILD_TOOLS=OFF -DLIQUIDBOT_BUILD_PYTHON=OFF
# Build only what the sanitizer run executes: the unit tests and the fuzzers.
targets=$(ctest --test-dir build-asan -N --label-regex 'unit|fuzz' |
  sed -nE 's/^ *Test +#[0-9]+: (unit\.|fuzz\.)(.*)$/\1\2/p' | sed -e 's/^unit\./unit_/' -e 's/^fuzz\.//')
cmake --build build-asan -j"$jobs" --target $targets
ctest --test-dir build-asan -j"$jobs" --output-on-failure --label-regex 'unit|fuzz'
