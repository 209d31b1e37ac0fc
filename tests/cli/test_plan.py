"""CLI tests for `plan`, `liquidation-price`, `shock`, `liquidation` and `risk`.

Expected values come from an independent Python model of Aave v3.6 getUserAccountData written from
GenericLogic.sol for snapshots whose indexes are exactly RAY and updated at the snapshot time (so a
balance equals its scaled value and repay/supply/withdraw move it by exactly the amount).
"""
import json
import os
import subprocess
import tempfile
from decimal import Decimal

import pytest

CLI = os.environ.get("LIQUIDBOT_CLI", "liquidbot")
RAY = 10**27
WAD = 10**18
T0 = 1760000000
WETH = "0x4200000000000000000000000000000000000006"
USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
CBBTC = "0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf"
USER = "0x1111111111111111111111111111111111111111"


def config(ltv, lt, lb, decimals, fee=1000, debt_ceiling=0):
    return (ltv | lt << 16 | lb << 32 | decimals << 48 | 1 << 56 | 1 << 58 | fee << 152
            | debt_ceiling << 212)


# asset -> (id, decimals, price, ltv, lt, lb)
RESERVES = {
    WETH: (0, 18, 2000 * 10**8, 7500, 8000, 10500),
    USDC: (1, 6, 10**8, 7500, 7800, 10450),
    CBBTC: (2, 8, 60000 * 10**8, 7300, 7800, 10750),
}


def snapshot(collateral, debt, prices=None, revision="3.6"):
    """collateral/debt: {asset: amount in token units (int)}."""
    prices = prices or {}
    reserves, positions, user_cfg = [], [], 0
    for asset, (rid, dec, price, ltv, lt, lb) in RESERVES.items():
        reserves.append({
            "asset": asset, "id": rid, "configuration": str(config(ltv, lt, lb, dec)),
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
            "user": {"address": USER, "configuration": str(user_cfg), "eModeCategory": 0,
                     "positions": positions}}


def model_hf(collateral, debt, prices=None):
    """v3.6 GenericLogic: collateral base floor, debt base ceil, HF = floor(wadDiv(S, D) / 1e4)."""
    prices = prices or {}
    s = d_total = 0
    for asset, amount in collateral.items():
        _, dec, price, _, lt, _ = RESERVES[asset]
        s += amount * prices.get(asset, price) // 10**dec * lt
    for asset, amount in debt.items():
        _, dec, price, *_ = RESERVES[asset]
        p = prices.get(asset, price)
        d_total += -(-amount * p // 10**dec)
    if d_total == 0:
        return 2**256 - 1
    return (s * WAD + d_total // 2) // d_total // 10**4


def run(*args, snap=None):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(snap if snap is not None else {}, f)
        path = f.name
    try:
        argv = [CLI] + [a.replace("@SNAP", path) for a in args]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(path)


def ok_json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


COLL = {WETH: 10 * 10**18, CBBTC: 5 * 10**7}       # $20000 + $30000
DEBT = {USDC: 30000 * 10**6, WETH: 2 * 10**18}      # $30000 + $4000: HF 1.1588


def test_model_matches_account_data():
    out = ok_json(run("shock", "--snapshot", "@SNAP", snap=snapshot(COLL, DEBT)))
    assert int(out["healthFactor"]) == model_hf(COLL, DEBT)
    assert out["totalDebtBase"] == str(34000 * 10**8)


@pytest.mark.parametrize("target", ["1.2", "1.3", "1.777777777777777777"])
def test_repay_is_minimal(target):
    t = int(Decimal(target) * 10**18)
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", target, "--action", "repay",
                      "--asset", USDC, snap=snapshot(COLL, DEBT)))
    x = int(out["amountRaw"])
    assert out["targetHealthFactor"] == target
    assert model_hf(COLL, {USDC: DEBT[USDC] - x, WETH: DEBT[WETH]}) >= t
    assert model_hf(COLL, {USDC: DEBT[USDC] - x + 1, WETH: DEBT[WETH]}) < t
    assert int(out["after"]["healthFactor"]) == model_hf(COLL, {USDC: DEBT[USDC] - x, WETH: DEBT[WETH]})
    assert Decimal(out["amount"]) * 10**6 == x


def test_target_parsing_is_exact():
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay",
                      "--asset", USDC, snap=snapshot(COLL, DEBT)))
    assert out["targetHealthFactor"] == "1.3"
    x = int(out["amountRaw"])
    assert model_hf(COLL, {USDC: DEBT[USDC] - x, WETH: DEBT[WETH]}) >= 1300000000000000000
    assert model_hf(COLL, {USDC: DEBT[USDC] - x + 1, WETH: DEBT[WETH]}) < 1300000000000000000


