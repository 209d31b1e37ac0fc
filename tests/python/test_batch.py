"""Batch evaluation with NumPy in and out: every user equals the single-snapshot account_data (and
the BigInt model for a sample), both balance representations, repricing, bad arrays."""
import numpy as np
import pytest

import liquidbot as lb
from conftest import CBBTC, RESERVES, USDC, WETH, make_snapshot

ASSETS = [WETH, USDC, CBBTC]


def random_positions(n, seed=7):
    rng = np.random.default_rng(seed)
    atoken = np.zeros((n, 3), dtype=np.uint64)
    vdebt = np.zeros((n, 3), dtype=np.uint64)
    atoken[:, 0] = rng.integers(0, 50, n).astype(np.uint64) * np.uint64(10**17)
    atoken[:, 2] = rng.integers(0, 10**8, n).astype(np.uint64)
    vdebt[:, 1] = rng.integers(0, 40000, n).astype(np.uint64) * np.uint64(10**6)
    vdebt[:, 0] = rng.integers(0, 3, n).astype(np.uint64) * np.uint64(10**17)
    return atoken, vdebt


def user_snapshot(atoken_row, vdebt_row, user=None):
    coll = {a: int(atoken_row[i]) for i, a in enumerate(ASSETS) if atoken_row[i]}
    debt = {a: int(vdebt_row[i]) for i, a in enumerate(ASSETS) if vdebt_row[i]}
    kwargs = {"user": user} if user else {}
    return lb.Snapshot.from_dict(make_snapshot(coll, debt, **kwargs))


@pytest.fixture
def market():
    return lb.Market.from_snapshot(lb.Snapshot.from_dict(make_snapshot({}, {})))


def test_batch_equals_single_path(market, model, tmp_path):
    assert market.assets == ASSETS and market.reserve_ids == [0, 1, 2]
    n = 300
    atoken, vdebt = random_positions(n)
    book = lb.UserBook()
    assert book.add_arrays(market, atoken, vdebt) == 0
    assert len(book) == n
    result = lb.evaluate_all(market, book)
    assert result.account.shape == (n, 6, 4) and result.account.dtype == np.uint64
    assert result.status.dtype == np.int32 and result.ok.all()
    hf_ints = result.ints("health_factor")
    for u in range(n):
        single = lb.account_data(user_snapshot(atoken[u], vdebt[u]))
        assert [int(x) for x in lb.limbs_to_ints(result.account[u])] == \
            [getattr(single, f) for f in lb.ACCOUNT_FIELDS]
        assert hf_ints[u] == single.health_factor
    # An independent check of a few rows against the BigInt model.
    for u in (0, 1, 2):
        coll = {a: int(atoken[u][i]) for i, a in enumerate(ASSETS) if atoken[u][i]}
        debt = {a: int(vdebt[u][i]) for i, a in enumerate(ASSETS) if vdebt[u][i]}
        expected = model(make_snapshot(coll, debt), tmp_path)
        assert int(hf_ints[u]) == expected["healthFactor"]
    floats = result.health_factor
    no_debt = vdebt.sum(axis=1) == 0
    assert np.isinf(floats[no_debt]).all()
    assert np.allclose(floats[~no_debt], [int(h) / 1e18 for h in hf_ints[~no_debt]])


