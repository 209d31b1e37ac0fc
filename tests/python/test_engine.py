"""Engine through Python: results identical to the C++ CLI and to the independent BigInt model on
the same snapshots; bad inputs raise the documented exceptions."""
import json

import pytest

import liquidbot as lb
from conftest import CBBTC, COLL, DEBT, SNAPSHOTS, USDC, USER, WAD, WETH, make_snapshot

ACCOUNT_KEYS = {"totalCollateralBase": "total_collateral_base", "totalDebtBase": "total_debt_base",
                "availableBorrowsBase": "available_borrows_base",
                "currentLiquidationThreshold": "current_liquidation_threshold", "ltv": "ltv",
                "healthFactor": "health_factor"}


def as_cli(account: lb.AccountData) -> dict:
    return {k: str(getattr(account, v)) for k, v in ACCOUNT_KEYS.items()}


@pytest.mark.parametrize("name", ["worked_v36.json", "emode_v36.json", "stable_v30.json"])
def test_account_data_matches_cli_and_model(name, cli, model, tmp_path):
    path = SNAPSHOTS / name
    s = lb.Snapshot.load(str(path))
    ours = lb.account_data(s)
    assert as_cli(ours) == json.loads(cli("account-data", "--snapshot", str(path)))
    expected = model(json.loads(path.read_text()), tmp_path)
    assert {k: getattr(ours, v) for k, v in ACCOUNT_KEYS.items()} == expected


def test_worked_vector_and_loaders():
    path = SNAPSHOTS / "worked_v36.json"
    text = path.read_text()
    a = lb.Snapshot.load(str(path))
    b = lb.Snapshot.from_json(text)
    c = lb.Snapshot.from_dict(json.loads(text))
    for s in (a, b, c):
        data = lb.account_data(s)
        assert data.total_collateral_base == 383246487391
        assert data.total_debt_base == 270154925844
        assert data.health_factor == 1177452469322038515
    assert lb.account_data(a) == lb.account_data(lb.Snapshot.from_json(a.to_json()))
    assert a.to_dict()["format"] == "liquidbot.snapshot/1"
    assert a.revision == "3.6" and a.timestamp == 1760000000 and a.base_currency_unit == 10**8
    assert a.user == "0x00000000000000000000000000000000000000A1"
    assert [r["id"] for r in a.reserves] == [0, 4]
    assert lb.account_data(a).health_factor_float == pytest.approx(1.177452469322038515)
    assert lb.account_data(a).to_dict()["health_factor"] == 1177452469322038515
    assert "Snapshot(user=" in repr(a)


def test_snapshot_bad_inputs(tmp_path):
    with pytest.raises(lb.DecodeError):
        lb.Snapshot.from_json("{")
    bad = json.loads((SNAPSHOTS / "worked_v36.json").read_text())
    bad["reserves"][1]["price"] = "12x"
    with pytest.raises(lb.InvalidArgument) as e:
        lb.Snapshot.from_dict(bad)
    assert "reserves[1].price" in str(e.value)
    with pytest.raises(lb.IoError):
        lb.Snapshot.load(str(tmp_path / "missing.json"))
    s = lb.Snapshot.from_dict(make_snapshot(COLL, DEBT))
    with pytest.raises(lb.NotFound):
        s.with_price("0x" + "12" * 20, 1)
    with pytest.raises(lb.InvalidArgument):
        s.with_price(WETH, -1)


