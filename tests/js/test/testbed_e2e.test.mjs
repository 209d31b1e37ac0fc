// End-to-end test of the test bed: chain + Aave deploy + 200 seeded borrowers + subgraph stand-in.
// Checks getUserAccountData against an independent BigInt model (token balances x oracle prices,
// GenericLogic 3.0 rounding), moves after a price drop / repay on behalf / liquidation, pagination
// over the stand-in, The Graph's `first` limit, every fault knob, and a clean shutdown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestbed } from "../lib/testbed.mjs";
import { rpc, rpcBatch } from "../lib/rpc.mjs";
import { iface } from "../lib/aave.mjs";
import * as sc from "../lib/scenario.mjs";
import { accountDataAll, leftover, gql } from "./helpers.mjs";

const N = 200;
let bed;
let ctx;
let borrowers;

before(async () => {
  bed = await startTestbed({ borrowers: N, seed: 42, subgraph: true });
  ctx = { url: bed.env.LB_RPC_URL, deployment: bed.deployment };
  borrowers = bed.deployment.borrowers.map((b) => b.address);
});

after(async () => {
  const pids = [bed?.state.nodePid].filter(Boolean);
  await bed?.stop();
  const { alive, listed } = leftover(pids);
  assert.deepEqual(alive, [], "node process still alive after stop");
  assert.deepEqual(listed, [], "ps still lists the node");
});

const A = iface("AToken");
const V = iface("VariableDebtToken");
const O = iface("AaveOracle");
const RAY = 10n ** 27n;

// Independent model of getUserAccountData (v3.0 GenericLogic): per-asset base values from token
// balanceOf and oracle prices, floor division by the asset unit, weighted liquidation threshold,
// half-up percentMul and wadDiv.
async function modelAccount(user, blockNumber) {
  const d = ctx.deployment;
  const tag = "0x" + blockNumber.toString(16);
  const calls = [];
  for (const r of d.reserves) {
    calls.push([r.aToken, A, "balanceOf", [user]], [r.variableDebtToken, V, "balanceOf", [user]], [d.oracle, O, "getAssetPrice", [r.underlying]]);
  }
  calls.push([d.pool, iface("Pool"), "getUserConfiguration", [user]], [d.pool, iface("Pool"), "getUserEMode", [user]]);
  const raw = await rpcBatch(ctx.url, calls.map(([to, ifc, fn, args]) => ["eth_call", [{ to, data: ifc.encodeFunctionData(fn, args) }, tag]]));
  const vals = raw.map((x, i) => calls[i][1].decodeFunctionResult(calls[i][2], x)[0]);
  const cfg = vals[vals.length - 2].data ?? vals[vals.length - 2][0];
  const eMode = Number(vals[vals.length - 1]);
  const em = d.eModes.find((e) => e.id === eMode);
  let coll = 0n, debt = 0n, ltvW = 0n, ltW = 0n;
  d.reserves.forEach((r, i) => {
    const [aBal, vBal, price] = vals.slice(i * 3, i * 3 + 3);
    const unit = 10n ** BigInt(r.decimals);
    const useColl = ((cfg >> BigInt(r.id * 2 + 1)) & 1n) === 1n;
    const inE = em && r.eModeCategory === em.id;
    if (useColl && aBal > 0n) {
      const v = (aBal * price) / unit;
      coll += v;
      ltvW += v * BigInt(inE ? em.ltv : r.ltv);
      ltW += v * BigInt(inE ? em.liquidationThreshold : r.liquidationThreshold);
    }
    if (((cfg >> BigInt(r.id * 2)) & 1n) === 1n) debt += (vBal * price) / unit;
  });
  const avgLtv = coll ? ltvW / coll : 0n;
  const avgLt = coll ? ltW / coll : 0n;
  const hf = debt === 0n ? 2n ** 256n - 1n : (((coll * avgLt + 5000n) / 10000n) * 10n ** 18n + debt / 2n) / debt;
  return { coll, debt, avgLtv, avgLt, hf };
}

async function head() {
  return Number(await rpc(ctx.url, "eth_blockNumber"));
}

