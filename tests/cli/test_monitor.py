"""`liquidbot monitor`: argument checking (exit 2 with one stderr line naming the argument) and
transport failures (exit 3, no crash). The chain-backed behaviour (pagination, thresholds vs
getUserAccountData, subgraph faults, RPC failure mid-run) is in tests/integration/monitor_chain.mjs."""
import os
import socket
import subprocess

import pytest

CLI = os.environ["LIQUIDBOT_CLI"]
PROVIDER = "0xe20fCBdBfFC4Dd138cE8b2E6FBb6CB49777ad64D"


def run(*args, timeout=60):
    return subprocess.run([CLI, "monitor", *args], capture_output=True, text=True, timeout=timeout)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BASE = ["--rpc", "http://127.0.0.1:9", "--addresses-provider", PROVIDER, "--once"]


@pytest.mark.parametrize("args,needle", [
    (["--addresses-provider", PROVIDER, "--once"], "--rpc"),
    (["--rpc", "http://127.0.0.1:9", "--once"], "--addresses-provider"),
    (["--rpc", "http://127.0.0.1:9", "--addresses-provider", "0x1234", "--once"], "--addresses-provider"),
    (BASE + ["--subgraph", "http://127.0.0.1:9/sg", "--page-size", "499"], "--page-size"),
    (BASE + ["--subgraph", "http://127.0.0.1:9/sg", "--page-size", "1001"], "--page-size"),
    (BASE + ["--subgraph", "http://127.0.0.1:9/sg", "--page-size", "x"], "--page-size"),
    (BASE + ["--subgraph", "ftp://127.0.0.1:9/sg"], "--subgraph"),
    (BASE + ["--subgraph", "http://127.0.0.1:9/sg", "--subgraph-key", "bad key"], "--subgraph"),
    (BASE + ["--alert-hf", "1.02", "--act-hf", "1.05"], "--alert-hf"),
    (BASE + ["--act-hf", "0.9"], "--act-hf"),
    (BASE + ["--alert-hf", "1,1"], "--alert-hf"),
    (BASE + ["--alert-hf", "1.0000000000000000001"], "--alert-hf"),
    (BASE + ["--sweep-every", "0"], "--alert-hf/--act-hf"),
    (BASE + ["--interval-ms", "-5"], "--interval-ms"),
    (BASE + ["--bogus", "1"], "--bogus"),
    (BASE + ["extra"], "extra"),
])
def test_bad_arguments_exit_2(args, needle):
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]


def test_connection_refused_exits_3_with_one_line():
    port = closed_port()
    r = run("--rpc", f"http://127.0.0.1:{port}", "--addresses-provider", PROVIDER, "--once",
            "--timeout-ms", "1000")
    assert r.returncode == 3, r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith("liquidbot monitor: ")
    assert f"127.0.0.1:{port}" in r.stderr


def run_reserves(*args, timeout=60):
    return subprocess.run([CLI, "subgraph-reserves", *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("args,needle", [
    ([], "--subgraph"),
    (["--subgraph", "http://127.0.0.1:9/sg", "--page-size", "499"], "--page-size"),
    (["--subgraph", "http://127.0.0.1:9/sg", "--page-size", "x"], "--page-size"),
    (["--subgraph", "ftp://127.0.0.1:9/sg"], "--subgraph"),
    (["--subgraph", "http://127.0.0.1:9/sg", "--subgraph-key", "bad key"], "--subgraph"),
    (["--subgraph", "http://127.0.0.1:9/sg", "--bogus", "1"], "--bogus"),
    (["--subgraph", "http://127.0.0.1:9/sg", "extra"], "extra"),
])
def test_subgraph_reserves_bad_arguments_exit_2(args, needle):
    r = run_reserves(*args)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]


def test_subgraph_reserves_connection_refused_exits_3():
    port = closed_port()
    r = run_reserves("--subgraph", f"http://127.0.0.1:{port}/sg", "--timeout-ms", "1000")
    assert r.returncode == 3, r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith("liquidbot subgraph-reserves: ")
    assert len(r.stderr.strip().splitlines()) == 1
