// Integration on the real Aave V3.6 (aave-v3-origin 3.6.0, POOL_REVISION 10) test bed: for every
// seeded borrower (no eMode, eMode 1, eMode 2 with an ltv-zero collateral), `liquidbot snapshot`
// (reader: 3.2+ eMode getters and bitmaps, no stable debt, ReserveDataLegacy layout) followed by
// `liquidbot account-data` equals the contract's getUserAccountData at that block, field by field:
// fresh, after 30 days of interest, a 30% WETH price drop and cbBTC made ltv-zero at reserve level
// (setReserveLtvzero), and replayed at the first block. In the fresh round the snapshot itself is
// compared with an independent ethers read of the 3.6 getters. Then, for two borrowers of each eMode
// category, the engine's liquidation price brackets HF 1 on chain and liquidationCall repays and
// seizes exactly the engine's quote. Before that, every collateral's max safe withdrawal is checked
// with Pool.withdraw simulated at the next block, including the zero-LTV rule's refusals. Last, a
// supply cap (supply_cap.mjs): the engine's headroom is exactly what Pool.supply accepts; and a
// reserve's liquidation grace period (liquidation_sentinels.mjs) blocks liquidations as on chain.
// Run under the test bed: node tests/js/testbed.mjs run --aave 3.6 --borrowers N --seed S -- \
//   node tests/integration/aave36_chain.mjs <path to liquidbot>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { check, ethers, nextBlockSnapshot, programArg, tally, tempDir, testBed } from "./common.mjs";
import { accountData, advanceTime, setPrice } from "../js/lib/scenario.mjs";
import { iface36 } from "../js/lib/aave36.mjs";
import { Sender } from "../js/lib/aave.mjs";
import { rpc, rpcBatch, toQuantity } from "../js/lib/rpc.mjs";
import { checkSupplyCap } from "./supply_cap.mjs";
import { checkGracePeriod } from "./liquidation_sentinels.mjs";

const CLI = programArg("aave36_chain.mjs <liquidbot>");
const { url, deployment, ctx } = testBed();
const FIELDS = ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase", "currentLiquidationThreshold", "ltv", "healthFactor"];
const MIN_USERS = Number(process.env.LB_MIN_USERS ?? 50);
const users = deployment.borrowers.map((b) => b.address);
if (deployment.revision !== "3.6") throw new Error(`expected a 3.6 test bed (testbed.mjs run --aave 3.6), got revision ${deployment.revision}`);
if (users.length < MIN_USERS) throw new Error(`expected at least ${MIN_USERS} borrowers, got ${users.length}`);
const tmp = tempDir("lb-aave36-");
const POOL = iface36("PoolInstance"); // the L2Pool has the same getters (its extra entry points are calldata-packed)
const ORACLE = iface36("AaveOracle");
const ATOKEN = iface36("ATokenInstance");
const VDEBT = iface36("VariableDebtTokenInstance");
const started = Date.now();

// check() that also returns the condition, for early exits.
const expect = (cond, what) => { check(cond, what); return cond; };
const head = () => rpc(url, "eth_blockNumber").then((x) => Number(BigInt(x)));
async function callsAt(calls, block) {
  const raw = await rpcBatch(url, calls.map(([to, ifc, fn, args]) => ["eth_call", [{ to, data: ifc.encodeFunctionData(fn, args ?? []) }, toQuantity(block)]]));
  return raw.map((data, i) => calls[i][1].decodeFunctionResult(calls[i][2], data));
}

function cliSnapshot(user, block) {
  return execFileSync(CLI, ["snapshot", "--rpc", url, "--addresses-provider", deployment.poolAddressesProvider,
    "--user", user, "--block", String(block), "--chain-id", "8453"], { encoding: "utf8" });
}
function engine(text, n) {
  const file = path.join(tmp, `s${n}.json`);
  fs.writeFileSync(file, text);
  return JSON.parse(execFileSync(CLI, ["account-data", "--snapshot", file], { encoding: "utf8" }));
}