def test_with_price_and_timestamp(cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    s = lb.Snapshot.from_dict(snap)
    moved = s.with_price(WETH, 1500 * 10**8)
    snap_moved = make_snapshot(COLL, DEBT, prices={WETH: 1500 * 10**8})
    expected = json.loads(cli("account-data", "--snapshot", "@SNAP", snapshot=snap_moved, tmp=tmp_path))
    assert as_cli(lb.account_data(moved)) == expected
    later = s.with_timestamp(s.timestamp + 86400)
    assert later.timestamp == s.timestamp + 86400


def test_account_detail_lines():
    s = lb.Snapshot.from_dict(make_snapshot(COLL, DEBT))
    d = lb.account_detail(s)
    assert d["account"] == lb.account_data(s)
    by_asset = {line["asset"]: line for line in d["lines"]}
    assert by_asset[WETH]["collateral_balance"] == 10 * 10**18
    assert by_asset[USDC]["variable_debt"] == 30000 * 10**6
    assert by_asset[CBBTC]["liquidation_threshold"] == 7800


@pytest.mark.parametrize("target", ["1.2", "1.3", "1.777777777777777777"])
def test_plan_repay_matches_cli(target, cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    out = json.loads(cli("plan", "--snapshot", "@SNAP", "--target-hf", target, "--action", "repay",
                         "--asset", USDC, snapshot=snap, tmp=tmp_path))
    plan = lb.plan_repay(lb.Snapshot.from_dict(snap), USDC, lb.hf(target))
    assert str(plan.amount) == out["amountRaw"]
    assert str(plan.after.health_factor) == out["after"]["healthFactor"]
    assert plan.after.health_factor >= lb.hf(target)
    assert "Plan(amount=" in repr(plan)


def test_plan_supply_deleverage_withdraw_match_cli(cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    s = lb.Snapshot.from_dict(snap)
    out = json.loads(cli("plan", "--snapshot", "@SNAP", "--target-hf", "1.4", "--action", "supply",
                         "--asset", CBBTC, snapshot=snap, tmp=tmp_path))
    sp = lb.plan_supply(s, CBBTC, lb.hf("1.4"))
    assert str(sp.amount) == out["amountRaw"]
    assert sp.collateral_effect == "already_enabled" and sp.after.health_factor >= lb.hf("1.4")
    out = json.loads(cli("plan", "--snapshot", "@SNAP", "--target-hf", "1.0", "--action", "withdraw",
                         "--asset", WETH, snapshot=snap, tmp=tmp_path))
    w = lb.max_safe_withdrawal(s, WETH, WAD)
    assert str(w.amount) == out["amountRaw"]
    dsnap = make_snapshot({WETH: 10 * 10**18}, {USDC: 15500 * 10**6})
    out = json.loads(cli("plan", "--snapshot", "@SNAP", "--target-hf", "1.25", "--action", "deleverage",
                         "--asset", USDC, "--collateral", WETH, "--swap-price", "1990.5",
                         "--slippage-bps", "30", "--fee-bps", "10", "--premium-bps", "5",
                         snapshot=dsnap, tmp=tmp_path))
    d = lb.plan_deleverage(lb.Snapshot.from_dict(dsnap), USDC, WETH, lb.parse_decimal("1990.5", 18),
                           lb.hf("1.25"), slippage_bps=30, fee_bps=10, premium_bps=5)
    flat = json.dumps(out)
    for value in (d.flash_amount, d.withdraw_amount, d.premium, d.service_fee):
        assert f'"{value}"' in flat
    assert d.after.health_factor >= lb.hf("1.25")


def test_supply_cap_headroom_matches_cli(cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    usdc = next(r for r in snap["reserves"] if r["asset"] == USDC)
    usdc["configuration"] = str(int(usdc["configuration"]) | 1000 << 116)  # cap: 1000 USDC
    bare = lb.Snapshot.from_dict(snap)
    with pytest.raises(lb.InvalidArgument, match="no totals"):
        lb.supply_cap_headroom(bare, USDC)
    usdc["totals"] = {"scaledATokenSupply": str(999 * 10**6), "accruedToTreasury": "250000",
                      "scaledVariableDebt": str(10**8)}
    s = lb.Snapshot.from_dict(snap)
    assert next(r for r in s.reserves if r["asset"] == USDC)["supply_cap"] == 1000
    out = json.loads(cli("supply-cap", "--snapshot", "@SNAP", "--asset", USDC, snapshot=snap, tmp=tmp_path))
    assert lb.supply_cap_headroom(s, USDC) == int(out["headroomRaw"]) == 750000
    assert lb.supply_cap_headroom(s, WETH) is None
    with pytest.raises(lb.UnreachableTarget, match="supply cap's headroom"):
        lb.plan_supply(s, USDC, lb.hf("1.4"))
    assert lb.plan_supply(s, CBBTC, lb.hf("1.4")).supply_cap_headroom is None
    assert s.to_dict()["reserves"][1]["totals"]["accruedToTreasury"] == "250000"


def test_plan_bad_inputs():
    s = lb.Snapshot.from_dict(make_snapshot(COLL, DEBT))
    with pytest.raises(lb.UnreachableTarget) as e:
        lb.plan_repay(s, USDC, lb.hf("1.3"), max_amount=1)
    assert e.value.code == "unreachable_target"
    with pytest.raises(lb.NotFound):
        lb.plan_repay(s, "0x" + "12" * 20, lb.hf("1.3"))
    with pytest.raises(lb.InvalidArgument):
        lb.plan_repay(s, USDC, -1)
    with pytest.raises(lb.Overflow):
        lb.plan_repay(s, USDC, 2**256)
    with pytest.raises(TypeError):
        lb.plan_repay(s, USDC, 1.3)
    with pytest.raises(lb.Unsupported):
        lb.plan_deleverage(s, USDC, USDC, WAD, lb.hf("1.3"))
    with pytest.raises(lb.InvalidArgument):
        lb.plan_deleverage(s, USDC, WETH, 0, lb.hf("1.3"))
    with pytest.raises(lb.InvalidArgument):
        lb.parse_decimal("1.2.3", 18)
    with pytest.raises(lb.InvalidArgument):
        lb.hf("abc")


def test_liquidation_price_matches_cli(cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    s = lb.Snapshot.from_dict(snap)
    for asset in (CBBTC, USDC):
        out = json.loads(cli("liquidation-price", "--snapshot", "@SNAP", "--asset", asset,
                             snapshot=snap, tmp=tmp_path))
        lp = lb.liquidation_price(s, asset)
        assert str(lp.price) == out["liquidationPrice"]
        assert str(lp.current_price) == out["currentPrice"]
        assert lp.at_price.health_factor < WAD
    with pytest.raises(lb.NotFound):
        lb.liquidation_price(s, "0x" + "12" * 20)


def test_shock_matches_cli(cli, tmp_path):
    snap = make_snapshot(COLL, DEBT)
    out = json.loads(cli("shock", "--snapshot", "@SNAP", "--price-change", f"{WETH}=-12.5",
                         "--price-change", f"{CBBTC}=+3", snapshot=snap, tmp=tmp_path))
    s = lb.Snapshot.from_dict(snap)
    by_dict = lb.shock(s, {WETH: -125_000_000, CBBTC: 30_000_000})
    by_text = lb.shock(s, [f"{WETH}=-12.5", f"{CBBTC}=+3"])
    assert by_dict == by_text
    assert str(by_dict.health_factor) == out["healthFactor"]
    assert lb.parse_price_change(f"{WETH}=-12.5") == (WETH, -125_000_000)
    with pytest.raises(lb.InvalidArgument):
        lb.shock(s, {WETH: -2_000_000_000})
    with pytest.raises(lb.InvalidArgument):
        lb.shock(s, ["nonsense"])
    with pytest.raises(lb.NotFound):
        lb.shock(s, {"0x" + "12" * 20: 1})
    drop, at = lb.min_collateral_drop(s)
    assert 0 < drop < 1_000_000_000 and at.health_factor < WAD


def test_risk_matches_cli(cli, tmp_path):
    for debt, level in (({USDC: 10**9}, "ok"), ({USDC: 15300 * 10**6}, "act"),
                        ({USDC: 17000 * 10**6}, "liquidatable")):
        coll = COLL if level == "ok" else {WETH: 10**19}
        snap = make_snapshot(coll, debt)
        out = json.loads(cli("risk", "--snapshot", "@SNAP", snapshot=snap, tmp=tmp_path))
        r = lb.score_risk(lb.Snapshot.from_dict(snap))
        assert r.level == out["level"] == level
        assert r.score == pytest.approx(float(out["score"]), abs=5e-7)  # the CLI prints 6 decimals
    s = lb.Snapshot.from_dict(make_snapshot(COLL, DEBT))
    r = lb.score_risk(s, volatility={WETH: 0.5}, horizon_days=2.0)
    assert 0.0 <= r.score <= 100.0 and r.has_debt
    with pytest.raises(lb.InvalidArgument):
        lb.score_risk(s, act_hf=lb.hf("1.2"), alert_hf=lb.hf("1.1"))
    with pytest.raises(lb.InvalidArgument):
        lb.score_risk(s, default_volatility=-1.0)
