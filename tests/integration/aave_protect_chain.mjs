// Integration: liquidbot's protection sizing and liquidation amounts against the real Aave V3
// contracts (@aave/core-v3 1.19.3, revision 3.0) on the local test-bed chain.
// Run under the test bed: node tests/js/testbed.mjs run --borrowers N --seed S -- \
//   node tests/integration/aave_protect_chain.mjs <path to liquidbot>
// For each case the snapshot is read at block B (timestamp T), the engine plans for the next block
// (T + 2, where the test bed mines it), the action is sent, and the chain's getUserAccountData in
// that block is compared with the engine: HF >= target, the predicted account data bit for bit, and
// (via evm_snapshot / evm_revert) one unit less does not reach the target. Covered: repay and
// supply on behalf, the two pool legs of a flash-loan deleverage, liquidation prices (p gives HF < 1
// on chain, p + 1 does not), the maximum safe withdrawal (the pool accepts W and rejects W + 1) and
// liquidationCall amounts (LiquidationCall event vs the engine quote). Last, a supply cap
// (supply_cap.mjs): the engine's headroom is exactly what Pool.supply accepts; and the
// PriceOracleSentinel (liquidation_sentinels.mjs): liquidations it blocks are blocked on chain.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { check, ethers, programArg, tally, tempDir, testBed } from "./common.mjs";
import { Sender, iface } from "../js/lib/aave.mjs";
import { rpc } from "../js/lib/rpc.mjs";
import { userSnapshot, setPrice } from "../js/lib/scenario.mjs";
import { checkSupplyCap } from "./supply_cap.mjs";
import { checkSentinel } from "./liquidation_sentinels.mjs";


const CLI = programArg("aave_protect_chain.mjs <liquidbot>");
const { url, deployment, ctx } = testBed();
const POOL = iface("Pool");
const TOKEN = iface("MintableERC20");
const BLOCK_TIME = 2;
const WAD = 10n ** 18n;
const tmp = tempDir("lb-protect-");


