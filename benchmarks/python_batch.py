#!/usr/bin/env python3
"""Python batch evaluation of 100,000 users (NumPy in, NumPy out) against the C++ batch time.

Builds the same market and users as benchmarks/aave_bench.cpp (same splitmix generator, 8 reserves,
3-5 positions per user), loads them into a UserBook from NumPy arrays (exact u256 limbs), times
liquidbot.evaluate_all and runs `aave_bench` for the C++ number. Prints JSON lines like the peers:
{"name": ..., "ns_per_op": ...} plus a final ratio line.

    PYTHONPATH=build/bindings/python /usr/bin/python3 benchmarks/python_batch.py \
        --aave-bench build/benchmarks/aave_bench
"""
import argparse
import json
import subprocess
import sys
import time

import numpy as np

import liquidbot as lb

USERS = 100_000
TIMESTAMP = 1760000000
SPECS = [(8000, 8300, 18, 300012345678), (7450, 7700, 18, 330012345678), (7500, 7800, 6, 99991234),
         (7100, 7600, 18, 360012345678), (7500, 7800, 6, 100001234), (7250, 7500, 18, 310012345678),
         (7300, 7800, 8, 9500012345678), (0, 0, 18, 100000000)]
M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def market_snapshot():
    reserves = []
    for i, (ltv, lt, decimals, price) in enumerate(SPECS):
        config = ltv | lt << 16 | 10500 << 32 | decimals << 48 | 1 << 56 | 1 << 58
        reserves.append({
            "asset": "0x" + f"{i + 1:040x}", "id": i, "configuration": str(config),
            "liquidityIndex": str(1034567890123456789012345678 + i),
            "currentLiquidityRate": str(18234567890123456789012345 + i),
            "variableBorrowIndex": str(1151234567890123456789012345 + i),
            "currentVariableBorrowRate": str(61234567890123456789012345 + i),
            "lastUpdateTimestamp": TIMESTAMP - 3600 * (i + 1), "price": str(price)})
    return {"format": "liquidbot.snapshot/1", "revision": "3.6", "timestamp": TIMESTAMP,
            "baseCurrencyUnit": "100000000", "reserves": reserves, "eModes": [],
            "user": {"address": "0x" + "00" * 20, "configuration": "0", "eModeCategory": 0,
                     "positions": []}}


def splitmix(state, mask):
    """Advances state where mask is set (uint64 wrapping arithmetic) and returns the outputs."""
    with np.errstate(over="ignore"):
        new = state + np.uint64(0x9E3779B97F4A7C15)
        z = new
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    state[mask] = new[mask]
    return z


def users_arrays(n):
    """(n, 8, 4) uint64 limbs of scaled aToken and variable debt balances, as aave_bench makes them."""
    state = np.uint64(0x5EED0000) + np.arange(n, dtype=np.uint64)
    everyone = np.ones(n, dtype=bool)
    count = 3 + (splitmix(state, everyone) % np.uint64(3)).astype(np.int64)
    used = np.zeros((n, 8), dtype=bool)
    atoken = np.zeros((n, 8, 4), dtype=np.uint64)
    vdebt = np.zeros((n, 8, 4), dtype=np.uint64)
    rows = np.arange(n)
    decimals = np.array([s[2] for s in SPECS], dtype=np.uint64)
    for k in range(5):
        active = count > k
        ids = (splitmix(state, active) % np.uint64(8)).astype(np.int64)
        for _ in range(8):  # linear probing past used reserves
            taken = used[rows, ids] & active
            ids = np.where(taken, (ids + 1) % 8, ids)
        used[rows[active], ids[active]] = True
        flags = splitmix(state, active)
        collateral = active & ((k == 0) | ((k != 1) & ((flags & np.uint64(1)) != 0)))
        borrowed = active & ((k == 1) | ((k != 0) & ((flags & np.uint64(2)) != 0)))
        exp = decimals[ids] - np.uint64(3)  # 10^exp = 5^exp * 2^exp
        five = np.uint64(5) ** exp
        for mask, modulus, out in ((collateral, 1000000, atoken), (borrowed, 300000, vdebt)):
            draw = splitmix(state, mask)
            with np.errstate(over="ignore"):
                x = (draw % np.uint64(modulus) + np.uint64(1)) * five  # < 2^55
                low = x << exp
                high = np.where(exp == 0, np.uint64(0), x >> (np.uint64(64) - exp))
            sel = rows[mask]
            out[sel, ids[mask], 0] = low[mask]
            out[sel, ids[mask], 1] = high[mask]
    return atoken, vdebt


