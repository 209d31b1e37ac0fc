"""pandas views of positions and risk tables (pandas is optional: imported when first used)."""

from __future__ import annotations

from typing import Iterable

from . import _core
from .batch import ACCOUNT_FIELDS, BatchResult


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("liquidbot DataFrame helpers need pandas (Debian: python3-pandas)") from exc
    return pandas


def _hf_float(value: int) -> float:
    return float("inf") if value == 2**256 - 1 else value / 1e18


def positions_frame(snapshot: _core.Snapshot):
    """One row per flagged reserve of the snapshot's user (account_detail lines).

    Amount columns hold exact Python ints (dtype object)."""
    pd = _pandas()
    detail = _core.account_detail(snapshot)
    rows = []
    for line in detail["lines"]:
        row = dict(line)
        row["user"] = snapshot.user
        rows.append(row)
    columns = ["user", "asset", "reserve_id", "collateral", "borrowed", "in_emode", "price", "unit",
               "collateral_balance", "collateral_base", "variable_debt", "stable_debt", "debt_base",
               "ltv", "liquidation_threshold", "liquidation_bonus"]
    return pd.DataFrame(rows, columns=columns)


def risk_frame(snapshots: Iterable[_core.Snapshot], **risk_options):
    """One row per snapshot: user, health factor (exact and float), level, drop to liquidation,
    score and expected loss. ``risk_options`` are passed to ``score_risk``."""
    pd = _pandas()
    rows = []
    for snapshot in snapshots:
        risk = _core.score_risk(snapshot, **risk_options)
        account = risk.account
        rows.append({
            "user": snapshot.user,
            "health_factor": account.health_factor,
            "hf": _hf_float(account.health_factor),
            "level": risk.level,
            "total_collateral_base": account.total_collateral_base,
            "total_debt_base": account.total_debt_base,
            "drop_pct": risk.drop_ppb / 1e7,
            "probability": risk.probability,
            "expected_loss_base": risk.expected_loss_base,
            "score": risk.score,
        })
    return pd.DataFrame(rows)


def batch_frame(result: BatchResult, book: _core.UserBook | None = None):
    """A BatchResult as a DataFrame: exact int columns per account field, ``hf`` as float and
    ``status`` as the error-code name; ``user`` addresses when the book is given."""
    pd = _pandas()
    data = {}
    if book is not None:
        data["user"] = [book.address(i) for i in range(len(book))]
    for name in ACCOUNT_FIELDS:
        data[name] = result.ints(name)
    data["hf"] = result.health_factor
    data["status"] = [_core.errc_name(int(s)) for s in result.status]
    return pd.DataFrame(data)