def test_limb_representation_and_configuration(market):
    atoken, vdebt = random_positions(20, seed=3)
    big_a = lb.ints_to_limbs(atoken.astype(object))
    big_v = lb.ints_to_limbs(vdebt.astype(object))
    assert big_a.shape == (20, 3, 4)
    book_small, book_big = lb.UserBook(), lb.UserBook()
    book_small.add_arrays(market, atoken, vdebt)
    book_big.add_arrays(market, big_a, big_v)
    a = lb.evaluate_all(market, book_small)
    b = lb.evaluate_all(market, book_big, threads=2)
    assert np.array_equal(a.account, b.account)
    # A balance above 2**64 is only expressible as limbs; it equals the single path.
    huge = np.zeros((1, 3, 4), dtype=np.uint64)
    huge[0, 0] = lb.ints_to_limbs([10**21])[0]
    zero = np.zeros((1, 3, 4), dtype=np.uint64)
    book = lb.UserBook()
    book.add_arrays(market, huge, zero)
    res = lb.evaluate_all(market, book)
    single = lb.account_data(lb.Snapshot.from_dict(make_snapshot({WETH: 10**21}, {})))
    assert res.ints("total_collateral_base")[0] == single.total_collateral_base
    # Explicit configuration: collateral flag off for WETH -> no collateral counted.
    cfg = np.zeros((1, 4), dtype=np.uint64)
    book2 = lb.UserBook()
    book2.add_arrays(market, huge, zero, configuration=cfg)
    unflagged = lb.evaluate_all(market, book2)
    assert unflagged.ints("total_collateral_base")[0] == 0
    snap = make_snapshot({WETH: 10**21}, {})
    snap["user"]["configuration"] = "0"
    assert lb.account_data(lb.Snapshot.from_dict(snap)).total_collateral_base == 0
    assert lb.limbs_to_ints(lb.ints_to_limbs([2**256 - 1, 0, 5])).tolist() == [2**256 - 1, 0, 5]


def test_reprice_and_evaluate_users(market):
    atoken, vdebt = random_positions(100, seed=11)
    addresses = ["0x" + f"{i + 1:040x}" for i in range(100)]
    book = lb.UserBook()
    book.add_arrays(market, atoken, vdebt, addresses=addresses, emode=np.zeros(100, dtype=np.uint8))
    assert book.address(5) == lb.to_checksum_address(addresses[5])
    res = lb.evaluate_all(market, book)
    holders = book.users_holding(0)
    assert holders.dtype == np.uint32 and len(holders) > 0
    lb.reprice(market, book, 0, 1500 * 10**8, res)
    for u in range(100):
        coll = {a: int(atoken[u][i]) for i, a in enumerate(ASSETS) if atoken[u][i]}
        debt = {a: int(vdebt[u][i]) for i, a in enumerate(ASSETS) if vdebt[u][i]}
        single = lb.account_data(lb.Snapshot.from_dict(
            make_snapshot(coll, debt, prices={WETH: 1500 * 10**8})))
        assert res.ints("health_factor")[u] == single.health_factor
    before = res.account.copy()
    lb.evaluate_users(market, book, holders, res)
    assert np.array_equal(before, res.account)
    assert market.prices[0] == 1500 * 10**8
    market.set_timestamp(market.timestamp + 3600)
    assert lb.errc_name(0) == "ok"


def test_batch_bad_inputs(market):
    atoken, vdebt = random_positions(4)
    book = lb.UserBook()
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, atoken[:, :2], vdebt[:, :2])
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, atoken, vdebt[:3])
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, -atoken.astype(np.int64) - 1, vdebt)
    with pytest.raises(TypeError):
        book.add_arrays(market, atoken.astype(np.float64), vdebt)
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, atoken, vdebt, configuration=np.zeros((4, 3), dtype=np.uint64))
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, atoken, vdebt, addresses=["0x" + "11" * 20])
    with pytest.raises(lb.InvalidArgument):
        book.add_arrays(market, np.zeros((4, 3, 5), dtype=np.uint64), vdebt)
    assert len(book) == 0
    book.add_arrays(market, atoken, vdebt)
    res = lb.evaluate_all(market, book)
    with pytest.raises(lb.InvalidArgument):
        lb.evaluate_all(market, book, threads=0)
    with pytest.raises(lb.InvalidArgument):
        lb.evaluate_users(market, book, [99], res)
    with pytest.raises(lb.InvalidArgument):
        lb.reprice(market, book, 0, 1, lb.BatchResult(res.account[:2], res.status[:2]))
    with pytest.raises(lb.Error):
        market.set_price(77, 1)
    with pytest.raises(lb.InvalidArgument):
        res.field("nope")
    with pytest.raises(lb.InvalidArgument):
        lb.ints_to_limbs([-1])
    with pytest.raises(lb.Overflow):
        lb.ints_to_limbs([2**256])
    with pytest.raises(IndexError):
        book.address(10)
    with pytest.raises(lb.InvalidArgument):
        lb.errc_name(99)
