"""Python bindings on the test-bed chain (Hardhat 8453 with the real Aave V3 1.19.3 contracts), run by
the ctest python.chain as
  node tests/js/testbed.mjs run --borrowers N --seed S --subgraph -- \
    node tests/integration/signer_remote.mjs -- python3 -m pytest tests/python/chain_checks.py
References: the test bed's ethers reader (`testbed.mjs snapshot`: snapshot and getUserAccountData at a
block), the C++ CLI (`liquidbot snapshot` / `account-data`), the seeded borrower list, and the node's
receipts for transactions signed by each signer kind and sent through the Sender."""
import json
import os
import pathlib
import subprocess

import pytest

import liquidbot as lb

ROOT = pathlib.Path(__file__).resolve().parents[2]
TESTBED = ROOT / "tests" / "js" / "testbed.mjs"
RPC = os.environ.get("LB_RPC_URL")
if not RPC:
    pytest.skip("LB_RPC_URL not set: run under tests/js/testbed.mjs run", allow_module_level=True)
DEPLOYMENT = json.loads(pathlib.Path(os.environ["LB_DEPLOYMENT"]).read_text())
BORROWERS = [b["address"] for b in DEPLOYMENT["borrowers"]]
DEAD = "0x000000000000000000000000000000000000dEaD"
FIELDS = {"totalCollateralBase": "total_collateral_base", "totalDebtBase": "total_debt_base",
          "availableBorrowsBase": "available_borrows_base",
          "currentLiquidationThreshold": "current_liquidation_threshold", "ltv": "ltv",
          "healthFactor": "health_factor"}