// The reader's snapshot against the 3.6 getters read here with ethers (origin's compiled ABI).
async function compareWithChain(snap, user, block, label) {
  const same = (a, b, what) => check(String(a) === String(b), `${label}: ${what}: reader ${a} chain ${b}`);
  const list = (await callsAt([[deployment.pool, POOL, "getReservesList"]], block))[0][0];
  const eIds = deployment.eModes.map((e) => e.id);
  const calls = [
    [deployment.pool, POOL, "getUserConfiguration", [user]],
    [deployment.pool, POOL, "getUserEMode", [user]],
    ...eIds.flatMap((id) => [[deployment.pool, POOL, "getEModeCategoryCollateralConfig", [id]],
      [deployment.pool, POOL, "getEModeCategoryCollateralBitmap", [id]], [deployment.pool, POOL, "getEModeCategoryBorrowableBitmap", [id]],
      [deployment.pool, POOL, "getEModeCategoryLtvzeroBitmap", [id]]]),
    ...list.flatMap((asset) => {
      const r = deployment.reserves.find((x) => x.underlying.toLowerCase() === asset.toLowerCase());
      return [[deployment.pool, POOL, "getReserveData", [asset]], [deployment.oracle, ORACLE, "getAssetPrice", [asset]],
        [r.aToken, ATOKEN, "scaledBalanceOf", [user]], [r.variableDebtToken, VDEBT, "scaledBalanceOf", [user]]];
    }),
  ];
  const res = await callsAt(calls, block);
  same(snap.revision, "3.6", "revision");
  same(snap.user.configuration, res[0][0].data, "user.configuration");
  same(snap.user.eModeCategory, res[1][0], "user.eModeCategory");
  eIds.forEach((id, k) => {
    const [cfg, coll, borr, zero] = res.slice(2 + 4 * k, 6 + 4 * k).map((x) => x[0]);
    const e = snap.eModes.find((x) => x.id === id);
    if (!expect(e !== undefined, `${label}: eMode ${id} missing`)) return;
    same(e.ltv, cfg.ltv, `eMode ${id} ltv`);
    same(e.liquidationThreshold, cfg.liquidationThreshold, `eMode ${id} liquidationThreshold`);
    same(e.liquidationBonus, cfg.liquidationBonus, `eMode ${id} liquidationBonus`);
    same(e.collateralBitmap, coll, `eMode ${id} collateralBitmap`);
    same(e.borrowableBitmap, borr, `eMode ${id} borrowableBitmap`);
    same(e.ltvzeroBitmap, zero, `eMode ${id} ltvzeroBitmap`);
  });
  const base = 2 + 4 * eIds.length;
  same(snap.reserves.length, list.length, "reserve count");
  let positions = 0;
  list.forEach((asset, i) => {
    const [[rd], [price], [sa], [sv]] = res.slice(base + 4 * i, base + 4 * i + 4);
    const r = snap.reserves.find((x) => x.asset.toLowerCase() === asset.toLowerCase());
    if (!expect(r !== undefined, `${label}: reserve ${asset} missing`)) return;
    same(r.id, rd.id, `reserve ${asset} id`);
    same(r.configuration, rd.configuration.data, `reserve ${asset} configuration`);
    same(r.liquidityIndex, rd.liquidityIndex, `reserve ${asset} liquidityIndex`);
    same(r.currentLiquidityRate, rd.currentLiquidityRate, `reserve ${asset} currentLiquidityRate`);
    same(r.variableBorrowIndex, rd.variableBorrowIndex, `reserve ${asset} variableBorrowIndex`);
    same(r.currentVariableBorrowRate, rd.currentVariableBorrowRate, `reserve ${asset} currentVariableBorrowRate`);
    same(r.lastUpdateTimestamp, rd.lastUpdateTimestamp, `reserve ${asset} lastUpdateTimestamp`);
    same(r.price, price, `reserve ${asset} price`);
    if (sa === 0n && sv === 0n) return;
    positions++;
    const p = snap.user.positions.find((x) => x.asset.toLowerCase() === asset.toLowerCase());
    if (!expect(p !== undefined, `${label}: position ${asset} missing`)) return;
    same(p.scaledATokenBalance, sa, `position ${asset} scaledATokenBalance`);
    same(p.scaledVariableDebt, sv, `position ${asset} scaledVariableDebt`);
  });
  same(snap.user.positions.filter((p) => BigInt(p.scaledATokenBalance) + BigInt(p.scaledVariableDebt) > 0n).length, positions, "position count");
}