test("every borrower has debt, and getUserAccountData equals the BigInt model", async () => {
  const b = await head();
  const data = await accountDataAll(ctx.url, ctx.deployment.pool, borrowers, b);
  assert.equal(data.length, N);
  for (let i = 0; i < N; i++) {
    const [coll, debt, , lt, ltv, hf] = data[i];
    assert.ok(BigInt(debt) > 0n, `borrower ${i} has no debt`);
    assert.ok(BigInt(hf) > 10n ** 18n, `borrower ${i} starts liquidatable`);
    if (i % 10 === 0) {
      const m = await modelAccount(borrowers[i], b);
      assert.deepEqual([coll, debt, lt, ltv, hf], [m.coll, m.debt, m.avgLt, m.avgLtv, m.hf].map(String), `borrower ${i}`);
    }
  }
  const mix = bed.deployment.borrowers;
  assert.ok(mix.some((x) => x.eModeCategory === 1), "no eMode users");
  assert.ok(mix.some((x) => x.collateral.some((c) => !c.enabled)), "no users with a disabled collateral");
  assert.ok(mix.some((x) => x.collateral.length >= 2 && x.debt.length >= 2), "no multi-asset users");
});

test("userSnapshot matches the chain at the same block", async () => {
  const user = borrowers[3];
  const { blockNumber, snapshot, accountData } = await sc.userSnapshot(ctx, user);
  const [again] = await accountDataAll(ctx.url, ctx.deployment.pool, [user], blockNumber);
  assert.deepEqual(Object.values(accountData), again);
  assert.equal(snapshot.format, "liquidbot.snapshot/1");
  assert.equal(snapshot.revision, "3.0");
  assert.equal(snapshot.reserves.length, 4);
  assert.ok(snapshot.user.positions.length >= 1);
});

test("a price drop moves getUserAccountData as the model says", async () => {
  const weth = ctx.deployment.reserves.find((r) => r.symbol === "WETH");
  const holders = bed.deployment.borrowers.filter((x) => x.collateral.some((c) => c.symbol === "WETH" && c.enabled) && !x.debt.some((dd) => dd.symbol === "WETH"));
  assert.ok(holders.length > 0);
  const before = await accountDataAll(ctx.url, ctx.deployment.pool, holders.map((h) => h.address), await head());
  await sc.setPrice(ctx, "WETH", 240000000000n); // 3000 -> 2400
  const b = await head();
  const afterData = await accountDataAll(ctx.url, ctx.deployment.pool, holders.map((h) => h.address), b);
  for (let i = 0; i < holders.length; i++) {
    assert.ok(BigInt(afterData[i][0]) < BigInt(before[i][0]), "collateral did not fall");
    assert.ok(BigInt(afterData[i][5]) < BigInt(before[i][5]), "health factor did not fall");
    const m = await modelAccount(holders[i].address, b);
    assert.deepEqual([afterData[i][0], afterData[i][1], afterData[i][5]], [m.coll, m.debt, m.hf].map(String));
  }
  assert.equal((await sc.dumpUser(ctx, holders[0].address)).reserves.find((r) => r.asset === weth.underlying).price, "240000000000");
});

test("repay on behalf lowers debt and raises the health factor", async () => {
  const x = bed.deployment.borrowers[5];
  const asset = x.debt[0].symbol;
  const [before] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], await head());
  const half = BigInt(x.debt[0].amount) / 2n;
  await sc.repayOnBehalf(ctx, { user: x.address, asset, amount: half });
  const b = await head();
  const [afterData] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], b);
  assert.ok(BigInt(afterData[1]) < BigInt(before[1]));
  assert.ok(BigInt(afterData[5]) > BigInt(before[5]));
  const m = await modelAccount(x.address, b);
  assert.deepEqual([afterData[0], afterData[1], afterData[5]], [m.coll, m.debt, m.hf].map(String));
});

