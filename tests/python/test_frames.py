"""pandas DataFrames for positions, risk and batch tables (exact int columns)."""
import pytest

import liquidbot as lb
from conftest import COLL, DEBT, EXAMPLE_SNAPSHOTS, USDC, WETH, make_snapshot

pd = pytest.importorskip("pandas")


def test_positions_frame():
    s = lb.Snapshot.from_dict(make_snapshot(COLL, DEBT))
    df = lb.positions_frame(s)
    assert len(df) == 3 and set(df["user"]) == {s.user}
    row = df[df["asset"] == WETH].iloc[0]
    assert row["collateral_balance"] == 10 * 10**18 and row["variable_debt"] == 2 * 10**18
    assert df[df["asset"] == USDC].iloc[0]["debt_base"] == 30000 * 10**8


def test_risk_frame_matches_scalar_calls():
    snaps = [lb.Snapshot.load(str(p)) for p in sorted(EXAMPLE_SNAPSHOTS.glob("*.json"))]
    df = lb.risk_frame(snaps, horizon_days=2.0)
    assert len(df) == len(snaps)
    for i, s in enumerate(snaps):
        r = lb.score_risk(s, horizon_days=2.0)
        assert df.loc[i, "health_factor"] == r.account.health_factor
        assert df.loc[i, "level"] == r.level and df.loc[i, "score"] == r.score
    with pytest.raises(lb.InvalidArgument):
        lb.risk_frame(snaps, default_volatility=-1.0)


def test_batch_frame():
    snaps = [lb.Snapshot.load(str(p)) for p in sorted(EXAMPLE_SNAPSHOTS.glob("*.json"))]
    market = lb.Market.from_snapshot(snaps[0])
    book = lb.UserBook()
    for s in snaps:
        book.add_snapshot_user(market, s)
    df = lb.batch_frame(lb.evaluate_all(market, book), book)
    assert list(df["user"]) == [s.user for s in snaps]
    assert list(df["health_factor"]) == [lb.account_data(s).health_factor for s in snaps]
    assert set(df["status"]) == {"ok"}
