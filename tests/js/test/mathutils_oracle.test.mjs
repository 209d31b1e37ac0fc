// tests/js/oracle/mathutils.mjs (@aave/math-utils) against the chain: for seeded borrowers of the
// test bed, the math-utils health factor of userSnapshot() agrees with getUserAccountData within
// math-utils' rounding (it is not bit-exact: aave-v3.md §5.4).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestbed } from "../lib/testbed.mjs";
import * as sc from "../lib/scenario.mjs";

const ORACLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "oracle", "mathutils.mjs");
let bed;
before(async () => { bed = await startTestbed({ borrowers: 40, seed: 11 }); });
after(async () => { await bed?.stop(); });

test("math-utils health factors agree with getUserAccountData", async () => {
  const ctx = { url: bed.env.LB_RPC_URL, deployment: bed.deployment };
  await sc.advanceTime(ctx, 90 * 86400);
  const snaps = [];
  for (const b of bed.deployment.borrowers) snaps.push(await sc.userSnapshot(ctx, b.address));
  const r = spawnSync(process.execPath, [ORACLE], { input: JSON.stringify(snaps), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.length, snaps.length);
  let eModeUsers = 0;
  snaps.forEach((s, i) => {
    // The chain floors the weighted liquidation threshold to whole bps, math-utils keeps it exact:
    // its HF is higher by at most 1 bps / threshold (relative), never lower beyond rounding.
    const lt = Number(s.accountData.currentLiquidationThreshold);
    assert.equal(Math.floor(Number(out[i].currentLiquidationThreshold) * 1e4 + 1e-9), lt, `borrower ${i}: liquidation threshold`);
    const chain = Number(BigInt(s.accountData.healthFactor)) / 1e18;
    const mu = Number(out[i].healthFactor);
    const rel = (mu - chain) / chain;
    assert.ok(rel > -1e-9 && rel < 1 / lt + 1e-9, `borrower ${i}: math-utils ${mu} vs chain ${chain}`);
    const coll = Number(BigInt(s.accountData.totalCollateralBase)) / 1e8;
    const debt = Number(BigInt(s.accountData.totalDebtBase)) / 1e8;
    assert.ok(Math.abs(Number(out[i].totalCollateralMarketReferenceCurrency) - coll) / coll < 1e-9, `borrower ${i}: collateral`);
    assert.ok(Math.abs(Number(out[i].totalBorrowsMarketReferenceCurrency) - debt) / debt < 1e-9, `borrower ${i}: debt`);
    if (s.snapshot.user.eModeCategory) eModeUsers++;
  });
  assert.ok(eModeUsers > 0, "no eMode users among the snapshots");
  const bad = spawnSync(process.execPath, [ORACLE], { input: "{not json", encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not JSON/);
});