def test_supply_is_minimal_and_says_collateral():
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", "1.4", "--action", "supply",
                      "--asset", CBBTC, snap=snapshot(COLL, DEBT)))
    y = int(out["amountRaw"])
    t = 14 * 10**17
    assert out["collateral"] == "already_enabled"
    assert model_hf({WETH: COLL[WETH], CBBTC: COLL[CBBTC] + y}, DEBT) >= t
    assert model_hf({WETH: COLL[WETH], CBBTC: COLL[CBBTC] + y - 1}, DEBT) < t
    # USDC is not held: first supply is auto-enabled as collateral.
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", "1.4", "--action", "supply",
                      "--asset", USDC, snap=snapshot({WETH: COLL[WETH]}, {WETH: 7 * 10**18})))
    assert out["collateral"] == "auto_enabled"
    y = int(out["amountRaw"])
    assert model_hf({WETH: COLL[WETH], USDC: y}, {WETH: 7 * 10**18}) >= t
    assert model_hf({WETH: COLL[WETH], USDC: y - 1}, {WETH: 7 * 10**18}) < t


def test_withdraw_is_maximal():
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", "1.0", "--action", "withdraw",
                      "--asset", WETH, snap=snapshot(COLL, DEBT)))
    w = int(out["amountRaw"])
    assert model_hf({WETH: COLL[WETH] - w, CBBTC: COLL[CBBTC]}, DEBT) >= WAD
    assert model_hf({WETH: COLL[WETH] - w - 1, CBBTC: COLL[CBBTC]}, DEBT) < WAD


