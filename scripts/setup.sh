#!/usr/bin/env bash
# Installs everything liquidbot needs to build and test on Debian 12: Debian packages (as root,
# non-interactive) and the test-only npm packages pinned by tests/js/package-lock.json.
# Idempotent: it installs only what is missing, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang libclang-rt-14-dev
  libsecp256k1-dev libsimdjson-dev libfmt-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev
  doctest-dev libbenchmark-dev libgmp-dev
  python3 python3-dev python3-pytest python3-numpy pybind11-dev
  python3-venv python3-pip python3-setuptools python3-wheel
  python3-pandas python3-matplotlib python3-nbclient python3-nbformat python3-ipykernel
)
# Node.js may come from elsewhere than Debian (e.g. a NodeSource build that bundles npm and
# conflicts with Debian's npm package): only install Debian's when the commands are missing.
command -v node >/dev/null 2>&1 || debian_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || debian_packages+=(npm)

missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages: reinstall only when the lockfile changed since the last install.
stamp=tests/js/node_modules/.liquidbot-lock.sha256
want=$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "setup: installing npm packages from tests/js/package-lock.json"
  npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
echo "setup: done"
