"""`liquidbot snapshot`: reads a user's liquidbot.snapshot/1 from the test-bed chain; `account-data`
on it equals getUserAccountData at that block as read by the test bed's ethers code (`testbed.mjs
snapshot`). Bad arguments exit 2 with one stderr line; unreachable or wrong-chain endpoints exit 3."""
import json
import os
import pathlib
import subprocess
import tempfile

import pytest

CLI = os.environ["LIQUIDBOT_CLI"]
JS_DIR = pathlib.Path(os.environ.get("LIQUIDBOT_JS_DIR", pathlib.Path(__file__).parents[1] / "js"))
TESTBED = JS_DIR / "testbed.mjs"


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def bed():
    state = pathlib.Path(tempfile.mkdtemp(prefix="lb-cli-snapshot-")) / "bed.json"
    out = subprocess.run(["node", str(TESTBED), "start", "--borrowers", "6", "--seed", "4",
                          "--state-file", str(state)], capture_output=True, text=True, check=True)
    env = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    deployment = json.loads(pathlib.Path(env["LB_DEPLOYMENT"]).read_text())
    try:
        yield {"url": env["LB_RPC_URL"], "state": str(state), "deployment": deployment}
    finally:
        subprocess.run(["node", str(TESTBED), "stop", "--state-file", str(state)], check=False)


def chain_view(bed, user, block):
    out = subprocess.run(["node", str(TESTBED), "snapshot", "--state-file", bed["state"], "--user", user],
                         capture_output=True, text=True, check=True)
    view = json.loads(out.stdout)
    assert int(view["blockNumber"]) == block
    return view


def test_snapshot_then_account_data_equals_chain(bed, tmp_path):
    head = int(json.loads(subprocess.run(
        ["curl", "-s", "-H", "content-type: application/json", "--data",
         '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}', bed["url"]],
        capture_output=True, text=True, check=True).stdout)["result"], 16)
    provider = bed["deployment"]["poolAddressesProvider"]
    for borrower in bed["deployment"]["borrowers"]:
        user = borrower["address"]
        r = run("snapshot", "--rpc", bed["url"], "--addresses-provider", provider, "--user", user,
                "--block", str(head), "--chain-id", "8453", "--cross-check")
        assert r.returncode == 0, r.stderr
        snapshot = json.loads(r.stdout)
        assert snapshot["format"] == "liquidbot.snapshot/1"
        assert snapshot["revision"] == "3.0"
        path = tmp_path / "s.json"
        path.write_text(r.stdout)
        a = run("account-data", "--snapshot", str(path))
        assert a.returncode == 0, a.stderr
        view = chain_view(bed, user, head)
        assert json.loads(a.stdout) == view["accountData"]


def test_bad_arguments_exit_2(bed):
    provider = bed["deployment"]["poolAddressesProvider"]
    user = bed["deployment"]["borrowers"][0]["address"]
    cases = [
        ("--addresses-provider", provider, "--user", user),
        ("--rpc", bed["url"], "--addresses-provider", "0x1234", "--user", user),
        ("--rpc", bed["url"], "--addresses-provider", provider, "--user", user, "--block", "-1"),
        ("--rpc", bed["url"], "--addresses-provider", provider, "--user", user, "--bogus", "1"),
        ("--rpc", "ftp://x", "--addresses-provider", provider, "--user", user),
    ]
    for args in cases:
        r = run("snapshot", *args)
        assert r.returncode in (2, 3), (args, r.stderr)
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_unreachable_and_wrong_chain_exit_3(bed):
    provider = bed["deployment"]["poolAddressesProvider"]
    user = bed["deployment"]["borrowers"][0]["address"]
    r = run("snapshot", "--rpc", "http://127.0.0.1:1/", "--addresses-provider", provider, "--user", user,
            "--timeout-ms", "500")
    assert r.returncode == 3
    assert "127.0.0.1:1" in r.stderr
    r = run("snapshot", "--rpc", bed["url"], "--addresses-provider", provider, "--user", user, "--chain-id", "1")
    assert r.returncode == 3
    assert "chain id 8453, expected 1" in r.stderr
    r = run("snapshot", "--rpc", bed["url"], "--addresses-provider", user, "--user", user)
    assert r.returncode == 3
    assert "PoolAddressesProvider" in r.stderr
