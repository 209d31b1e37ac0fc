"""Protective actions, simulation, L1 fee and the executor's configuration and costs from Python.
References: ethers v6 (calldata and error encodings), op-geth's published FastLZ / Fjord vectors, the
Fjord formula and the cost arithmetic written out with Python ints, and a scripted JSON-RPC node on
127.0.0.1 for the simulation. Every bad input raises the documented liquidbot exception."""
import json
import shutil
import subprocess

import pytest

import liquidbot as lb
from conftest import JS_DIR, json_rpc, json_server

POOL = "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5"
USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
WETH = "0x4200000000000000000000000000000000000006"
USER = "0x1111111111111111111111111111111111111111"
EXECUTOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
ORCH = "0x2222222222222222222222222222222222222222"
WAD = 10**18


def ethers(script_body: str) -> dict:
    """Runs a snippet with ethers v6 in scope (`ethers`); it prints one JSON object."""
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules" / "ethers").exists():
        pytest.skip("node or ethers not available")
    code = ("import { createRequire } from 'node:module';"
            f"const {{ ethers }} = createRequire({json.dumps(str(JS_DIR / 'package.json'))})('ethers');"
            + script_body)
    proc = subprocess.run([node, "--input-type=module", "-e", code], capture_output=True, text=True, check=True,
                          timeout=120)
    return json.loads(proc.stdout)


# ---- calldata ------------------------------------------------------------------------------------

def test_calldata_matches_ethers():
    ref = ethers(f"""
      const i = new ethers.Interface([
        'function repay(address,uint256,uint256,address)', 'function supply(address,uint256,address,uint16)',
        'function approve(address,uint256)', 'function allowance(address,address)', 'function balanceOf(address)',
        'function getUserAccountData(address)',
        'function deleverage(address,address,address,uint256,uint256,uint256,uint256,uint256)']);
      console.log(JSON.stringify({{
        repay: i.encodeFunctionData('repay', ['{USDC}', 123456789n, 2n, '{USER}']),
        supply: i.encodeFunctionData('supply', ['{WETH}', 10n**18n, '{USER}', 0]),
        approve: i.encodeFunctionData('approve', ['{POOL}', 2n**256n - 1n]),
        allowance: i.encodeFunctionData('allowance', ['{EXECUTOR}', '{POOL}']),
        balance: i.encodeFunctionData('balanceOf', ['{EXECUTOR}']),
        account: i.encodeFunctionData('getUserAccountData', ['{USER}']),
        delev: i.encodeFunctionData('deleverage', ['{USER}', '{USDC}', '{WETH}', 1000n, 5n, 1010n, 10n, 1050000000000000000n]),
      }}));""")
    hx = lambda b: "0x" + b.hex()  # noqa: E731
    repay = lb.repay_call(POOL, USDC, 123456789, USER)
    assert repay == {"to": POOL, "data": bytes.fromhex(ref["repay"][2:]), "value": 0}
    assert hx(lb.supply_call(POOL, WETH, WAD, USER)["data"]) == ref["supply"]
    assert lb.approve_call(USDC, POOL, 2**256 - 1) == {"to": USDC, "data": bytes.fromhex(ref["approve"][2:]), "value": 0}
    assert hx(lb.allowance_calldata(EXECUTOR, POOL)) == ref["allowance"]
    assert hx(lb.balance_of_calldata(EXECUTOR)) == ref["balance"]
    assert hx(lb.account_data_calldata(USER)) == ref["account"]
    delev = lb.deleverage_call(ORCH, user=USER, debt_asset=USDC, collateral_asset=WETH, flash_amount=1000,
                               withdraw_amount=5, min_swap_out=1010, service_fee=10, min_health_factor=105 * 10**16)
    assert delev["to"] == ORCH and hx(delev["data"]) == ref["delev"]