def test_deleverage_amounts():
    snap = snapshot({WETH: 10 * 10**18}, {USDC: 15500 * 10**6})
    out = ok_json(run("plan", "--snapshot", "@SNAP", "--target-hf", "1.25", "--action", "deleverage",
                      "--asset", USDC, "--collateral", WETH, "--swap-price", "1990.5",
                      "--slippage-bps", "30", "--fee-bps", "10", "--premium-bps", "5", snap=snap))
    f, prem, fee = int(out["flashAmountRaw"]), int(out["premiumRaw"]), int(out["serviceFeeRaw"])
    w = int(out["withdrawAmountRaw"])
    assert prem == -(-f * 5 // 10000) and fee == -(-f * 10 // 10000)

    def swap_out(amount):
        return amount * 19905 * 10**6 // (10 * 10**18) * 9970 // 10000

    assert swap_out(w) >= f + prem + fee > swap_out(w - 1)
    t = 125 * 10**16
    assert model_hf({WETH: 10 * 10**18 - w}, {USDC: 15500 * 10**6 - f}) >= t
    f1 = f - 1
    need1 = f1 - (-f1 * 5 // 10000) - (-f1 * 10 // 10000)
    gross = -(-need1 * 10000 // 9970)
    w1 = -(-gross * 10 * 10**18 // (19905 * 10**6))
    assert swap_out(w1) >= need1 > swap_out(w1 - 1)
    assert model_hf({WETH: 10 * 10**18 - w1}, {USDC: 15500 * 10**6 - f1}) < t


def test_liquidation_price_boundary():
    snap = snapshot(COLL, DEBT)
    out = ok_json(run("liquidation-price", "--snapshot", "@SNAP", "--asset", CBBTC, snap=snap))
    p = int(out["liquidationPrice"])
    assert model_hf(COLL, DEBT, {CBBTC: p}) < WAD <= model_hf(COLL, DEBT, {CBBTC: p + 1})
    assert out["currentPrice"] == str(60000 * 10**8)
    assert float(out["changePercent"]) < 0
    # A debt-only asset with no collateral role: HF falls as its price rises.
    out = ok_json(run("liquidation-price", "--snapshot", "@SNAP", "--asset", USDC, snap=snap))
    p = int(out["liquidationPrice"])
    assert model_hf(COLL, DEBT, {USDC: p}) < WAD <= model_hf(COLL, DEBT, {USDC: p - 1})


def test_shock():
    snap = snapshot(COLL, DEBT)
    out = ok_json(run("shock", "--snapshot", "@SNAP", "--price-change", f"{WETH}=-12.5",
                      "--price-change", f"{CBBTC}=+3", snap=snap))
    prices = {WETH: 2000 * 10**8 * 875 // 1000, CBBTC: 60000 * 10**8 * 103 // 100}
    assert int(out["healthFactor"]) == model_hf(COLL, DEBT, prices)


def test_liquidation_quote():
    coll, debt = {WETH: 10**18}, {USDC: 1700 * 10**6}
    out = ok_json(run("liquidation", "--snapshot", "@SNAP", "--collateral", WETH, "--debt", USDC,
                      "--debt-to-cover", "1000", snap=snapshot(coll, debt)))
    assert out["liquidatable"] is True
    assert out["debtRepaidRaw"] == str(1000 * 10**6)
    assert out["collateralSeizedRaw"] == str(525 * 10**15)
    assert out["protocolFeeRaw"] == str(25 * 10**14)
    assert out["mustNotLeaveDust"] is True


def test_risk_levels():
    healthy = ok_json(run("risk", "--snapshot", "@SNAP", snap=snapshot(COLL, {USDC: 10**9})))
    assert healthy["level"] == "ok"
    act = ok_json(run("risk", "--snapshot", "@SNAP", snap=snapshot({WETH: 10**19}, {USDC: 15300 * 10**6})))
    assert act["level"] == "act"
    liq = ok_json(run("risk", "--snapshot", "@SNAP", snap=snapshot({WETH: 10**19}, {USDC: 17000 * 10**6})))
    assert liq["level"] == "liquidatable" and float(liq["score"]) == 100.0
    assert float(act["score"]) > float(healthy["score"])


def capped(snap, asset, cap_tokens, totals=None):
    """The snapshot with a supply cap (bits 116-151, whole tokens) on `asset`, and its totals."""
    for r in snap["reserves"]:
        if r["asset"] == asset:
            r["configuration"] = str(int(r["configuration"]) | cap_tokens << 116)
            if totals is not None:
                r["totals"] = totals
    return snap


def test_supply_cap_headroom():
    # Indexes exactly RAY and no interest: validateSupply's check is S + amount + T <= cap * 10^6.
    out = ok_json(run("supply-cap", "--snapshot", "@SNAP", "--asset", USDC, snap=snapshot(COLL, DEBT)))
    assert out["headroom"] is None and out["headroomRaw"] is None and out["supplyCap"] == "0"
    totals = {"scaledATokenSupply": str(999 * 10**6), "accruedToTreasury": str(500000),
              "scaledVariableDebt": str(400 * 10**6)}
    snap = capped(snapshot(COLL, DEBT), USDC, 1000, totals)
    out = ok_json(run("supply-cap", "--snapshot", "@SNAP", "--asset", USDC, snap=snap))
    assert out["supplyCap"] == "1000"
    assert out["headroomRaw"] == str(1000 * 10**6 - 999 * 10**6 - 500000)
    assert out["headroom"] == "0.5"
    # Supplying USDC to a far target needs more than the headroom.
    proc = run("plan", "--snapshot", "@SNAP", "--target-hf", "1.5", "--action", "supply", "--asset", USDC,
               snap=snap)
    assert proc.returncode == 1
    assert "supply cap's headroom 500000" in proc.stderr
    # A cap without totals cannot be sized: an error, never a guess.
    proc = run("supply-cap", "--snapshot", "@SNAP", "--asset", USDC, snap=capped(snapshot(COLL, DEBT), USDC, 1000))
    assert proc.returncode == 2 and "no totals" in proc.stderr
    proc = run("plan", "--snapshot", "@SNAP", "--target-hf", "1.5", "--action", "supply", "--asset", USDC,
               snap=capped(snapshot(COLL, DEBT), USDC, 1000))
    assert proc.returncode == 2 and "no totals" in proc.stderr


def test_unreachable_exits_1():
    proc = run("plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay",
               "--asset", USDC, "--max-amount", "1", snap=snapshot(COLL, DEBT))
    assert proc.returncode == 1
    assert proc.stderr.startswith("unreachable_target:")
    assert proc.stdout == ""


@pytest.mark.parametrize("args", [
    ["plan", "--target-hf", "1.3", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3x", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "abc", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "-1", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "0.99", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.0000000000000000001", "--action", "repay", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "borrow", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay", "--asset", "0x12"],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay",
     "--asset", "0x2222222222222222222222222222222222222222"],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay", "--asset", USDC,
     "--max-amount", "1.0000001"],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "repay", "--asset", USDC, "--bogus", "1"],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "deleverage", "--asset", USDC],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "deleverage", "--asset", USDC,
     "--collateral", WETH, "--slippage-bps", "10000"],
    ["plan", "--snapshot", "@SNAP", "--target-hf", "1.3", "--action", "deleverage", "--asset", USDC,
     "--collateral", WETH, "--swap-price", "0"],
    ["supply-cap", "--snapshot", "@SNAP"],
    ["supply-cap", "--snapshot", "@SNAP", "--asset", USDC, "--delay", "-1"],
    ["supply-cap", "--snapshot", "@SNAP", "--asset", "0x2222222222222222222222222222222222222222"],
    ["liquidation-price", "--snapshot", "@SNAP"],
    ["liquidation-price", "--snapshot", "@SNAP", "--asset", "nothex"],
    ["shock", "--snapshot", "@SNAP", "--price-change", f"{WETH}=-101"],
    ["shock", "--snapshot", "@SNAP", "--price-change", f"{WETH}:5"],
    ["shock", "--snapshot", "@SNAP", "--price-change", "0x2222222222222222222222222222222222222222=5"],
])
def test_bad_input_exits_2(args):
    proc = run(*args, snap=snapshot(COLL, DEBT))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1


def test_malformed_snapshot_exits_2():
    bad = snapshot(COLL, DEBT)
    bad["reserves"][0]["price"] = "12x"
    proc = run("shock", "--snapshot", "@SNAP", snap=bad)
    assert proc.returncode == 2
    assert "price" in proc.stderr
    proc = run("shock", "--snapshot", "/nonexistent/file.json")
    assert proc.returncode == 2