const zeroIds = new Map(deployment.eModes.map((e) => [e.id, new Set(e.ltvzeroAssets.map((a) => deployment.reserves.find((r) => r.underlying === a).id))]));
async function round(label, block, { compareSnapshot }) {
  const t0 = Date.now();
  const seen = { emode: new Map(), ltvzero: 0, reserveLtvzero: 0, withDebt: 0, liquidatable: 0 };
  for (const [n, user] of users.entries()) {
    const text = cliSnapshot(user, block);
    const snap = JSON.parse(text);
    const mine = engine(text, n);
    const chain = await accountData(ctx, user, block);
    for (const f of FIELDS) check(mine[f] === chain[f], `${label} ${user} block ${block}: ${f} engine ${mine[f]} chain ${chain[f]}`);
    if (compareSnapshot) await compareWithChain(snap, user, block, `${label} ${user}`);
    const e = snap.user.eModeCategory;
    seen.emode.set(e, (seen.emode.get(e) ?? 0) + 1);
    const config = BigInt(snap.user.configuration);
    const collateralIds = snap.reserves.filter((r) => ((config >> BigInt(2 * r.id + 1)) & 1n) === 1n).map((r) => r.id);
    if (e !== 0 && collateralIds.some((id) => zeroIds.get(e)?.has(id))) seen.ltvzero++;
    const ltvZeroReserve = (r) => (BigInt(r.configuration) & 0xffffn) === 0n;
    if (snap.reserves.some((r) => collateralIds.includes(r.id) && ltvZeroReserve(r))) seen.reserveLtvzero++;
    if (BigInt(chain.totalDebtBase) > 0n) seen.withDebt++;
    if (BigInt(chain.healthFactor) < 10n ** 18n) seen.liquidatable++;
  }
  const byMode = [...seen.emode].sort().map(([k, v]) => `eMode ${k}: ${v}`).join(", ");
  console.log(`${label}: block ${block}, ${users.length} users (${byMode}; ${seen.ltvzero} with an ltv-zero eMode collateral, ${seen.reserveLtvzero} a reserve-level ltv-zero collateral; ` +
    `${seen.withDebt} with debt; ${seen.liquidatable} with HF < 1) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return seen;
}

const poolRevision = (await callsAt([[deployment.pool, POOL, "POOL_REVISION"]], await head()))[0][0];
check(poolRevision === 10n, `POOL_REVISION ${poolRevision}, expected 10 (aave-v3-origin 3.6.0)`);
const first = await head();
const fresh = await round("fresh", first, { compareSnapshot: true });
check(deployment.eModes.every((e) => (fresh.emode.get(e.id) ?? 0) > 0) && (fresh.emode.get(0) ?? 0) > 0, "every eMode category (and none) has borrowers");
check(fresh.ltvzero > 0, "some eMode borrowers hold an ltv-zero collateral");
await advanceTime(ctx, 30 * 86400);
const weth = deployment.reserves.find((r) => r.symbol === "WETH");
await setPrice(ctx, "WETH", (BigInt(weth.initialPrice) * 70n) / 100n);
// 3.6 reserve-level ltv zero (PoolConfigurator.setReserveLtvzero): cbBTC's LTV becomes 0, its
// liquidation threshold stays.
const cbbtc = deployment.reserves.find((r) => r.symbol === "cbBTC");
const admin = new Sender(url);
await admin.call(deployment.accounts[0].address, deployment.poolConfigurator, iface36("PoolConfiguratorInstance"), "setReserveLtvzero", [cbbtc.underlying, true]);
await admin.flush();
await advanceTime(ctx, 3600);
const later = await round("after 30 days, WETH -30% and cbBTC ltv zero", await head(), { compareSnapshot: false });
check(later.liquidatable > 0, "the price drop makes some borrowers liquidatable");
check(later.reserveLtvzero > 0 && fresh.reserveLtvzero === 0, "setReserveLtvzero reached some borrowers' collateral");
await round("historical", first, { compareSnapshot: false });

// ---- liquidations on 3.6 (LiquidationLogic of origin 3.6.0) -------------------------------------
// For a few borrowers of each eMode category: the engine's liquidation price of a collateral brackets
// HF 1 on chain (p: HF < 1 and account data equal to the engine's; p + 1: HF >= 1); 3% below it,
// liquidationCall(max) repays and seizes exactly the engine's quote (LiquidationCall event).
const WAD = 10n ** 18n;
const TOKEN = iface36("MintableERC20");
const liquidator = deployment.accounts[2].address;
function cliOn(args, snap) {
  const file = path.join(tmp, `q-${tally.checks}.json`);
  fs.writeFileSync(file, JSON.stringify(snap));
  return JSON.parse(execFileSync(CLI, [args[0], "--snapshot", file, ...args.slice(1)], { encoding: "utf8" }));
}
const bit = (cfg, i) => ((cfg >> BigInt(i)) & 1n) === 1n;
// ---- withdrawals on 3.6: the engine's max safe withdrawal and the zero-LTV rule ------------------
// For every collateral of every borrower with debt and HF >= 1.01 (cbBTC is ltv-zero at reserve
// level now, and eMode 2 has an ltv-zero collateral): `plan --action withdraw --target-hf 1` either
// names the zero-LTV rule, and Pool.withdraw of 1 wei reverts on chain with LtvValidationFailed, or
// gives an amount W that withdraw(W) accepts and withdraw(W + 1) refuses, simulated at the next
// block (eth_call at "pending", whose timestamp the test bed pins to latest + 2 s).
const LTV_FAILED = ethers.id("LtvValidationFailed()").slice(0, 10);
async function withdrawCall(user, asset, amount) {
  const data = POOL.encodeFunctionData("withdraw", [asset, amount, user]);
  try {
    await rpc(url, "eth_call", [{ from: user, to: deployment.pool, data }, "pending"]);
    return "ok";
  } catch (e) {
    return typeof e.revertData === "string" ? e.revertData.slice(0, 10) : String(e.message ?? e);
  }
}
function cliWithdraw(snap, asset) {
  const file = path.join(tmp, `w-${tally.checks}.json`);
  fs.writeFileSync(file, JSON.stringify(snap));
  try {
    return { plan: JSON.parse(execFileSync(CLI, ["plan", "--snapshot", file, "--action", "withdraw", "--asset", asset, "--target-hf", "1"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) };
  } catch (e) {
    return { error: String(e.stderr ?? e.message) };
  }
}
const withdrawals = { blocked: 0, sized: 0 };
for (const b of deployment.borrowers) {
  const snap = await nextBlockSnapshot(CLI, url, deployment, b.address);
  const cfg = BigInt(snap.user.configuration);
  const data = await accountData(ctx, b.address, await head());
  if (BigInt(data.totalDebtBase) === 0n || BigInt(data.healthFactor) < (101n * WAD) / 100n) continue;
  for (const r of snap.reserves.filter((x) => bit(cfg, 2 * x.id + 1))) {
    const mine = cliWithdraw(snap, r.asset);
    if (mine.error !== undefined) {
      if (!expect(mine.error.includes("zero-LTV collateral"), `${b.address}: withdraw ${r.asset}: ${mine.error}`)) continue;
      const chain = await withdrawCall(b.address, r.asset, 1n);
      check(chain === LTV_FAILED, `${b.address}: engine says the zero-LTV rule blocks ${r.asset}, chain withdraw(1) gives ${chain}`);
      withdrawals.blocked++;
      continue;
    }
    const w = BigInt(mine.plan.amountRaw);
    if (w === 0n) continue;
    const atW = await withdrawCall(b.address, r.asset, w);
    check(atW === "ok", `${b.address}: withdraw(${w}) of ${r.asset}, the engine's max safe amount, gives ${atW} on chain`);
    const aToken = deployment.reserves.find((x) => x.underlying.toLowerCase() === r.asset.toLowerCase()).aToken;
    const balance = BigInt(await rpc(url, "eth_call", [{ to: aToken, data: ATOKEN.encodeFunctionData("balanceOf", [b.address]) }, "pending"]));
    if (w < balance) {
      const more = await withdrawCall(b.address, r.asset, w + 1n);
      check(more !== "ok", `${b.address}: withdraw(${w + 1n}) of ${r.asset}, one more than the engine's max, succeeds on chain`);
    }
    withdrawals.sized++;
  }
}
console.log(`withdrawals: ${withdrawals.sized} max safe withdrawals exact on chain, ${withdrawals.blocked} blocked by the zero-LTV rule as on chain`);
check(withdrawals.blocked > 0 && withdrawals.sized > 0, "both zero-LTV refusals and sized withdrawals were checked");

