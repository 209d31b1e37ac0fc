"""Shared fixtures of the Python package tests.

The package comes from PYTHONPATH (the build tree, set by ctest) or an installed copy. The C++
reference results come from the `liquidbot` CLI (env LIQUIDBOT_CLI) and the independent BigInt
model (tests/js/oracle/aave_model.mjs, run with node); tests needing one skip when it is absent."""
import contextlib
import json
import os
import pathlib
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "data" / "snapshots"
EXAMPLE_SNAPSHOTS = ROOT / "examples" / "python" / "snapshots"
JS_DIR = pathlib.Path(os.environ.get("LIQUIDBOT_JS_DIR", ROOT / "tests" / "js"))

RAY = 10**27
WAD = 10**18
T0 = 1760000000
WETH = "0x4200000000000000000000000000000000000006"
USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
CBBTC = "0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf"
USER = "0x1111111111111111111111111111111111111111"

# asset -> (id, decimals, price, ltv, lt, lb)
RESERVES = {
    WETH: (0, 18, 2000 * 10**8, 7500, 8000, 10500),
    USDC: (1, 6, 10**8, 7500, 7800, 10450),
    CBBTC: (2, 8, 60000 * 10**8, 7300, 7800, 10750),
}


def reserve_config(ltv, lt, lb, decimals, fee=1000):
    """ReserveConfigurationMap bits: active (56), borrowing enabled (58), protocol fee (152)."""
    return ltv | lt << 16 | lb << 32 | decimals << 48 | 1 << 56 | 1 << 58 | fee << 152


def make_snapshot(collateral, debt, prices=None, revision="3.6", user=USER):
    """A snapshot dict: collateral/debt map asset -> scaled amount (indexes are 1 ray)."""
    prices = prices or {}
    reserves, positions, user_cfg = [], [], 0
    for asset, (rid, dec, price, ltv, lt, lb) in RESERVES.items():
        reserves.append({
            "asset": asset, "id": rid, "configuration": str(reserve_config(ltv, lt, lb, dec)),
            "liquidityIndex": str(RAY), "currentLiquidityRate": "0",
            "variableBorrowIndex": str(RAY), "currentVariableBorrowRate": "0",
            "lastUpdateTimestamp": T0, "price": str(prices.get(asset, price))})
        a, d = collateral.get(asset, 0), debt.get(asset, 0)
        if a or d:
            positions.append({"asset": asset, "scaledATokenBalance": str(a),
                              "scaledVariableDebt": str(d), "principalStableDebt": "0",
                              "stableRate": "0", "stableLastUpdated": 0})
        if a:
            user_cfg |= 1 << (2 * rid + 1)
        if d:
            user_cfg |= 1 << (2 * rid)
    return {"format": "liquidbot.snapshot/1", "revision": revision, "timestamp": T0,
            "baseCurrencyUnit": "100000000", "reserves": reserves, "eModes": [],
            "user": {"address": user, "configuration": str(user_cfg), "eModeCategory": 0,
                     "positions": positions}}


COLL = {WETH: 10 * 10**18, CBBTC: 5 * 10**7}       # $20000 + $30000
DEBT = {USDC: 30000 * 10**6, WETH: 2 * 10**18}      # $30000 + $4000


@pytest.fixture
def cli():
    """Runs the C++ `liquidbot` CLI and returns its parsed JSON output."""
    path = os.environ.get("LIQUIDBOT_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("LIQUIDBOT_CLI not set: no C++ reference program")

    def run(*args, snapshot=None, tmp=None):
        argv = [path]
        for a in args:
            if a == "@SNAP":
                f = tmp / "snap.json"
                f.write_text(json.dumps(snapshot))
                a = str(f)
            argv.append(a)
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout
    return run


@pytest.fixture
def model():
    """The independent BigInt model of getUserAccountData (node + tests/js/oracle/aave_model.mjs)."""
    script = JS_DIR / "oracle" / "aave_model.mjs"
    node = shutil.which("node")
    if node is None or not script.exists():
        pytest.skip("node or the BigInt model is not available")

    def run(snapshot: dict, tmp) -> dict:
        path = tmp / "model_input.json"
        path.write_text(json.dumps(snapshot))
        out = subprocess.run([node, str(script), "--snapshot", str(path)], capture_output=True,
                             text=True, check=True)
        return {k: int(v) for k, v in json.loads(out.stdout).items()}
    return run


@contextlib.contextmanager
def json_server(answer):
    """A JSON-over-HTTP server on 127.0.0.1 and a free port for scripted endpoints: each POSTed JSON
    body gets answer(request, body) back as JSON (request is the http.server handler: .path,
    .headers). Yields the base URL; the server is stopped on exit."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server API)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            data = json.dumps(answer(self, body)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def json_rpc(reply):
    """An answer() for json_server speaking JSON-RPC 2.0, single or batch: reply(request, call) gives
    each call's {"result": ...} or {"error": ...}."""

    def answer(request, body):
        one = lambda call: {"jsonrpc": "2.0", "id": call["id"], **reply(request, call)}  # noqa: E731
        return [one(call) for call in body] if isinstance(body, list) else one(body)

    return answer
