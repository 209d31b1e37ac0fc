"""Prints liquidbot's benchmark results beside its peers' as a Markdown table.

Reads Google Benchmark JSON files (<bench>.json, monitor_cycle.json) and peer JSON lines (peer_<name>.jsonl, each
{"name": ..., "ns_per_op": ..., "peer": "ethers 6.17.0"}) from one folder; rows pair by name.
"""
import json
import pathlib
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_ours(folder):
    ours = {}
    for path in sorted(folder.glob("*.json")):
        for bench in json.loads(path.read_text())["benchmarks"]:
            if bench.get("run_type") == "aggregate":
                continue
            name = bench["name"].split("/")[0]
            ns = bench["real_time"] * UNIT_NS[bench["time_unit"]]
            # Per-item counters (e.g. ns per user in a batch) win over per-iteration time.
            if "ns_per_item" in bench:
                ns = bench["ns_per_item"]
            # Percentile counters (p50_ns, p99_ns) become the rows (<name>_p50, <name>_p99) instead of
            # the time of the whole run.
            percentiles = {f"{name}_{key[:-3]}": value for key, value in bench.items()
                           if key.startswith("p") and key.endswith("_ns") and key[1:-3].isdigit()}
            ours.update(percentiles or {name: ns})
    return ours


def load_peers(folder):
    peers = {}
    for path in sorted(folder.glob("peer_*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                peers[row["name"]] = (row["ns_per_op"], row.get("peer", path.stem[5:]))
    return peers


def human(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def main():
    folder = pathlib.Path(sys.argv[1])
    ours, peers = load_ours(folder), load_peers(folder)
    print("| benchmark | liquidbot | peer | peer time | peer / liquidbot |")
    print("|---|---|---|---|---|")
    for name in sorted(set(ours) | set(peers)):
        mine = ours.get(name)
        peer = peers.get(name)
        ratio = f"{peer[0] / mine:.1f}×" if mine and peer else "–"
        print(f"| {name} | {human(mine) if mine else '–'} | {peer[1] if peer else '–'} | "
              f"{human(peer[0]) if peer else '–'} | {ratio} |")


if __name__ == "__main__":
    main()