def run_testbed(*args):
    out = subprocess.run(["node", str(TESTBED), *args, "--state-file", os.environ["LB_TESTBED_STATE"]],
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def client():
    return lb.RpcClient([RPC], expected_chain_id=8453)


@pytest.fixture(scope="module")
def reader(client):
    return lb.Reader.discover(client, DEPLOYMENT["poolAddressesProvider"])


def test_reader_discovers_the_market(reader):
    a = reader.addresses
    assert a["pool"] == lb.to_checksum_address(DEPLOYMENT["pool"])
    assert a["provider"] == lb.to_checksum_address(DEPLOYMENT["poolAddressesProvider"])
    assert a["pool_revision"] == 1 and a["revision"] == "3.0"


def test_reader_snapshot_equals_chain_and_cli(client, reader, tmp_path):
    assert len(BORROWERS) >= 8
    block = reader.resolve("latest")
    market = reader.read_market(block)
    assert market.block_number == block and len(market.reserves) == len(DEPLOYMENT["reserves"])
    reads = reader.read_users(market, BORROWERS)
    cli = os.environ.get("LIQUIDBOT_CLI")
    for user, read in zip(BORROWERS, reads):
        assert isinstance(read, lb.UserRead), read
        assert read.matches_chain
        ref = run_testbed("snapshot", "--user", user, "--block", str(block))
        # getUserAccountData read by ethers == engine account data from our snapshot
        expected = {FIELDS[k]: int(v) for k, v in ref["accountData"].items() if k in FIELDS}
        assert lb.account_data(read.snapshot).to_dict() == expected
        assert read.on_chain.to_dict() == expected
        # the snapshot equals the ethers reader's one field by field (after a parse round trip)
        assert read.snapshot.to_dict() == lb.Snapshot.from_dict(ref["snapshot"]).to_dict()
        if cli:
            text = subprocess.run([cli, "snapshot", "--rpc", RPC, "--addresses-provider",
                                   DEPLOYMENT["poolAddressesProvider"], "--user", user, "--block", str(block),
                                   "--chain-id", "8453"], capture_output=True, text=True, check=True).stdout
            assert lb.Snapshot.from_json(text).to_json() == read.snapshot.to_json()
            path = tmp_path / "s.json"
            path.write_text(text)
            out = json.loads(subprocess.run([cli, "account-data", "--snapshot", str(path)], capture_output=True,
                                            text=True, check=True).stdout)
            ours = lb.account_data(read.snapshot).to_dict()
            assert {k: int(out[k]) for k in FIELDS} == {k: ours[v] for k, v in FIELDS.items()}
    single = reader.read_user(BORROWERS[0], block)
    assert single.snapshot.to_json() == reads[0].snapshot.to_json()
    assert reader.snapshot(BORROWERS[0], block).to_json() == reads[0].snapshot.to_json()


def test_monitor_finds_the_seeded_borrowers(client, reader):
    with_debt = {lb.to_checksum_address(u) for u in BORROWERS
                 if lb.account_data(reader.snapshot(u)).total_debt_base > 0}
    assert with_debt
    head = client.block_number()
    scan = lb.scan_borrow_events(client, DEPLOYMENT["pool"], 0, head, 500)
    assert set(scan["borrowers"]) >= with_debt and scan["to_block"] == head and scan["requests"] >= 1
    sg_url = os.environ.get("LB_SUBGRAPH_URL")
    if sg_url:
        sweep = lb.SubgraphClient(sg_url, page_size=500).sweep(chain_head=head)
        assert {b["user"] for b in sweep["borrowers"]} == with_debt
    sources = [("subgraph", lb.SubgraphClient(sg_url))] if sg_url else []
    sources.append(("events", None))
    for source, sg in sources:
        mon = lb.Monitor(client, reader, sg, sweep_every_blocks=1)
        seen = []
        mon.on_change(seen.append)
        report = mon.step(full=True)
        assert report["discovered"] and report["source"] == source
        assert report["borrowers"] == len(with_debt) and report["users_read"] == len(with_debt)
        users = mon.users()
        assert {u.user for u in users} == with_debt
        for u in users:
            assert u.matches_chain and u.block == report["block"]
            assert u.risk.account == lb.account_data(reader.snapshot(u.user, u.block))
        assert [c.user for c in seen] == [c.user for c in mon.take_changes()]
        assert {u.user for u in mon.at_risk()} == {c.user for c in seen}
        h = mon.health()
        assert h["last_good_block"] == report["block"] and h["discovery_source"] == source
    with pytest.raises(lb.InvalidArgument):
        lb.Monitor(client, reader, sweep_every_blocks=0)
    with pytest.raises(lb.InvalidArgument):
        lb.Monitor(client, reader, act_hf=2 * 10**18, alert_hf=10**18)


def test_monitor_callback_policy(client, reader):
    """A price crash makes borrowers change level: the callback sees the changes; an exception in it
    is re-raised by step() after the cycle, and the changes stay queued."""
    mon = lb.Monitor(client, reader, sweep_every_blocks=1)
    mon.step(full=True)
    mon.take_changes()
    calls = []

    def boom(change):
        calls.append(change)
        assert any(u.user == change.user for u in mon.users())  # reads are allowed inside the callback
        for mutate in (lambda: mon.step(), lambda: mon.add_borrowers([DEAD]), mon.take_changes):
            with pytest.raises(lb.StateError, match="inside an on_change callback"):
                mutate()
        raise KeyError("from the callback")

    mon.on_change(boom)
    volatile = [r for r in DEPLOYMENT["reserves"] if r["symbol"] != "USDC"]
    try:
        for r in volatile:
            run_testbed("set-price", "--asset", r["symbol"], "--price", "1")
        with pytest.raises(KeyError, match="from the callback"):
            mon.step(full=True)
        assert len(calls) == 1
        changes = mon.take_changes()
        assert changes and changes[0].user == calls[0].user and changes[0].current != "ok"
        mon.on_change(None)
        mon.add_borrowers([DEAD])
        assert mon.step(full=True)["borrowers"] >= 1
        assert DEAD in {u.user for u in mon.users()}
    finally:
        for r in volatile:
            run_testbed("set-price", "--asset", r["symbol"], "--price", r["initialPrice"])


def hardhat_key(i):
    return DEPLOYMENT["accounts"][i]["privateKey"]


@pytest.mark.parametrize("kind", ["local", "keystore", "remote"])
def test_transfer_signed_by_each_signer_is_mined(client, kind, tmp_path):
    if kind == "local":
        signer = lb.Signer.from_hex(hardhat_key(3))
    elif kind == "keystore":
        path = tmp_path / "ks.json"
        path.write_text(lb.keystore_encrypt(lb.PrivateKey.from_hex(hardhat_key(4)), "pw", scrypt_n=1024))
        signer = lb.Signer.from_keystore(str(path), "pw")
    else:
        if not os.environ.get("LB_SIGNER_URL"):
            pytest.skip("LB_SIGNER_URL not set (run under tests/integration/signer_remote.mjs)")
        signer = lb.Signer.remote(lb.RpcClient([os.environ["LB_SIGNER_URL"]]), DEPLOYMENT["accounts"][0]["address"])
    assert signer.kind == kind
    store = lb.Store.open(str(tmp_path / "state.db"))
    nonces = lb.NonceManager(8453, signer.address, client, store)
    sender = lb.Sender(client, signer, store, nonces)
    fees = lb.fee_quote(client)
    for i in range(2):
        iid = lb.make_intent_id(8453, DEAD, f"{kind}-{i}")
        assert store.create_intent(lb.Intent(id=iid, chain_id=8453, user=DEAD, trigger=f"{kind}-{i}",
                                             strategy="repay", signer=signer.address, state="simulated"))
        nonce = nonces.acquire()
        assert nonce == client.get_transaction_count(signer.address, "pending")
        tx = lb.Transaction(chain_id=8453, nonce=nonce, gas_limit=21000, to=DEAD, value=1000 + i,
                            max_fee_per_gas=fees["max_fee_per_gas"],
                            max_priority_fee_per_gas=fees["max_priority_fee_per_gas"])
        r = sender.submit(iid, tx)
        for _ in range(20):
            if r["state"] != "pending":
                break
            r = sender.poll(iid)
        assert r["state"] == "included", r
        (attempt,) = store.attempts(iid)
        receipt = client.get_transaction_receipt(attempt.tx_hash)
        assert receipt["status"] is True and receipt == r["receipt"]
        decoded = lb.decode_transaction(attempt.raw_tx)
        assert decoded.sender == signer.address and decoded.tx.value == 1000 + i
        assert store.intent(iid).state == "included"
    assert sender.reconcile() == {}
    nonces.close()