function cli(args, snapshot) {
  const file = path.join(tmp, `snap-${tally.checks}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(snapshot));
  try {
    return JSON.parse(execFileSync(CLI, [args[0], "--snapshot", file, ...args.slice(1)], { encoding: "utf8" }));
  } catch (e) {
    if (e.status === 1) return { unreachable: (e.stderr ?? "").toString().trim() };
    throw new Error(`liquidbot ${args.join(" ")} failed: ${e.stderr}`);
  }
}

const reserveBy = (asset) => deployment.reserves.find((r) => r.underlying.toLowerCase() === asset.toLowerCase());
const payer = deployment.accounts[1].address;
const liquidator = deployment.accounts[2].address;

async function send(from, to, ifc, fn, args) {
  try {
    await rpc(url, "eth_call", [{ from, to, data: ifc.encodeFunctionData(fn, args) }, "latest"]);
  } catch (e) {
    throw new Error(`${fn}(${args.map(String).join(", ")}) from ${from} would revert: ${e.message}`);
  }
  const s = new Sender(url);
  await s.call(from, to, ifc, fn, args, { gas: 3000000 });
  return (await s.flush())[0];
}

async function fund(from, asset, amount) {
  const s = new Sender(url);
  await s.call(from, asset, TOKEN, "mint(uint256)", [amount]);
  await s.call(from, asset, TOKEN, "approve", [deployment.pool, ethers.MaxUint256]);
  await s.flush();
}

// Snapshot now, with the evaluation moved to the next block's timestamp.
async function nextBlockSnapshot(user) {
  const { snapshot } = await userSnapshot(ctx, user);
  return { ...snapshot, timestamp: snapshot.timestamp + BLOCK_TIME };
}

async function blockTimestamp(receipt) {
  const b = await rpc(url, "eth_getBlockByNumber", [receipt.blockNumber, false]);
  return Number(b.timestamp);
}

const accountFields = ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase", "currentLiquidationThreshold", "ltv", "healthFactor"];
const sameAccount = (a, b) => accountFields.every((k) => String(a[k]) === String(b[k]));

// Executes `act(amount)` in the next block twice from the same state: amount - 1 (must miss the
// target) and amount (must reach it and match the engine's prediction bit for bit).
async function verifyAction(label, user, planned, target, act) {
  const amount = BigInt(planned.amountRaw);
  const id = await rpc(url, "evm_snapshot");
  check(amount > 0n, `${label}: nothing to do although the HF is below the target`);
  check(BigInt(planned.before.healthFactor) < target, `${label}: the engine says the target already holds`);
  if (amount > 1n) {  // amount - 1 == 0 is no action at all (and the pool rejects 0)
    const r = await act(amount - 1n);
    const after = (await userSnapshot(ctx, user, Number(r.blockNumber))).accountData;
    check(BigInt(after.healthFactor) < target, `${label}: amount - 1 already reaches the target (HF ${after.healthFactor})`);
  }
  await rpc(url, "evm_revert", [id]);
  const r = await act(amount);
  const ts = await blockTimestamp(r);
  const after = (await userSnapshot(ctx, user, Number(r.blockNumber))).accountData;
  check(ts === planned.evaluatedAt, `${label}: executed at ${ts}, planned for ${planned.evaluatedAt}`);
  check(BigInt(after.healthFactor) >= target, `${label}: on-chain HF ${after.healthFactor} < target ${target}`);
  check(sameAccount(after, planned.after), `${label}: on-chain account data ${JSON.stringify(after)} != engine ${JSON.stringify(planned.after)}`);
}

const borrowers = deployment.borrowers;
if (borrowers.length < 6) throw new Error("need at least 6 seeded borrowers");
const stats = { repay: 0, supply: 0, unreachable: 0, liquidations: 0, prices: 0 };

// ---- repay on behalf ----------------------------------------------------------------------------
for (const b of borrowers.slice(0, Math.min(borrowers.length, 12))) {
  const { snapshot } = await userSnapshot(ctx, b.address);
  const debts = snapshot.user.positions.filter((p) => BigInt(p.scaledVariableDebt) > 0n);
  for (const d of debts) {
    const hf = BigInt((await userSnapshot(ctx, b.address)).accountData.healthFactor);
    const target = hf + hf / 10n + 10n ** 16n;  // 10% + 0.01 above the current HF
    const targetText = ethers.formatUnits(target, 18);
    const r = reserveBy(d.asset);
    await fund(payer, r.underlying, 10n ** BigInt(r.decimals + 12));
    const snap = await nextBlockSnapshot(b.address);
    const plan = cli(["plan", "--target-hf", targetText, "--action", "repay", "--asset", r.underlying], snap);
    if (plan.unreachable) { stats.unreachable++; continue; }
    plan.evaluatedAt = snap.timestamp;
    await verifyAction(`repay ${r.symbol} for ${b.address}`, b.address, plan, target,
      (amount) => send(payer, deployment.pool, POOL, "repay", [r.underlying, amount, 2, b.address]));
    stats.repay++;
  }
}

// ---- supply on behalf ---------------------------------------------------------------------------
for (const b of borrowers.slice(0, Math.min(borrowers.length, 12))) {
  for (const r of deployment.reserves.slice(0, 3)) {
    const hf = BigInt((await userSnapshot(ctx, b.address)).accountData.healthFactor);
    const target = hf + hf / 20n + 10n ** 16n;
    await fund(payer, r.underlying, 10n ** BigInt(r.decimals + 12));
    const snap = await nextBlockSnapshot(b.address);
    const plan = cli(["plan", "--target-hf", ethers.formatUnits(target, 18), "--action", "supply", "--asset", r.underlying], snap);
    if (plan.unreachable) { stats.unreachable++; continue; }
    plan.evaluatedAt = snap.timestamp;
    await verifyAction(`supply ${r.symbol} for ${b.address} (${plan.collateral})`, b.address, plan, target,
      (amount) => send(payer, deployment.pool, POOL, "supply", [r.underlying, amount, b.address, 0]));
    // The collateral flag on chain is what the engine said it would be.
    const cfg = BigInt((await userSnapshot(ctx, b.address)).snapshot.user.configuration);
    check(((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n, `supply ${r.symbol}: not collateral on chain though the engine said ${plan.collateral}`);
    stats.supply++;
    stats[plan.collateral] = (stats[plan.collateral] ?? 0) + 1;
  }
}

// ---- flash-loan deleverage, executed as its two pool legs in one block ---------------------------
// The flash loan and the swap happen off the pool; what the pool sees is repay(F) on behalf of the
// user and withdraw(W) by the user, in the same block. Both legs go into one block here (the payer
// repays, the impersonated user withdraws) and the result must be the engine's `after`, HF >= target,
// while F - 1 with its own smallest W misses the target.
async function deleverageLegs(user, debtAsset, collAsset, flash, withdraw) {
  const s = new Sender(url);
  await s.call(payer, deployment.pool, POOL, "repay", [debtAsset, flash, 2, user], { gas: 3000000 });
  await s.call(user, deployment.pool, POOL, "withdraw", [collAsset, withdraw, user], { gas: 3000000 });
  const receipts = await s.flush();
  check(receipts[0].blockNumber === receipts[1].blockNumber, "deleverage legs landed in different blocks");
  return receipts[1];
}

for (const b of borrowers.slice(24, Math.min(borrowers.length, 30))) {
  const { snapshot, accountData } = await userSnapshot(ctx, b.address);
  const cfg = BigInt(snapshot.user.configuration);
  const coll = snapshot.reserves.find((r) => ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n && ((cfg >> BigInt(2 * r.id)) & 1n) === 0n);
  const debt = snapshot.reserves.find((r) => ((cfg >> BigInt(2 * r.id)) & 1n) === 1n && ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 0n);
  if (!coll || !debt) continue;
  const cr = reserveBy(coll.asset), dr = reserveBy(debt.asset);
  await rpc(url, "hardhat_impersonateAccount", [b.address]);
  await fund(payer, dr.underlying, 10n ** BigInt(dr.decimals + 12));
  const hf = BigInt(accountData.healthFactor);
  const target = hf + hf / 20n + 10n ** 16n;
  const snap = await nextBlockSnapshot(b.address);
  // Market price 1% under the oracle ratio, 50 bps slippage, 10 bps fee, 9 bps premium.
  const price = (BigInt(coll.price) * WAD * 99n) / (BigInt(debt.price) * 100n);
  const plan = cli(["plan", "--target-hf", ethers.formatUnits(target, 18), "--action", "deleverage",
    "--asset", dr.underlying, "--collateral", cr.underlying, "--swap-price", ethers.formatUnits(price, 18),
    "--slippage-bps", "50", "--fee-bps", "10", "--premium-bps", "9"], snap);
  if (plan.unreachable) { stats.unreachable++; continue; }
  const F = BigInt(plan.flashAmountRaw), W = BigInt(plan.withdrawAmountRaw);
  // Independent check of the swap leg: out(W) covers F + premium + fee and out(W - 1) does not.
  const ceilDiv = (a, b) => (a + b - 1n) / b;
  const out = (w) => ((w * price * 10n ** BigInt(dr.decimals)) / (WAD * 10n ** BigInt(cr.decimals))) * 9950n / 10000n;
  // FlashLoanLogic premium: percentMul (half-up) up to 3.4, percentMulCeil from 3.5.
  const premium = (f) => (Number(deployment.revision.split(".")[1]) >= 5 ? ceilDiv(f * 9n, 10000n) : (f * 9n + 5000n) / 10000n);
  const need = (f) => f + premium(f) + ceilDiv(f * 10n, 10000n);
  check(BigInt(plan.premiumRaw) === premium(F), `deleverage premium ${plan.premiumRaw} != ${premium(F)}`);
  check(out(W) >= need(F) && out(W - 1n) < need(F), `deleverage: W ${W} is not the smallest cover of ${need(F)}`);
  const id = await rpc(url, "evm_snapshot");
  if (F > 1n) {
    const f1 = F - 1n;
    const w1 = ceilDiv(ceilDiv(need(f1) * 10000n, 9950n) * WAD * 10n ** BigInt(cr.decimals), price * 10n ** BigInt(dr.decimals));
    check(out(w1) >= need(f1) && out(w1 - 1n) < need(f1), "deleverage: W(F - 1) is not the smallest cover");
    const r = await deleverageLegs(b.address, dr.underlying, cr.underlying, f1, w1);
    const after = (await userSnapshot(ctx, b.address, Number(r.blockNumber))).accountData;
    check(BigInt(after.healthFactor) < target, `deleverage F - 1 already reaches the target (HF ${after.healthFactor})`);
  }
  await rpc(url, "evm_revert", [id]);
  const r = await deleverageLegs(b.address, dr.underlying, cr.underlying, F, W);
  check(await blockTimestamp(r) === snap.timestamp, "deleverage executed off the planned timestamp");
  const after = (await userSnapshot(ctx, b.address, Number(r.blockNumber))).accountData;
  check(BigInt(after.healthFactor) >= target, `deleverage: on-chain HF ${after.healthFactor} < target ${target}`);
  check(sameAccount(after, plan.after), `deleverage: chain ${JSON.stringify(after)} != engine ${JSON.stringify(plan.after)}`);
  stats.deleverage = (stats.deleverage ?? 0) + 1;
}

// ---- maximum safe withdrawal: the pool itself accepts W and rejects W + 1 (HF < 1) -----------------
for (const b of borrowers.slice(6, 12)) {
  const { snapshot } = await userSnapshot(ctx, b.address);
  const cfg = BigInt(snapshot.user.configuration);
  const coll = snapshot.reserves.find((r) => ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n);
  if (!coll || (cfg & 0x5555555555555555555555555555555555555555555555555555555555555555n) === 0n) continue;
  await rpc(url, "hardhat_impersonateAccount", [b.address]);
  const snap = await nextBlockSnapshot(b.address);
  const plan = cli(["plan", "--target-hf", "1", "--action", "withdraw", "--asset", coll.asset], snap);
  if (plan.unreachable) { stats.unreachable++; continue; }
  const W = BigInt(plan.amountRaw);
  const id = await rpc(url, "evm_snapshot");
  let rejected = false;
  try {
    const s = new Sender(url);
    await s.call(b.address, deployment.pool, POOL, "withdraw", [coll.asset, W + 1n, b.address], { gas: 3000000 });
    await s.flush();
  } catch (e) {
    rejected = /reverted/.test(e.message);
  }
  await rpc(url, "evm_revert", [id]);
  const s = new Sender(url);
  await s.call(b.address, deployment.pool, POOL, "withdraw", [coll.asset, W, b.address], { gas: 3000000 });
  const [r] = await s.flush();
  const after = (await userSnapshot(ctx, b.address, Number(r.blockNumber))).accountData;
  check(rejected, `withdraw: the pool accepted W + 1 = ${W + 1n} of ${coll.asset}`);
  check(BigInt(after.healthFactor) >= WAD, `withdraw: on-chain HF ${after.healthFactor} < 1`);
  check(sameAccount(after, plan.after), `withdraw: chain ${JSON.stringify(after)} != engine ${JSON.stringify(plan.after)}`);
  stats.withdraw = (stats.withdraw ?? 0) + 1;
}

// ---- liquidation price and liquidationCall ------------------------------------------------------
for (const b of borrowers.slice(12, Math.min(borrowers.length, 24))) {
  const { snapshot } = await userSnapshot(ctx, b.address);
  const cfg = BigInt(snapshot.user.configuration);
  const colls = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n
    && !(((cfg >> BigInt(2 * r.id)) & 1n) === 1n));
  const debts = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id)) & 1n) === 1n);
  if (colls.length === 0 || debts.length === 0) continue;
  const coll = colls[0];
  const debt = debts[0];
  await fund(liquidator, debt.asset, 10n ** BigInt(reserveBy(debt.asset).decimals + 12));
  // The liquidation price, evaluated for the block that sets it.
  const snap = await nextBlockSnapshot(b.address);
  const lp = cli(["liquidation-price", "--asset", coll.asset], snap);
  if (lp.liquidationPrice === null) continue;
  const p = BigInt(lp.liquidationPrice);
  const id = await rpc(url, "evm_snapshot");
  const above = await setPrice(ctx, coll.asset, p + 1n);
  const hfAbove = BigInt((await userSnapshot(ctx, b.address, Number(above.blockNumber))).accountData.healthFactor);
  check(hfAbove >= WAD, `liquidation price ${p} of ${coll.asset}: at p + 1 the chain's HF is ${hfAbove} < 1`);
  await rpc(url, "evm_revert", [id]);
  const atP = await setPrice(ctx, coll.asset, p);
  const atPData = (await userSnapshot(ctx, b.address, Number(atP.blockNumber))).accountData;
  check(BigInt(atPData.healthFactor) < WAD, `liquidation price ${p}: chain HF ${atPData.healthFactor} >= 1`);
  check(sameAccount(atPData, lp.atPrice), `liquidation price ${p}: chain ${JSON.stringify(atPData)} != engine ${JSON.stringify(lp.atPrice)}`);
  stats.prices++;

  // Push the price 3% lower and liquidate, once with half the debt and once with "max".
  await setPrice(ctx, coll.asset, (p * 97n) / 100n);
  for (const cover of ["half", "max"]) {
    const s2 = await nextBlockSnapshot(b.address);
    const cfg2 = BigInt(s2.user.configuration);
    if (((cfg2 >> BigInt(2 * coll.id + 1)) & 1n) === 0n || ((cfg2 >> BigInt(2 * debt.id)) & 1n) === 0n) break;
    const pos = s2.user.positions.find((x) => x.asset === debt.asset);
    const args = ["liquidation", "--collateral", coll.asset, "--debt", debt.asset];
    let coverRaw = ethers.MaxUint256;
    if (cover === "half") {
      coverRaw = BigInt(pos.scaledVariableDebt) / 2n;
      args.push("--debt-to-cover", ethers.formatUnits(coverRaw, reserveBy(debt.asset).decimals));
    }
    const q = cli(args, s2);
    if (!q.liquidatable) break;
    const receipt = await send(liquidator, deployment.pool, POOL, "liquidationCall", [coll.asset, debt.asset, b.address, coverRaw, false]);
    const ts = await blockTimestamp(receipt);
    check(ts === s2.timestamp, `liquidation executed at ${ts}, quoted for ${s2.timestamp}`);
    const ev = receipt.logs.map((l) => { try { return POOL.parseLog(l); } catch { return null; } }).find((x) => x && x.name === "LiquidationCall");
    check(ev !== undefined, "no LiquidationCall event");
    if (ev) {
      check(ev.args.debtToCover.toString() === q.debtRepaidRaw, `liquidation (${cover}): repaid ${ev.args.debtToCover} != engine ${q.debtRepaidRaw}`);
      check(ev.args.liquidatedCollateralAmount.toString() === q.liquidatorCollateralRaw,
        `liquidation (${cover}): seized ${ev.args.liquidatedCollateralAmount} != engine ${q.liquidatorCollateralRaw}`);
    }
    stats.liquidations++;
  }
}

const cap = await checkSupplyCap({ url, ctx, deployment, cli: CLI, tmp,
  isCapError: (data) => data.startsWith("0x08c379a0") && ethers.AbiCoder.defaultAbiCoder().decode(["string"], "0x" + data.slice(10))[0] === "51" });
stats.supplyCap = cap.checked;
stats.sentinel = (await checkSentinel({ url, ctx, deployment, cli: CLI, tmp })).blocked;
fs.rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ ...tally, ...stats }));
if (stats.supplyCap !== 1 || !(stats.sentinel > 0) || stats.repay < 5 || stats.supply < 5 || stats.liquidations < 2 || stats.prices < 2 || !(stats.deleverage >= 1) || !(stats.withdraw >= 2)) {
  console.error(`FAIL: too few cases exercised: ${JSON.stringify(stats)}`);
  process.exit(1);
}
process.exit(tally.failures === 0 ? 0 : 1);
