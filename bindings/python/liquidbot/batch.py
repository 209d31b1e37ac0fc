"""Vectorised batch evaluation with NumPy arrays in and out.

Exact representation of uint256 in arrays: 4 little-endian ``uint64`` limbs (limb 0 is the least
significant), i.e. a trailing axis of length 4. Balances go in as ``uint64`` arrays of shape
``(users, reserves)`` when every value fits in 64 bits, or ``(users, reserves, 4)`` limbs for any
uint256; columns follow ``market.assets``. Results come out as an ``(users, 6, 4)`` ``uint64``
array (the six getUserAccountData fields in ``ACCOUNT_FIELDS`` order, each as limbs) and an
``int32`` status array (0 = ok, otherwise the library error code, see ``errc_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from . import _core

ACCOUNT_FIELDS = (
    "total_collateral_base",
    "total_debt_base",
    "available_borrows_base",
    "current_liquidation_threshold",
    "ltv",
    "health_factor",
)

_LIMB_SCALE = np.array([1.0, 2.0**64, 2.0**128, 2.0**192])
_U256_MAX = 2**256 - 1


def limbs_to_ints(limbs: np.ndarray) -> np.ndarray:
    """Exact Python ints (object array) from uint64 limbs along the last axis."""
    limbs = np.asarray(limbs, dtype=np.uint64)
    if limbs.shape[-1:] != (4,):
        raise _core.InvalidArgument("limbs: the last axis must have length 4")
    flat = limbs.reshape(-1, 4)
    out = np.empty(flat.shape[0], dtype=object)
    for i, row in enumerate(flat.tolist()):
        out[i] = row[0] | (row[1] << 64) | (row[2] << 128) | (row[3] << 192)
    return out.reshape(limbs.shape[:-1])


def ints_to_limbs(values: Iterable[int] | np.ndarray) -> np.ndarray:
    """uint64 limbs (trailing axis 4) from Python ints; each must be in [0, 2**256)."""
    arr = np.asarray(values, dtype=object)
    flat = arr.reshape(-1)
    out = np.empty((flat.shape[0], 4), dtype=np.uint64)
    for i, v in enumerate(flat.tolist()):
        if not isinstance(v, int) or isinstance(v, bool):
            raise TypeError(f"values[{i}]: expected an int, got {type(v).__name__}")
        if v < 0:
            raise _core.InvalidArgument(f"values[{i}]: a uint256 cannot be negative, got {v}")
        if v > _U256_MAX:
            raise _core.Overflow(f"values[{i}]: {v} does not fit in 256 bits")
        out[i] = (v & 0xFFFFFFFFFFFFFFFF, (v >> 64) & 0xFFFFFFFFFFFFFFFF,
                  (v >> 128) & 0xFFFFFFFFFFFFFFFF, v >> 192)
    return out.reshape(arr.shape + (4,))


def wad_to_float(limbs: np.ndarray) -> np.ndarray:
    """WAD values (limbs) as float64 / 1e18; 2**256-1 (no debt) becomes inf. For display and plots."""
    limbs = np.asarray(limbs, dtype=np.uint64)
    values = (limbs.astype(np.float64) * _LIMB_SCALE).sum(axis=-1) / 1e18
    no_debt = np.all(limbs == np.uint64(0xFFFFFFFFFFFFFFFF), axis=-1)
    return np.where(no_debt, np.inf, values)


@dataclass
class BatchResult:
    """Output of a batch evaluation: ``account`` (users, 6, 4) uint64 limbs and ``status`` int32."""

    account: np.ndarray
    status: np.ndarray

    def field(self, name: str) -> np.ndarray:
        """One field as (users, 4) uint64 limbs (a view)."""
        try:
            index = ACCOUNT_FIELDS.index(name)
        except ValueError:
            raise _core.InvalidArgument(f"field: unknown account field {name!r}") from None
        return self.account[:, index, :]

    def ints(self, name: str) -> np.ndarray:
        """One field as exact Python ints (object array)."""
        return limbs_to_ints(self.field(name))

    @property
    def health_factor(self) -> np.ndarray:
        """Health factors as float64 (inf without debt, nan where status != ok)."""
        hf = wad_to_float(self.field("health_factor"))
        return np.where(self.status == 0, hf, np.nan)

    @property
    def ok(self) -> np.ndarray:
        return self.status == 0

    def __len__(self) -> int:
        return int(self.status.shape[0])


def evaluate_all(market: _core.Market, book: _core.UserBook, threads: int = 1) -> BatchResult:
    """Evaluates every user of the book (GIL released; ``threads`` worker threads)."""
    account, status = _core._evaluate_all(market, book, threads)
    return BatchResult(account, status)


def evaluate_users(market: _core.Market, book: _core.UserBook, users, result: BatchResult,
                   threads: int = 1) -> None:
    """Re-evaluates only the listed user indexes, writing into ``result`` in place."""
    _core._evaluate_users(market, book, np.asarray(users, dtype=np.uint32), result.account,
                          result.status, threads)


def reprice(market: _core.Market, book: _core.UserBook, reserve_id: int, price: int,
            result: BatchResult, threads: int = 1) -> None:
    """Sets one reserve's price and re-evaluates only the users holding it, in place."""
    _core._reprice(market, book, reserve_id, price, result.account, result.status, threads)
