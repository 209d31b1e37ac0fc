"""Python bindings on the test-bed chain (Hardhat 8453 with the real Aave V3 1.19.3 contracts), run by
the ctest python.chain as
  node tests/js/testbed.mjs run --borrowers N --seed S --subgraph -- \
    node tests/integration/signer_remote.mjs -- python3 -m pytest tests/python/chain_checks.py
References: the test bed's ethers reader (`testbed.mjs snapshot`: snapshot and getUserAccountData at a
block), the C++ CLI (`liquidbot snapshot` / `account-data`), the seeded borrower list, the node's
receipts for transactions signed by each signer kind and sent through the Sender, the GasPriceOracle
stand-in's getL1Fee, the Pool's own reverts and the on-chain health factor after an Executor cycle."""
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


# ---- simulation, L1 fee and the executor loop ------------------------------------------------------

EXEC = DEPLOYMENT["accounts"][7]
WAD = 10**18


def send_and_wait(client, key, to, data):
    """Signs and sends a call from the key's account and waits for its (successful) receipt."""
    pk = lb.PrivateKey.from_hex(key)
    fees = lb.fee_quote(client)
    tx = lb.Transaction(chain_id=8453, nonce=client.get_transaction_count(pk.address, "pending"),
                        gas_limit=500_000, to=to, data=data, max_fee_per_gas=fees["max_fee_per_gas"],
                        max_priority_fee_per_gas=fees["max_priority_fee_per_gas"])
    tx.sign(pk)
    h = client.send_raw_transaction(tx.encode())
    for _ in range(100):
        receipt = client.get_transaction_receipt(h)
        if receipt is not None:
            assert receipt["status"] is True, receipt
            return receipt
        client.request("evm_mine", [])
    raise AssertionError("transaction not mined")


def fund_executor(client):
    """Mints every reserve's test token to the executor account (MintableERC20.mint from account 0)."""
    for r in DEPLOYMENT["reserves"]:
        send_and_wait(client, hardhat_key(0), r["underlying"],
                      lb.abi_encode_call("mint(address,uint256)", [EXEC["address"], 10 ** (r["decimals"] + 9)]))


def borrower_with_debt(reader, lo=105 * 10**16, hi=3 * WAD, skip=()):
    for user in BORROWERS:
        if lb.to_checksum_address(user) in skip:
            continue
        snap = reader.snapshot(user)
        hf = lb.account_data(snap).health_factor
        if lo <= hf <= hi:
            debts = [p for p in snap.to_dict()["user"]["positions"] if int(p["scaledVariableDebt"]) > 0]
            if debts:
                return lb.to_checksum_address(user), lb.to_checksum_address(debts[0]["asset"]), hf
    pytest.skip("no borrower with debt in the health-factor range")


def test_l1_fee_equals_gas_price_oracle(client, reader):
    params = lb.fetch_l1_fee_params(client)
    assert params.l1_base_fee > 0 and params.base_fee_scalar > 0
    pool = reader.addresses["pool"]
    fees = lb.fee_quote(client)
    for amount in (1, 10**6, 2**255):
        call = lb.repay_call(pool, DEPLOYMENT["reserves"][0]["underlying"], amount, DEAD)
        tx = lb.Transaction(chain_id=8453, nonce=5, gas_limit=300_000, to=call["to"], data=call["data"],
                            max_fee_per_gas=fees["max_fee_per_gas"],
                            max_priority_fee_per_gas=fees["max_priority_fee_per_gas"])
        unsigned = tx.signing_payload()
        ours = lb.l1_fee_unsigned(params, unsigned)
        # the stand-in contract's getL1Fee(bytes), called directly with an ABI-encoded eth_call
        raw = client.call(lb.GAS_PRICE_ORACLE, lb.abi_encode_call("getL1Fee(bytes)", [unsigned]))
        assert ours == lb.decode_uint(raw) == lb.oracle_l1_fee(client, unsigned)
        assert ours > 0