test("time advance accrues interest; a liquidation after a crash repays debt", async () => {
  const x = bed.deployment.borrowers.find((y) => y.collateral.some((c) => c.symbol === "WETH" && c.enabled)
    && y.debt.some((dd) => dd.symbol === "USDC") && !y.collateral.some((c) => c.symbol === "USDC"));
  assert.ok(x, "no WETH/USDC borrower in the seed");
  const [d0] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], await head());
  await sc.advanceTime(ctx, 30 * 86400);
  const [d1] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], await head());
  assert.ok(BigInt(d1[1]) > BigInt(d0[1]), "debt did not accrue");
  const crashed = [...new Set(x.collateral.map((c) => c.symbol))];
  const old = {};
  for (const sym of crashed) {
    const r = ctx.deployment.reserves.find((y) => y.symbol === sym);
    old[sym] = (await sc.dumpUser(ctx, x.address)).reserves.find((y) => y.asset === r.underlying).price;
    await sc.setPrice(ctx, sym, BigInt(old[sym]) / 10n);
  }
  const [d2] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], await head());
  assert.ok(BigInt(d2[5]) < 10n ** 18n, "not liquidatable after the crash");
  const receipt = await sc.liquidate(ctx, { user: x.address, collateral: "WETH", debt: "USDC" });
  assert.equal(receipt.status, "0x1");
  const [d3] = await accountDataAll(ctx.url, ctx.deployment.pool, [x.address], await head());
  assert.ok(BigInt(d3[1]) < BigInt(d2[1]), "liquidation did not reduce debt");
  for (const sym of crashed) await sc.setPrice(ctx, sym, BigInt(old[sym]));
});

const BORROWERS_Q = `query B($lastId: ID!, $block: Int!, $first: Int!) {
  users(first: $first, orderBy: id, orderDirection: asc, block: { number: $block }, where: { id_gt: $lastId, borrowedReservesCount_gt: 0 }) {
    id borrowedReservesCount eModeCategoryId { id }
    reserves(first: 128) { usageAsCollateralEnabledOnUser scaledATokenBalance scaledVariableDebt reserve { id underlyingAsset decimals price { priceInEth } } }
  }
  _meta { block { number timestamp } hasIndexingErrors } }`;

async function pageAll(first, block) {
  const seen = [];
  let lastId = "";
  for (;;) {
    const r = (await gql(bed.env.LB_SUBGRAPH_URL, BORROWERS_Q, { lastId, block, first })).json();
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(r.data._meta.block.number, block);
    seen.push(...r.data.users);
    if (r.data.users.length < first) return seen;
    lastId = r.data.users[r.data.users.length - 1].id;
  }
}

test("subgraph pagination returns every borrower exactly once (pages of 1000 and 7)", async () => {
  const block = await head();
  const want = [...borrowers.map((a) => a.toLowerCase())].sort();
  for (const first of [1000, 7]) {
    const got = (await pageAll(first, block)).map((u) => u.id);
    assert.equal(new Set(got).size, got.length, `duplicates with first=${first}`);
    assert.deepEqual([...got].sort(), want, `first=${first}`);
  }
  // Flat userReserves cursor with the user_ child filter.
  let lastId = "";
  const rows = [];
  for (;;) {
    const r = (await gql(bed.env.LB_SUBGRAPH_URL, `query R($lastId: ID!, $block: Int!) { userReserves(first: 50, orderBy: id, block: { number: $block },
      where: { id_gt: $lastId, user_: { borrowedReservesCount_gt: 0 } }) { id user { id } reserve { id underlyingAsset } scaledATokenBalance scaledVariableDebt } }`,
      { lastId, block })).json();
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    rows.push(...r.data.userReserves);
    if (r.data.userReserves.length < 50) break;
    lastId = r.data.userReserves.at(-1).id;
  }
  assert.equal(new Set(rows.map((x) => x.id)).size, rows.length);
  assert.deepEqual([...new Set(rows.map((x) => x.user.id))].sort(), want);
  for (const x of rows) assert.equal(x.id, x.user.id + x.reserve.underlyingAsset + ctx.deployment.poolAddressesProvider.toLowerCase());
  // Scaled balances agree with the chain's snapshot for one user.
  const { snapshot } = await sc.userSnapshot(ctx, borrowers[0], block);
  for (const p of snapshot.user.positions) {
    const row = rows.find((x) => x.user.id === borrowers[0].toLowerCase() && x.reserve.underlyingAsset === p.asset.toLowerCase());
    assert.equal(row.scaledATokenBalance, p.scaledATokenBalance);
    assert.equal(row.scaledVariableDebt, p.scaledVariableDebt);
  }
});