def cxx_batch_ns(bench):
    out = subprocess.run([bench, "--benchmark_filter=^aave_account_data(_batch)?$",
                          "--benchmark_format=json", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"],
                         capture_output=True, text=True, check=True)
    result = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        if b["run_name"] == "aave_account_data_batch":
            result["batch"] = b["ns_per_item"]
        elif b["run_name"] == "aave_account_data":
            result["single"] = b["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aave-bench", help="path of the C++ aave_bench executable")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    snapshot = lb.Snapshot.from_dict(market_snapshot())
    market = lb.Market.from_snapshot(snapshot)
    atoken, vdebt = users_arrays(USERS)
    book = lb.UserBook()
    start = time.perf_counter()
    book.add_arrays(market, atoken, vdebt)
    load_ns = (time.perf_counter() - start) * 1e9 / USERS
    result = lb.evaluate_all(market, book)  # warm-up
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        result = lb.evaluate_all(market, book)
        times.append(time.perf_counter() - start)
    assert result.ok.all(), "a user failed to evaluate"
    # The batch agrees with the scalar path on a sample of users.
    for u in range(0, USERS, 9973):
        d = market_snapshot()
        cfg = 0
        positions = []
        for c in range(8):
            a = int(lb.limbs_to_ints(atoken[u, c])); v = int(lb.limbs_to_ints(vdebt[u, c]))
            if a or v:
                positions.append({"asset": d["reserves"][c]["asset"], "scaledATokenBalance": str(a),
                                  "scaledVariableDebt": str(v), "principalStableDebt": "0",
                                  "stableRate": "0", "stableLastUpdated": 0})
                cfg |= (1 << (2 * c + 1) if a else 0) | (1 << (2 * c) if v else 0)
        d["user"]["positions"] = positions
        d["user"]["configuration"] = str(cfg)
        single = lb.account_data(lb.Snapshot.from_dict(d))
        assert result.ints("health_factor")[u] == single.health_factor, u
    py_batch = float(np.median(times)) * 1e9 / USERS
    print(json.dumps({"name": "python_evaluate_all_100k", "ns_per_op": round(py_batch, 2)}))
    print(json.dumps({"name": "python_user_book_from_numpy", "ns_per_op": round(load_ns, 2)}))

    # Scalar calls: the GIL round trip of a trivial call and of one account_data evaluation.
    user_snapshot = lb.Snapshot.from_dict(d)
    for name, fn, n in (("python_call_overhead_errc_name", lambda: lb.errc_name(0), 200000),
                        ("python_account_data_scalar", lambda: lb.account_data(user_snapshot), 50000)):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        print(json.dumps({"name": name, "ns_per_op": round((time.perf_counter() - start) * 1e9 / n, 2)}))

    if args.aave_bench:
        cxx = cxx_batch_ns(args.aave_bench)
        print(json.dumps({"name": "cxx_evaluate_all_100k", "ns_per_op": round(cxx["batch"], 2)}))
        print(json.dumps({"name": "cxx_account_data_scalar", "ns_per_op": round(cxx["single"], 2)}))
        print(json.dumps({"name": "ratio_python_over_cxx_batch", "value": round(py_batch / cxx["batch"], 3),
                          "limit": 1.5}))
        return 0 if py_batch <= 1.5 * cxx["batch"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
