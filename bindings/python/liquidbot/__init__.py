"""liquidbot: exact Aave V3 health factors and liquidation protection for Base, from Python.

The native core (``liquidbot._core``, pybind11 over the C++ API) does the work; this package adds
NumPy batch helpers and, when pandas is installed, DataFrame views. Conventions:

* uint256 values are Python ``int`` (range-checked: negative raises ``InvalidArgument``, >= 2**256
  raises ``Overflow``).
* Addresses are returned as EIP-55 checksummed ``str`` and accepted as ``str`` or 20 ``bytes``;
  hashes, signatures and encodings are ``bytes`` (inputs also accept ``0x``-hex ``str``).
* Every library failure raises a subclass of ``liquidbot.Error`` whose ``code`` attribute is the
  library's error-code name (``'invalid_argument'``, ``'decode'``, ...).
* Health factors are WAD integers (1e18 = 1.0); ``2**256 - 1`` means "no debt".

Chain access and executor components: ``RpcClient``, ``Reader`` (snapshots at a block),
``SubgraphClient`` and ``scan_borrow_events`` (borrower discovery), ``Monitor`` (cycles, levels,
``on_change`` callbacks), ``Signer`` (local key, keystore, remote), ``keystore_encrypt`` /
``keystore_decrypt``, ``Store`` (SQLite), ``NonceManager``, ``fee_quote`` / ``bump_fees`` and
``Sender``; protective-action calldata (``repay_call``, ``plan_funded_action``, ``deleverage_call``),
``simulate`` with revert decoding (``decode_revert_data``), the Fjord L1 fee (``l1_fee_unsigned``,
``fetch_l1_fee_params``, ``oracle_l1_fee``), ``load_config``, ``intervention_cost`` and the
``Executor`` loop. Network work releases the GIL; none of these objects is thread-safe.
"""

from ._core import *  # noqa: F401,F403  (the native API; see _core.pyi)
from ._core import __version__  # noqa: F401
from ._core import (  # noqa: F401  explicit names for readers and linters
    Error, InvalidArgument, Overflow, DivisionByZero, DecodeError, SignatureError, NotFound,
    Unsupported, IoError, RpcError, Timeout, StateError, UnreachableTarget, InternalError,
    Snapshot, AccountData, Market, UserBook,
)
from .batch import (  # noqa: F401
    ACCOUNT_FIELDS, BatchResult, evaluate_all, evaluate_users, reprice, limbs_to_ints, ints_to_limbs,
    wad_to_float,
)
from .frames import positions_frame, risk_frame, batch_frame  # noqa: F401

WAD = 10**18
#: Health factor of an account without debt (type(uint256).max).
NO_DEBT_HF = 2**256 - 1


def hf(text: str) -> int:
    """A health factor written as decimal text, as a WAD int: ``hf("1.05") == 1_050_000_000_000_000_000``."""
    return parse_decimal(text, 18)  # noqa: F405
