// testbed.mjs CLI: run passes the environment and the exit status through and stops everything;
// start/stop with a state file; scenario verbs; a port already in use is an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startChain, pidAlive } from "../lib/chain.mjs";

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "testbed.mjs");
const node = (args, opts = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: os.tmpdir(), ...opts });

test("run: environment, exit status, and nothing left behind", () => {
  const script = `const d=require(process.env.LB_DEPLOYMENT);const s=require(process.env.LB_TESTBED_STATE);
    if(!process.env.LB_RPC_URL.startsWith("http://127.0.0.1:"))process.exit(90);
    if(d.chainId!==8453||d.borrowers.length!==3||!d.borrowers[0].privateKey||!d.multicall3||!d.gasPriceOracle)process.exit(91);
    console.log(JSON.stringify({node:s.nodePid,host:s.hostPid}));process.exit(7);`;
  const r = node(["run", "--borrowers", "3", "--seed", "5", "--", process.execPath, "-e", script]);
  assert.equal(r.status, 7, r.stderr);
  const { node: nodePid, host } = JSON.parse(r.stdout.trim().split("\n").pop());
  assert.equal(pidAlive(nodePid), false);
  assert.equal(pidAlive(host), false);
});

test("start, scenario verbs, stop", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "liquidbot-cli-test-"));
  const state = path.join(dir, "bed.json");
  const s = node(["start", "--borrowers", "2", "--subgraph", "--state-file", state]);
  assert.equal(s.status, 0, s.stderr);
  const env = Object.fromEntries(s.stdout.trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
  assert.ok(env.LB_RPC_URL && env.LB_SUBGRAPH_URL && env.LB_DEPLOYMENT && env.LB_TESTBED_STATE);
  const st = JSON.parse(fs.readFileSync(state, "utf8"));
  try {
    const again = node(["start", "--state-file", state]);
    assert.notEqual(again.status, 0, "second start on the same state file must fail");
    const user = JSON.parse(fs.readFileSync(env.LB_DEPLOYMENT, "utf8")).borrowers[0].address;
    const snap = node(["snapshot", "--state-file", state, "--user", user]);
    assert.equal(snap.status, 0, snap.stderr);
    assert.equal(JSON.parse(snap.stdout).snapshot.format, "liquidbot.snapshot/1");
    const sp = node(["set-price", "--state-file", state, "--asset", "WETH", "--price", "250000000000"]);
    assert.equal(sp.status, 0, sp.stderr);
    const at = node(["advance-time", "--state-file", state, "--seconds", "3600"]);
    assert.equal(at.status, 0, at.stderr);
    const du = node(["dump-user", "--state-file", state, "--user", user]);
    assert.equal(du.status, 0, du.stderr);
    assert.equal(JSON.parse(du.stdout).reserves.find((r) => r.price === "250000000000") !== undefined, true);
    const rp = node(["repay", "--state-file", state, "--user", user, "--asset", JSON.parse(du.stdout).balances.find((b) => b.variableDebt !== "0").symbol, "--amount", "1000"]);
    assert.equal(rp.status, 0, rp.stderr);
    const bad = node(["set-price", "--state-file", state, "--asset", "NOPE", "--price", "1"]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown reserve NOPE/);
    const usage = node(["advance-time", "--state-file", state, "--seconds", "x"]);
    assert.equal(usage.status, 2);
  } finally {
    const stop = node(["stop", "--state-file", state]);
    assert.equal(stop.status, 0, stop.stderr);
  }
  assert.equal(pidAlive(st.nodePid), false);
  assert.equal(pidAlive(st.hostPid), false);
  assert.equal(fs.existsSync(state), false);
});

test("a port already in use is an error, not a reuse", async () => {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  try {
    await assert.rejects(startChain({ port }), /not available/);
  } finally {
    srv.close();
  }
});

test("snapshot and dump-user on the Aave 3.6 bed (no stable-debt tokens, eMode bitmaps)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "liquidbot-cli-test-"));
  const state = path.join(dir, "bed.json");
  const s = node(["start", "--aave", "3.6", "--borrowers", "3", "--seed", "4", "--state-file", state], { timeout: 600_000 });
  assert.equal(s.status, 0, s.stderr);
  const env = Object.fromEntries(s.stdout.trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
  try {
    const d = JSON.parse(fs.readFileSync(env.LB_DEPLOYMENT, "utf8"));
    assert.equal(d.revision, "3.6");
    const ids = Object.fromEntries(d.reserves.map((r) => [r.underlying, BigInt(r.id)]));
    const bitmap = (assets) => assets.reduce((m, a) => m | (1n << ids[a]), 0n).toString();
    for (const b of d.borrowers) {
      const snap = node(["snapshot", "--state-file", state, "--user", b.address]);
      assert.equal(snap.status, 0, snap.stderr);
      const { snapshot, accountData } = JSON.parse(snap.stdout);
      assert.equal(snapshot.revision, "3.6");
      assert.ok(BigInt(accountData.totalDebtBase) > 0n);
      assert.ok(snapshot.user.positions.length > 0);
      for (const p of snapshot.user.positions) assert.equal(p.principalStableDebt, undefined);
      // The bitmaps read from the Pool equal the categories the bed configured.
      for (const e of d.eModes) {
        const got = snapshot.eModes.find((x) => x.id === e.id);
        assert.deepEqual([got.collateralBitmap, got.borrowableBitmap, got.ltvzeroBitmap, got.priceSource],
          [bitmap(e.collateralAssets), bitmap(e.borrowableAssets), bitmap(e.ltvzeroAssets), undefined]);
      }
      const du = node(["dump-user", "--state-file", state, "--user", b.address]);
      assert.equal(du.status, 0, du.stderr);
      const dump = JSON.parse(du.stdout);
      assert.deepEqual(dump.accountData, accountData);
      assert.ok(dump.balances.some((x) => x.variableDebt !== "0" && x.borrowing));
    }
  } finally {
    const stop = node(["stop", "--state-file", state]);
    assert.equal(stop.status, 0, stop.stderr);
  }
});