def test_simulate_repay_succeeds_and_reverts(client, reader):
    fund_executor(client)
    pool = reader.addresses["pool"]
    user, asset, _ = borrower_with_debt(reader)
    send_and_wait(client, EXEC["privateKey"], asset, lb.approve_call(asset, pool, 10**30)["data"])
    fees = lb.fee_quote(client)

    def repay_tx(amount, on_behalf_of):
        call = lb.repay_call(pool, asset, amount, on_behalf_of)
        return lb.Transaction(chain_id=8453, nonce=client.get_transaction_count(EXEC["address"], "pending"),
                              gas_limit=0, to=call["to"], data=call["data"], max_fee_per_gas=fees["max_fee_per_gas"],
                              max_priority_fee_per_gas=fees["max_priority_fee_per_gas"])

    tx = repay_tx(1000, user)
    ok = lb.simulate(client, tx, EXEC["address"])
    assert ok["ok"], ok
    est = client.estimate_gas(pool, tx.data, "pending", sender=EXEC["address"])
    assert ok["gas_estimate"] == est and tx.gas_limit == ok["gas_limit"] == lb.gas_with_margin(est, 20)
    # repaid amount returned by Pool.repay
    assert lb.decode_uint(ok["return_data"]) == 1000
    # a user without debt: Aave 3.0 reverts with Error("39") (NO_DEBT_OF_SELECTED_TYPE)
    bad = repay_tx(1000, DEAD)
    r = lb.simulate(client, bad, EXEC["address"])
    assert not r["ok"] and "NO_DEBT_OF_SELECTED_TYPE" in r["reason"] and '"39"' in r["reason"], r
    assert bad.gas_limit == 0
    zero = lb.simulate(client, repay_tx(0, user), EXEC["address"])
    assert not zero["ok"] and "INVALID_AMOUNT" in zero["reason"], zero


def test_executor_cycle_protects_an_enrolled_position(client, reader, tmp_path):
    user, _, hf = borrower_with_debt(reader)
    target = (hf * 110 // 100) // 10**14 * 10**14
    weth = next(r["underlying"] for r in DEPLOYMENT["reserves"] if r["symbol"] == "WETH")
    config = lb.load_config(f'[executor]\npoll_interval_ms = 100\n[fees]\nservice_fee_bps = 0\n'
                            f'eth_price_asset = "{weth}"\n',
                            {"BASE_RPC_URL": RPC, "BASE_CHAIN_ID": "8453",
                             "AAVE_V3_POOL_ADDRESSES_PROVIDER": DEPLOYMENT["poolAddressesProvider"],
                             "LIQUIDBOT_DATABASE": str(tmp_path / "executor.db")})
    store = lb.Store.open(config.database)
    # act threshold above the current health factor: the first cycle triggers
    store.enroll(lb.Enrollment(chain_id=8453, user=user, target_hf=target, act_threshold=hf * 102 // 100,
                               strategies=lb.STRATEGY_REPAY))
    signer = lb.Signer.from_hex(EXEC["privateKey"])
    nonces = lb.NonceManager(8453, signer.address, client, store)
    events = []
    ex = lb.Executor(config, client, reader, signer, store, nonces,
                     lambda level, event, fields: events.append((level, event, fields)))
    ex.reconcile()
    assert ex.cycle() == 1
    for _ in range(50):
        if ex.pending == 0:
            break
        client.request("evm_mine", [])
        ex.follow()
    assert ex.pending == 0
    (intervention,) = store.interventions(8453)
    assert intervention.user == user and intervention.success and intervention.strategy == "repay"
    assert intervention.hf_before <= hf < target and intervention.hf_after >= target
    after = reader.read_user(user)
    assert after.matches_chain and after.on_chain.health_factor >= target
    names = {e for _, e, _ in events}
    assert {"trigger", "strategy", "protected"} <= names, names
    assert all(isinstance(f, dict) for _, _, f in events)
    assert next(f for _, e, f in events if e == "trigger")["user"] == user
    with pytest.raises(lb.InvalidArgument):
        lb.Executor(config, client, reader, signer, store, nonces, log=42)
    del ex
    nonces.close()