const liq = { prices: 0, liquidations: 0, byMode: new Map() };
for (const b of deployment.borrowers) {
  if ((liq.byMode.get(b.eModeCategory) ?? 0) >= 2) continue;
  let snap = await nextBlockSnapshot(CLI, url, deployment, b.address);
  const cfg = BigInt(snap.user.configuration);
  const coll = snap.reserves.find((r) => bit(cfg, 2 * r.id + 1) && !bit(cfg, 2 * r.id));
  const debt = snap.reserves.find((r) => bit(cfg, 2 * r.id));
  if (!coll || !debt) continue;
  const lp = cliOn(["liquidation-price", "--asset", coll.asset], snap);
  if (lp.liquidationPrice === null) continue;
  const p = BigInt(lp.liquidationPrice);
  const id = await rpc(url, "evm_snapshot");
  const above = await setPrice(ctx, coll.asset, p + 1n);
  const hfAbove = BigInt((await accountData(ctx, b.address, Number(above.blockNumber))).healthFactor);
  check(hfAbove >= WAD, `${b.address}: liquidation price ${p} of ${coll.asset}: at p + 1 the chain's HF is ${hfAbove} < 1`);
  await rpc(url, "evm_revert", [id]);
  const atP = await setPrice(ctx, coll.asset, p);
  const atPData = await accountData(ctx, b.address, Number(atP.blockNumber));
  check(BigInt(atPData.healthFactor) < WAD, `${b.address}: liquidation price ${p}: chain HF ${atPData.healthFactor} >= 1`);
  for (const f of FIELDS) check(atPData[f] === String(lp.atPrice[f]), `${b.address}: at liquidation price ${p}: ${f} chain ${atPData[f]} engine ${lp.atPrice[f]}`);
  liq.prices++;
  await setPrice(ctx, coll.asset, (p * 97n) / 100n);
  const funding = new Sender(url);
  const debtDecimals = deployment.reserves.find((r) => r.underlying.toLowerCase() === debt.asset.toLowerCase()).decimals;
  await funding.call(liquidator, debt.asset, TOKEN, "mint(uint256)", [10n ** BigInt(debtDecimals + 12)]);
  await funding.call(liquidator, debt.asset, TOKEN, "approve", [deployment.pool, ethers.MaxUint256]);
  await funding.flush();
  snap = await nextBlockSnapshot(CLI, url, deployment, b.address);
  const q = cliOn(["liquidation", "--collateral", coll.asset, "--debt", debt.asset], snap);
  check(q.liquidatable, `${b.address}: not liquidatable 3% below the liquidation price`);
  if (!q.liquidatable) continue;
  const sender = new Sender(url);
  await sender.call(liquidator, deployment.pool, POOL, "liquidationCall", [coll.asset, debt.asset, b.address, ethers.MaxUint256, false], { gas: 3000000 });
  const [receipt] = await sender.flush();
  const ts = Number((await rpc(url, "eth_getBlockByNumber", [receipt.blockNumber, false])).timestamp);
  check(ts === snap.timestamp, `${b.address}: liquidation executed at ${ts}, quoted for ${snap.timestamp}`);
  const ev = receipt.logs.map((l) => { try { return POOL.parseLog(l); } catch { return null; } }).find((x) => x && x.name === "LiquidationCall");
  if (!expect(ev !== undefined, `${b.address}: no LiquidationCall event`)) continue;
  check(ev.args.debtToCover.toString() === q.debtRepaidRaw, `${b.address}: liquidation repaid ${ev.args.debtToCover} != engine ${q.debtRepaidRaw}`);
  check(ev.args.liquidatedCollateralAmount.toString() === q.liquidatorCollateralRaw,
    `${b.address}: liquidation seized ${ev.args.liquidatedCollateralAmount} != engine ${q.liquidatorCollateralRaw}`);
  liq.liquidations++;
  liq.byMode.set(b.eModeCategory, (liq.byMode.get(b.eModeCategory) ?? 0) + 1);
}
console.log(`liquidations: ${liq.prices} liquidation prices, ${liq.liquidations} liquidationCalls (${[...liq.byMode].map(([k, v]) => `eMode ${k}: ${v}`).join(", ")})`);
check(liq.liquidations >= 4, "at least 4 liquidations checked");
const cap = await checkSupplyCap({ url, ctx, deployment, cli: CLI, tmp,
  isCapError: (data) => data.startsWith(ethers.id("SupplyCapExceeded()").slice(0, 10)) });
check(cap.checked === 1, "the supply cap was checked");
await checkGracePeriod({ url, ctx, deployment, cli: CLI, tmp });
console.log(`aave36_chain: ${tally.checks} checks, ${tally.failures} failures (pool ${deployment.poolKind}, POOL_REVISION ${poolRevision}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(tally.failures === 0 ? 0 : 1);