def test_funded_action_and_fees():
    short = lb.plan_funded_action("repay", POOL, USDC, 500, USER, balance=1000, allowance=100)
    assert short["approve"] == lb.approve_call(USDC, POOL, 500)
    assert short["action"] == lb.repay_call(POOL, USDC, 500, USER)
    unlimited = lb.plan_funded_action("supply", POOL, USDC, 500, USER, balance=1000, allowance=0, approval="unlimited")
    assert unlimited["approve"] == lb.approve_call(USDC, POOL, 2**256 - 1)
    assert unlimited["action"] == lb.supply_call(POOL, USDC, 500, USER)
    assert lb.plan_funded_action("repay", POOL, USDC, 500, USER, balance=500, allowance=500)["approve"] is None
    with pytest.raises(lb.UnreachableTarget, match="insufficient executor funds"):
        lb.plan_funded_action("repay", POOL, USDC, 500, USER, balance=499, allowance=0)
    with pytest.raises(lb.InvalidArgument):
        lb.plan_funded_action("repay", POOL, USDC, 0, USER, balance=1, allowance=0)
    with pytest.raises(lb.InvalidArgument, match="kind"):
        lb.plan_funded_action("borrow", POOL, USDC, 1, USER, balance=1, allowance=0)
    with pytest.raises(lb.InvalidArgument, match="approval"):
        lb.plan_funded_action("repay", POOL, USDC, 1, USER, balance=1, allowance=0, approval="infinite")
    with pytest.raises(lb.InvalidArgument):
        lb.repay_call(POOL, USDC, -1, USER)
    with pytest.raises(lb.InvalidArgument):
        lb.repay_call("0x1234", USDC, 1, USER)

    # min(ceil(amount * bps / 10000), cap)
    for amount, bps, cap in [(10**6, 10, 0), (999, 10, 0), (10**20, 25, 10**15), (7, 10000, 0), (0, 5, 0)]:
        expect = -(-amount * bps // 10000)
        if cap:
            expect = min(expect, cap)
        assert lb.service_fee(amount, bps, cap) == expect
    with pytest.raises(lb.InvalidArgument):
        lb.service_fee(1, 10001)
    with pytest.raises(lb.InvalidArgument):
        lb.deleverage_call(ORCH, user=USER, debt_asset=USDC, collateral_asset=WETH, flash_amount=1000,
                           withdraw_amount=5, min_swap_out=1009, service_fee=10, min_health_factor=WAD)
    with pytest.raises(lb.InvalidArgument):
        lb.deleverage_call(ORCH, user=USER, debt_asset=USDC, collateral_asset=WETH, flash_amount=0,
                           withdraw_amount=5, min_swap_out=10, min_health_factor=WAD)


def test_decoders():
    words = [3 * 10**8, 10**8, 5 * 10**7, 8250, 8000, 2**256 - 1]
    data = b"".join(w.to_bytes(32, "big") for w in words)
    a = lb.decode_account_data(data)
    assert (a.total_collateral_base, a.total_debt_base, a.available_borrows_base, a.current_liquidation_threshold,
            a.ltv, a.health_factor) == tuple(words)
    assert lb.decode_uint((12345).to_bytes(32, "big")) == 12345
    with pytest.raises(lb.DecodeError):
        lb.decode_account_data(data[:-1])
    with pytest.raises(lb.DecodeError):
        lb.decode_uint(b"\x00" * 33)


def test_fee_bump_and_replacement():
    old = {"base_fee": 10**9, "max_priority_fee_per_gas": 10**6, "max_fee_per_gas": 2 * 10**9 + 10**6}
    new = lb.bump_fees(old, bump_percent=13)
    # raised by 13%, rounded up (and at least +1 wei)
    assert new["max_priority_fee_per_gas"] == max(-(-10**6 * 113 // 100), 10**6 + 1)
    assert new["max_fee_per_gas"] == max(-(-old["max_fee_per_gas"] * 113 // 100), old["max_fee_per_gas"] + 1)
    assert lb.is_valid_replacement(old, new)
    assert not lb.is_valid_replacement(old, old)
    market = dict(old, max_priority_fee_per_gas=5 * 10**6, max_fee_per_gas=9 * 10**9)
    assert lb.bump_fees(old, market=market)["max_fee_per_gas"] >= 9 * 10**9
    with pytest.raises(lb.InvalidArgument):
        lb.bump_fees(old, bump_percent=9)
    with pytest.raises(lb.UnreachableTarget):
        lb.bump_fees(old, max_fee_per_gas_cap=2 * 10**9)
    with pytest.raises(lb.InvalidArgument, match="max_fee_per_gas"):
        lb.bump_fees({"base_fee": 1, "max_priority_fee_per_gas": 1})


# ---- revert decoding -----------------------------------------------------------------------------

def test_revert_decoding_against_ethers():
    ref = ethers(f"""
      const i = new ethers.Interface(['error Error(string)', 'error Panic(uint256)',
        'error InvalidCollateralInEmode(address,uint256)', 'error HealthFactorLowerThanLiquidationThreshold()']);
      console.log(JSON.stringify({{
        code35: i.encodeErrorResult('Error', ['35']),
        panic: i.encodeErrorResult('Panic', [0x11]),
        emode: i.encodeErrorResult('InvalidCollateralInEmode', ['{WETH}', 3]),
        hf: i.encodeErrorResult('HealthFactorLowerThanLiquidationThreshold', []),
        hf_selector: ethers.id('HealthFactorLowerThanLiquidationThreshold()').slice(0, 10),
      }}));""")
    d = lb.decode_revert_data(ref["code35"])
    assert d["kind"] == "error" and d["message"] == "35"
    assert d["description"] == 'Error("35": HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD)'
    assert lb.aave_error_name("35") == "HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD"
    assert lb.aave_error_name("not a code") is None
    p = lb.decode_revert_data(ref["panic"])
    assert p["kind"] == "panic" and p["panic_code"] == 0x11
    e = lb.decode_revert_data(ref["emode"])
    assert e["kind"] == "custom" and e["error"] == "InvalidCollateralInEmode(address,uint256)"
    assert e["args"] == [WETH, 3]
    assert lb.describe_revert(ref["emode"]) == f"InvalidCollateralInEmode({WETH}, 3)"
    assert lb.aave_custom_error(ref["hf_selector"]) == "HealthFactorLowerThanLiquidationThreshold()"
    assert lb.decode_revert_data(ref["hf"])["error"] == "HealthFactorLowerThanLiquidationThreshold()"
    assert lb.aave_custom_error(b"\xde\xad\xbe\xef") is None
    assert lb.decode_revert_data(b"")["kind"] == "empty"
    unknown = lb.decode_revert_data(b"\xde\xad\xbe\xef\x01")
    assert unknown["kind"] == "unknown" and unknown["data"] == b"\x01"
    # malformed: a short selector, truncated arguments of a known error
    with pytest.raises(lb.DecodeError):
        lb.decode_revert_data(b"\x01\x02")
    with pytest.raises(lb.DecodeError, match="InvalidCollateralInEmode"):
        lb.decode_revert_data(bytes.fromhex(ref["emode"][2:])[:-1])
    assert lb.describe_revert(b"\x01\x02").startswith("undecodable revert data")
    with pytest.raises(lb.InvalidArgument):
        lb.aave_custom_error(b"\x01\x02\x03")


def test_gas_margin_and_wad_format():
    for est, margin in [(21000, 20), (100001, 20), (1, 0), (333333, 15)]:
        assert lb.gas_with_margin(est, margin) == -(-est * (100 + margin) // 100)
    with pytest.raises(lb.Overflow):
        lb.gas_with_margin(2**64 - 1, 20)
    assert lb.format_wad(1299999999999999999) == "1.2999"
    assert lb.format_wad(13 * 10**17) == "1.3"
    assert lb.format_wad(2**256 - 1) == "inf"


# ---- L1 fee --------------------------------------------------------------------------------------

def fjord(params: lb.L1FeeParams, size: int) -> int:
    """The Fjord formula of the OP-stack specs, written out with Python ints."""
    scaled = params.base_fee_scalar * params.l1_base_fee * 16 + params.blob_base_fee_scalar * params.blob_base_fee
    est = max(100_000_000, 836_500 * size - 42_585_600)
    return est * scaled // 10**12


def test_l1_fee_vectors():
    # op-geth's FlzCompressLen vectors (emptyTx and the OP mainnet transaction of l1fee_test.cpp)
    assert lb.flz_compress_len(b"") == 0
    assert lb.flz_compress_len(b"\x01" * 1000) == 21
    assert lb.flz_compress_len(bytes.fromhex("dd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080")) == 31
    p = lb.L1FeeParams(l1_base_fee=2_000_000, blob_base_fee=3_000_000, base_fee_scalar=20, blob_base_fee_scalar=15)
    assert lb.fjord_l1_fee(p, 235) == 105484  # op-geth parity vector
    assert p == lb.L1FeeParams(l1_base_fee=2_000_000, blob_base_fee=3_000_000, base_fee_scalar=20,
                               blob_base_fee_scalar=15)
    tx = lb.Transaction(chain_id=8453, nonce=7, gas_limit=300000, to=POOL, value=0,
                        data=lb.repay_call(POOL, USDC, 10**9, USER)["data"],
                        max_fee_per_gas=2 * 10**9, max_priority_fee_per_gas=10**6)
    unsigned = tx.signing_payload()
    assert lb.keccak256(unsigned) == tx.signing_hash()
    assert lb.l1_fee_unsigned(p, unsigned) == fjord(p, lb.flz_compress_len(unsigned) + 68)
    tx.sign(lb.PrivateKey.from_hex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
    assert lb.l1_fee_signed(p, tx.encode()) == fjord(p, lb.flz_compress_len(tx.encode()))
    size = len(unsigned) + 68
    assert lb.l1_fee_upper_bound(p, len(unsigned)) == fjord(p, size + size // 255 + 16)
    assert lb.fjord_l1_gas_used(unsigned) == max(100_000_000, 836_500 * (lb.flz_compress_len(unsigned) + 68)
                                                 - 42_585_600) * 16 // 10**6
    with pytest.raises(lb.Overflow):
        lb.fjord_l1_fee(lb.L1FeeParams(l1_base_fee=2**255, base_fee_scalar=2**32 - 1), 1000)
    with pytest.raises(AttributeError):
        lb.L1FeeParams(l1_fee=1)
    with pytest.raises(TypeError):
        lb.L1FeeParams(base_fee_scalar=2**32)


# ---- executor configuration and costs ------------------------------------------------------------

ENV = {"BASE_RPC_URL": "http://127.0.0.1:8545", "AAVE_V3_POOL_ADDRESSES_PROVIDER": POOL,
       "FEE_COLLECTOR_ADDRESS": ORCH}


def test_load_config():
    c = lb.load_config("", ENV)
    assert c.rpc_url == "http://127.0.0.1:8545" and c.provider == POOL and c.chain_id == 8453
    assert c.orchestrator is None and c.dry_run is False and c.log_level == "info"
    assert c.sender["max_attempts"] >= 1 and c.gas_margin_percent == 20
    toml = '[executor]\ndry_run = true\nbackoff_blocks = 5\n[fees]\nmax_cost_wei = \"1000\"\n'
    c = lb.load_config(toml, dict(ENV, LOG_LEVEL="debug", FLASH_LOAN_ORCHESTRATOR_ADDRESS=ORCH))
    assert c.dry_run and c.backoff_blocks == 5 and c.max_cost_wei == 1000 and c.log_level == "debug"
    assert c.orchestrator == ORCH
    c.log_level = "warn"
    assert c.log_level == "warn"
    with pytest.raises(lb.InvalidArgument):
        c.log_level = "loud"
    with pytest.raises(lb.Error, match="BASE_RPC_URL"):
        lb.load_config("", {})
    with pytest.raises(lb.InvalidArgument, match="FEE_COLLECTOR_ADDRESS"):
        lb.load_config("", {k: v for k, v in ENV.items() if k != "FEE_COLLECTOR_ADDRESS"})
    with pytest.raises(lb.Error, match="line 2"):
        lb.load_config("[executor]\nno_such_key = 1\n", ENV)
    with pytest.raises(lb.Error, match="BASE_CHAIN_ID"):
        lb.load_config("", dict(ENV, BASE_CHAIN_ID="eight"))


def test_intervention_cost():
    c = lb.intervention_cost(gas_limit=400_000, max_fee_per_gas=3 * 10**9, l1_fee_wei=12345, eth_price=3000 * 10**8,
                             service_fee=10**6, flash_premium=5 * 10**5, fee_asset_price=10**8, fee_asset_decimals=6)
    wei = 400_000 * 3 * 10**9 + 12345
    assert c["network_wei"] == wei
    assert c["network_base"] == -(-wei * 3000 * 10**8 // 10**18)
    assert c["fees_base"] == -(-(15 * 10**5) * 10**8 // 10**6)
    assert c["total_base"] == c["network_base"] + c["fees_base"]
    lb.check_intervention_cost(c)
    lb.check_intervention_cost(c, c["total_base"], max_cost_wei=wei, max_cost_base=c["total_base"])
    with pytest.raises(lb.UnreachableTarget, match="cost_cap"):
        lb.check_intervention_cost(c, c["total_base"] - 1)
    with pytest.raises(lb.UnreachableTarget, match="cost_cap"):
        lb.check_intervention_cost(c, max_cost_wei=wei - 1)
    with pytest.raises(lb.InvalidArgument, match="total_base"):
        lb.check_intervention_cost({"network_wei": 1, "network_base": 1, "fees_base": 1})
    with pytest.raises(lb.Overflow):
        lb.intervention_cost(gas_limit=2**63, max_fee_per_gas=2**255, l1_fee_wei=0, eth_price=1)


# ---- simulation against a scripted node ----------------------------------------------------------

@pytest.fixture
def sim_node():
    """eth_call answers `call_result` (hex) or reverts with `revert` (hex data, JSON-RPC error code 3);
    eth_estimateGas answers `estimate`. Requests are recorded."""
    state = {"call_result": "0x" + "00" * 31 + "01", "revert": None, "estimate": 100_000, "requests": []}

    def reply(request, call):
        state["requests"].append(call)
        if call["method"] == "eth_chainId":
            return {"result": "0x2105"}
        if call["method"] in ("eth_call", "eth_estimateGas") and state["revert"] is not None:
            return {"error": {"code": 3, "message": "execution reverted", "data": state["revert"]}}
        if call["method"] == "eth_call":
            return {"result": state["call_result"]}
        if call["method"] == "eth_estimateGas":
            return {"result": hex(state["estimate"])}
        return {"error": {"code": -32601, "message": "method not found"}}

    with json_server(json_rpc(reply)) as url:
        state["url"] = url
        yield state


def repay_tx():
    call = lb.repay_call(POOL, USDC, 10**9, USER)
    return lb.Transaction(chain_id=8453, nonce=0, gas_limit=0, to=call["to"], data=call["data"],
                          max_fee_per_gas=2 * 10**9, max_priority_fee_per_gas=10**6)


def test_simulate_ok_revert_and_health(sim_node):
    client = lb.RpcClient([sim_node["url"]])
    tx = repay_tx()
    r = lb.simulate(client, tx, EXECUTOR)
    assert r["ok"] and r["reason"] == "" and r["gas_estimate"] == 100_000 and r["gas_limit"] == 120_000
    assert r["return_data"] == (1).to_bytes(32, "big") and tx.gas_limit == 120_000
    call = next(q for q in sim_node["requests"] if q["method"] == "eth_call")
    assert call["params"][0]["from"].lower() == EXECUTOR.lower() and call["params"][1] == "pending"
    assert call["params"][0].get("input", call["params"][0].get("data")) == "0x" + lb.repay_call(POOL, USDC, 10**9, USER)["data"].hex()

    r = lb.simulate(client, repay_tx(), EXECUTOR, gas_margin_percent=10, max_gas_limit=100_000)
    assert not r["ok"] and "gas" in r["reason"]

    r = lb.simulate(client, repay_tx(), EXECUTOR, expected_hf_after=104 * 10**16, target_hf=105 * 10**16)
    assert not r["ok"] and "1.04" in r["reason"]

    sim_node["revert"] = "0x" + lb.function_selector("NoExplicitAmountToRepayOnBehalf()").hex()
    tx = repay_tx()
    r = lb.simulate(client, tx, EXECUTOR)
    assert not r["ok"] and "NoExplicitAmountToRepayOnBehalf()" in r["reason"] and tx.gas_limit == 0

    with pytest.raises(lb.InvalidArgument):
        lb.simulate(client, repay_tx(), EXECUTOR, expected_hf_after=WAD)
    with pytest.raises(lb.InvalidArgument):
        lb.simulate(client, repay_tx(), "0xnot-an-address")
    dead = lb.RpcClient(["http://127.0.0.1:9"], timeout_seconds=2)
    with pytest.raises((lb.RpcError, lb.Timeout, lb.IoError)):
        lb.simulate(dead, repay_tx(), EXECUTOR)


def test_executor_rejects_bad_arguments(sim_node, tmp_path):
    client = lb.RpcClient([sim_node["url"]])
    store = lb.Store.open(str(tmp_path / "x.db"))
    signer = lb.Signer.from_hex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    with pytest.raises(TypeError):
        lb.Executor(lb.load_config("", ENV), client, None, signer, store, None)


def headroom(fee: int, blocks: int, elasticity=6, denominator=125, minimum=0) -> int:
    """The next block's base fee is at least the minimum; it then grows by (elasticity - 1) / denominator."""
    fee = max(fee, minimum)
    for _ in range(blocks):
        fee = -(-fee * (denominator + elasticity - 1) // denominator)
    return fee


def test_quote_fees_and_headroom():
    assert lb.base_fee_headroom(10**9, 0) == 10**9
    for fee, blocks in [(10**9, 18), (7, 3), (123456789, 5)]:
        assert lb.base_fee_headroom(fee, blocks) == headroom(fee, blocks)
        assert lb.base_fee_headroom(fee, blocks, elasticity=2, denominator=8) == headroom(fee, blocks, 2, 8)
    assert lb.base_fee_headroom(1, 1, min_base_fee=10**7) == headroom(1, 1, minimum=10**7) == 10_400_000
    with pytest.raises(lb.InvalidArgument):
        lb.base_fee_headroom(1, 1, denominator=0)

    base = [10**9, 11 * 10**8, 12 * 10**8, 13 * 10**8]    # 3 blocks + the next block's base fee
    rewards = [[3 * 10**6], [10**6], [2 * 10**6]]
    q = lb.quote_fees(base, rewards)
    tip = sorted(r[0] for r in rewards)[len(rewards) // 2]  # median (upper for an even count)
    assert q == {"base_fee": 13 * 10**8, "max_priority_fee_per_gas": tip,
                 "max_fee_per_gas": headroom(13 * 10**8, 18) + tip}
    assert lb.quote_fees(base, rewards, 5 * 10**6)["max_priority_fee_per_gas"] == 5 * 10**6   # suggested tip
    assert lb.quote_fees(base, rewards, tip_ceiling=10**6)["max_priority_fee_per_gas"] == 10**6
    assert lb.quote_fees(base, [[1], [1], [1]])["max_priority_fee_per_gas"] == 10**6         # default floor
    with pytest.raises(lb.UnreachableTarget):
        lb.quote_fees(base, rewards, max_fee_per_gas_cap=10**9)
    # the headroom is cut down to the cap while the next block's base fee plus the tip fits under it
    assert lb.quote_fees(base, rewards, max_fee_per_gas_cap=13 * 10**8 + tip + 5)["max_fee_per_gas"] == 13 * 10**8 + tip + 5
    assert lb.quote_fees(base, [[], [], []])["max_priority_fee_per_gas"] == 10**6           # no rewards: floor
    with pytest.raises(lb.DecodeError):
        lb.quote_fees([], rewards)
    with pytest.raises(lb.InvalidArgument):
        lb.quote_fees(base, rewards, tip_floor=10, tip_ceiling=9)
    with pytest.raises(lb.InvalidArgument):
        lb.quote_fees(base, rewards, reward_percentile=101)
    assert lb.wei_to_base_currency(10**18, 3000 * 10**8) == 3000 * 10**8
    assert lb.wei_to_base_currency(1, 3000 * 10**8) == 1    # rounded up


def test_action_cost_and_caps():
    assert lb.operator_fee(100_000) == 0
    assert lb.operator_fee(100_000, rule="isthmus", scalar=1_500_000, constant=7) == 100_000 * 1_500_000 // 10**6 + 7
    assert lb.operator_fee(100_000, rule="jovian", scalar=3, constant=7) == 100_000 * 3 * 100 + 7
    with pytest.raises(lb.InvalidArgument, match="operator_rule"):
        lb.operator_fee(1, rule="ecotone")
    fees = {"base_fee": 10**9, "max_priority_fee_per_gas": 3 * 10**8, "max_fee_per_gas": 12 * 10**8}
    c = lb.action_cost(fees, gas_used=90_000, gas_limit=120_000, l1_fee=5555, value=7,
                       operator_rule="isthmus", operator_scalar=10**6, operator_constant=1)
    tip = min(3 * 10**8, 12 * 10**8 - 10**9)     # the tip is capped by maxFee - base fee
    expect = {"l2_expected": 90_000 * (10**9 + tip), "l2_worst": 120_000 * 12 * 10**8, "l1_fee": 5555,
              "operator_expected": 90_000 + 1, "operator_worst": 120_000 + 1, "value": 7}
    expect["expected_total"] = expect["l2_expected"] + 5555 + expect["operator_expected"] + 7
    expect["worst_total"] = expect["l2_worst"] + 5555 + expect["operator_worst"] + 7
    assert c == expect
    eth = 3000 * 10**8
    lb.check_cost_caps(c, eth)
    lb.check_cost_caps(c, eth, max_cost_wei=c["worst_total"],
                       max_cost_base=-(-c["expected_total"] * eth // 10**18))
    with pytest.raises(lb.UnreachableTarget):
        lb.check_cost_caps(c, eth, max_cost_wei=c["worst_total"] - 1)
    with pytest.raises(lb.UnreachableTarget):
        lb.check_cost_caps(c, eth, max_cost_base=-(-c["expected_total"] * eth // 10**18) - 1)
    with pytest.raises(lb.InvalidArgument, match="worst_total"):
        lb.check_cost_caps({k: v for k, v in c.items() if k != "worst_total"}, eth)
    with pytest.raises(lb.InvalidArgument):
        lb.action_cost(fees, gas_used=2, gas_limit=1)
    with pytest.raises(lb.InvalidArgument):
        lb.action_cost(dict(fees, max_fee_per_gas=1), gas_used=1, gas_limit=1)
    with pytest.raises(lb.InvalidArgument, match="base_fee"):
        lb.action_cost(dict(fees, base_fee=True), gas_used=1, gas_limit=1)


def test_parse_toml():
    doc = lb.parse_toml('# c\ntop = 1\n[sender]\nmax_attempts = 5 # five\nname = "a\\"b"\n[a.b]\n'
                        'flags = [true, false,]\nn = -1_000\n')
    assert doc == {"top": 1, "sender.max_attempts": 5, "sender.name": 'a"b', "a.b.flags": [True, False],
                   "a.b.n": -1000}
    for bad in ("x = 1.5\n", "x = 1\nx = 2\n", "x = 'lit'\n", 'x = "open\n', "x = [1, 2\n",
                "x = 99999999999999999999\n", "x = 1 junk\n"):
        with pytest.raises(lb.Error, match="toml: line"):
            lb.parse_toml(bad)
