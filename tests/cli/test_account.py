"""`liquidbot account-data`: the six getUserAccountData fields of shipped snapshots, checked against
the independent BigInt model (tests/js/oracle/aave_model.mjs), revision/timestamp overrides, and
bad snapshots (exit 2, one stderr line naming the field)."""
import json
import pathlib
import subprocess

import pytest

from cli_helpers import JS_DIR, run

SNAPSHOTS = pathlib.Path(__file__).parents[1] / "data" / "snapshots"
MODEL = JS_DIR / "oracle" / "aave_model.mjs"
FIELDS = ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase",
          "currentLiquidationThreshold", "ltv", "healthFactor"]


def model(snapshot: dict, tmp_path) -> dict:
    path = tmp_path / "model_input.json"
    path.write_text(json.dumps(snapshot))
    out = subprocess.run(["node", str(MODEL), "--snapshot", str(path)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("name", ["worked_v36.json", "emode_v36.json", "stable_v30.json"])
def test_shipped_snapshots_match_model(name, tmp_path):
    path = SNAPSHOTS / name
    r = run("account-data", "--snapshot", str(path))
    assert r.returncode == 0, r.stderr
    ours = json.loads(r.stdout)
    assert list(ours.keys()) == FIELDS
    assert ours == model(json.loads(path.read_text()), tmp_path)


def test_worked_vector_from_reference_notes():
    r = run("account-data", "--snapshot", str(SNAPSHOTS / "worked_v36.json"))
    ours = json.loads(r.stdout)
    assert ours["totalCollateralBase"] == "383246487391"
    assert ours["totalDebtBase"] == "270154925844"
    assert ours["healthFactor"] == "1177452469322038515"


@pytest.mark.parametrize("revision", ["3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6"])
def test_revision_and_timestamp_overrides(revision, tmp_path):
    path = SNAPSHOTS / "emode_v36.json"
    snapshot = json.loads(path.read_text())
    r = run("account-data", "--snapshot", str(path), "--revision", revision,
            "--timestamp", str(snapshot["timestamp"] + 86400 * 30))
    assert r.returncode == 0, r.stderr
    snapshot["revision"] = revision
    snapshot["timestamp"] += 86400 * 30
    assert json.loads(r.stdout) == model(snapshot, tmp_path)


def test_no_debt_health_factor_is_uint256_max(tmp_path):
    snapshot = json.loads((SNAPSHOTS / "worked_v36.json").read_text())
    snapshot["user"]["configuration"] = "2"  # collateral on reserve 0 only
    path = tmp_path / "s.json"
    path.write_text(json.dumps(snapshot))
    r = run("account-data", "--snapshot", str(path))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["healthFactor"] == str(2**256 - 1)


def mutate(tmp_path, fn):
    snapshot = json.loads((SNAPSHOTS / "emode_v36.json").read_text())
    fn(snapshot)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(snapshot))
    return run("account-data", "--snapshot", str(path))


BAD = [
    ("missing price", lambda s: s["reserves"][1].pop("price"), "reserves[1].price"),
    ("price wrong type", lambda s: s["reserves"][0].__setitem__("price", 5), "reserves[0].price"),
    ("bad number", lambda s: s["reserves"][0].__setitem__("liquidityIndex", "12x"), "reserves[0].liquidityIndex"),
    ("negative", lambda s: s["user"]["positions"][0].__setitem__("scaledATokenBalance", "-1"),
     "user.positions[0].scaledATokenBalance"),
    ("overflow", lambda s: s["reserves"][2].__setitem__("price", str(2**256)), "reserves[2].price"),
    ("duplicate id", lambda s: s["reserves"][1].__setitem__("id", 0), "reserves[1].id"),
    ("duplicate asset", lambda s: s["reserves"][2].__setitem__("asset", s["reserves"][0]["asset"]),
     "reserves[2].asset"),
    ("unknown reserve", lambda s: s["user"]["positions"][1].__setitem__(
        "asset", "0x00000000000000000000000000000000000000ff"), "user.positions[1].asset"),
    ("unknown revision", lambda s: s.__setitem__("revision", "3.9"), "revision"),
    ("negative timestamp", lambda s: s.__setitem__("timestamp", -5), "timestamp"),
    ("missing ltvzero 3.6", lambda s: s["eModes"][0].pop("ltvzeroBitmap"), "eModes[0].ltvzeroBitmap"),
    ("unlisted eMode", lambda s: s["user"].__setitem__("eModeCategory", 7), "user.eModeCategory"),
    ("bad format", lambda s: s.__setitem__("format", "other"), "format"),
]


@pytest.mark.parametrize("label,fn,field", BAD, ids=[b[0] for b in BAD])
def test_bad_snapshots_exit_2_naming_the_field(label, fn, field, tmp_path):
    r = mutate(tmp_path, fn)
    assert r.returncode == 2, (label, r.stdout, r.stderr)
    assert field in r.stderr, (label, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_arguments(tmp_path):
    path = str(SNAPSHOTS / "worked_v36.json")
    for args, what in [(["--revision", "4.0"], "--revision"), (["--timestamp", "x"], "--timestamp"),
                       (["--timestamp", "-1"], "--timestamp")]:
        r = run("account-data", "--snapshot", path, *args)
        assert r.returncode == 2 and what in r.stderr, r.stderr
    r = run("account-data", "--snapshot", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "--snapshot" in r.stderr
    bad = tmp_path / "junk.json"
    bad.write_text("{not json")
    r = run("account-data", "--snapshot", str(bad))
    assert r.returncode == 2 and "JSON" in r.stderr
    # Evaluating before the reserves' last update cannot happen on chain: an error, not a number.
    r = run("account-data", "--snapshot", path, "--timestamp", "1700000000")
    assert r.returncode == 2 and "lastUpdateTimestamp" in r.stderr