test("first: 1001 is an error in The Graph's words; default page is 100; skip, desc, filters", async () => {
  const r = (await gql(bed.env.LB_SUBGRAPH_URL, "{ users(first: 1001) { id } }")).json();
  assert.equal(r.errors[0].message, "The `first` argument must be between 0 and 1000, but is 1001");
  const d = (await gql(bed.env.LB_SUBGRAPH_URL, "{ users { id } }")).json();
  assert.equal(d.data.users.length, 100);
  const want = [...borrowers.map((a) => a.toLowerCase())].sort().reverse();
  const desc = (await gql(bed.env.LB_SUBGRAPH_URL, `{ users(first: 5, skip: 2, orderBy: id, orderDirection: desc, where: { borrowedReservesCount_gt: 0 }) { id } }`)).json();
  assert.deepEqual(desc.data.users.map((u) => u.id), want.slice(2, 7));
  const eModeCount = bed.deployment.borrowers.filter((x) => x.eModeCategory === 1).length;
  const em = (await gql(bed.env.LB_SUBGRAPH_URL, `{ users(first: 1000, where: { eModeCategoryId: "1" }) { id eModeCategoryId { id } } }`)).json();
  assert.equal(em.data.users.length, eModeCount);
  const some = want.slice(0, 3);
  const inq = (await gql(bed.env.LB_SUBGRAPH_URL, `query Q($ids: [ID!]) { users(where: { id_in: $ids }) { id } }`, { ids: some })).json();
  assert.deepEqual(inq.data.users.map((u) => u.id).sort(), [...some].sort());
  const future = (await gql(bed.env.LB_SUBGRAPH_URL, `{ users(block: { number: ${(await head()) + 10} }) { id } }`)).json();
  assert.match(future.errors[0].message, /has only indexed up to block number/);
});

async function setFaults(body) {
  const base = new URL(bed.env.LB_SUBGRAPH_URL).origin;
  const res = await fetch(`${base}/admin/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

test("every fault knob applies to the next request only when count is 1", async () => {
  const url = bed.env.LB_SUBGRAPH_URL;
  const q = "{ _meta { block { number } hasIndexingErrors } }";
  const ok = async () => {
    const r = await gql(url, q);
    assert.equal(r.status, 200);
    return r.json();
  };
  await setFaults({ latencyMs: { value: 300, count: 1 } });
  let t = Date.now();
  await ok();
  assert.ok(Date.now() - t >= 290, "latency not applied");
  await setFaults({ http429: { value: 7, count: 1 } });
  let r = await gql(url, q);
  assert.equal(r.status, 429);
  assert.equal(r.headers.get("retry-after"), "7");
  await ok();
  await setFaults({ http5xx: { value: 503, count: 1 } });
  assert.equal((await gql(url, q)).status, 503);
  await ok();
  await setFaults({ malformedJson: { count: 1 } });
  r = await gql(url, q);
  assert.throws(() => JSON.parse(r.text));
  await ok();
  await setFaults({ truncatedJson: { count: 1 } });
  r = await gql(url, q);
  assert.throws(() => JSON.parse(r.text));
  await ok();
  await setFaults({ graphqlErrors: { count: 1 } });
  r = (await gql(url, q)).json();
  assert.ok(Array.isArray(r.errors) && r.errors.length > 0 && r.data === undefined);
  await ok();
  const h = await head();
  await setFaults({ indexingLag: { value: 3, count: 2 } });
  assert.equal((await ok()).data._meta.block.number, h - 3);
  assert.equal((await ok()).data._meta.block.number, h - 3);
  assert.equal((await ok()).data._meta.block.number, h);
  // A knob without count applies until cleared.
  await setFaults({ http5xx: 502 });
  assert.equal((await gql(url, q)).status, 502);
  assert.equal((await gql(url, q)).status, 502);
  await fetch(`${new URL(url).origin}/admin/faults`, { method: "DELETE" });
  await ok();
  const bad = await fetch(`${new URL(url).origin}/admin/faults`, { method: "POST", body: JSON.stringify({ nope: 1 }) });
  assert.equal(bad.status, 400);
});
