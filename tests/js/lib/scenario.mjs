// Scenario tools on a deployed test bed: seeded borrowers made with real Pool transactions, price
// moves, time travel, liquidations, repayments on behalf, and exact on-chain reads (dumpUser,
// userSnapshot). Every function takes ctx = { url, deployment } first; bind(ctx) gives the
// ctx-free forms (seedBorrowers(), setPrice(asset, price), ...).

import { ethers } from "ethers";
import { rpc, rpcBatch, toQuantity } from "./rpc.mjs";
import { Sender, iface, ethCall, BASE_CURRENCY_UNIT } from "./aave.mjs";
import { advanceTime as chainAdvanceTime } from "./chain.mjs";

const POOL = iface("Pool");
const TOKEN = iface("MintableERC20");
const ATOKEN = iface("AToken");
const VDEBT = iface("VariableDebtToken");
const SDEBT = iface("StableDebtToken");
const ORACLE = iface("AaveOracle");
// Pool getters of revisions 3.2+ (aave-v3-origin IPool); the 3.0 Pool artifact lacks them.
const EMODE_BITMAPS = new ethers.Interface([
  "function getEModeCategoryCollateralBitmap(uint8 id) view returns (uint128)",
  "function getEModeCategoryBorrowableBitmap(uint8 id) view returns (uint128)",
  "function getEModeCategoryLtvzeroBitmap(uint8 id) view returns (uint128)",
]);
const FALLBACK = iface("PriceOracle");
const VARIABLE = 2;

// Deterministic PRNG (splitmix64 over BigInt), independent of Math.random.
export function prng(seed) {
  let state = BigInt.asUintN(64, BigInt(seed) ^ 0x9e3779b97f4a7c15n);
  const next64 = () => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const float = () => Number(next64() >> 11n) / 2 ** 53;
  const int = (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)); // inclusive
  const pick = (arr, k) => {
    const a = [...arr];
    for (let i = a.length - 1; i > 0; i--) { const j = int(0, i); [a[i], a[j]] = [a[j], a[i]]; }
    return a.slice(0, k);
  };
  return { next64, float, int, pick };
}

export function borrowerKey(seed, i) {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["string", "uint256", "uint256"], ["liquidbot-borrower", BigInt(seed), BigInt(i)]));
}

const reserveOf = (ctx, asset) => {
  const r = ctx.deployment.reserves.find((x) => x.underlying.toLowerCase() === asset.toLowerCase() || x.symbol === asset);
  if (!r) throw new Error(`unknown reserve ${asset}`);
  return r;
};

// Current prices (base units) of all reserves, from the AaveOracle.
async function prices(ctx) {
  const d = ctx.deployment;
  const ps = await ethCall(ctx.url, d.oracle, ORACLE, "getAssetsPrices", [d.reserves.map((r) => r.underlying)]);
  return new Map(d.reserves.map((r, i) => [r.underlying, ps[i]]));
}

// Plans and executes N borrowers. Mix: ~25% eMode 1 (ETH-correlated) users; 1-3 collaterals;
// 1-2 debts; ~20% of multi-collateral users with one collateral disabled; borrowing 50-97% of
// their LTV capacity. Appends { address, privateKey, ... } to ctx.deployment.borrowers.
export async function seedBorrowers(ctx, { count = 200, seed = 1 } = {}) {
  const d = ctx.deployment;
  const rng = prng(seed);
  const price = await prices(ctx);
  const lp = d.accounts[1].address;
  const eMode = d.eModes[0];
  const eAssets = d.reserves.filter((r) => eMode.assets.includes(r.underlying));
  const plans = [];
  const start = d.borrowers.length;
  for (let i = 0; i < count; i++) {
    const privateKey = borrowerKey(seed, start + i);
    const address = new ethers.Wallet(privateKey).address;
    const useEMode = rng.float() < 0.25;
    const pool = useEMode ? eAssets : d.reserves;
    const collaterals = rng.pick(pool, rng.int(1, Math.min(3, pool.length))).map((r) => {
      const valueBase = BigInt(rng.int(1000, 100000)) * BASE_CURRENCY_UNIT + BigInt(rng.int(0, 99999999));
      return { r, amount: (valueBase * 10n ** BigInt(r.decimals)) / price.get(r.underlying) };
    });
    const disabled = collaterals.length >= 2 && rng.float() < 0.2 ? collaterals[rng.int(0, collaterals.length - 1)].r : null;
    let capacity = 0n; // base units * 1e4
    for (const c of collaterals) {
      if (c.r === disabled) continue;
      const ltv = BigInt(useEMode ? eMode.ltv : c.r.ltv);
      capacity += ((c.amount * price.get(c.r.underlying)) / 10n ** BigInt(c.r.decimals)) * ltv;
    }
    const debtAssets = rng.pick(useEMode ? eAssets : d.reserves, rng.int(1, 2));
    const target = (capacity * BigInt(rng.int(5000, 9700))) / 10000n / 10000n; // base units
    const weights = debtAssets.map(() => rng.int(1, 100));
    const wsum = weights.reduce((a, b) => a + b, 0);
    const debts = debtAssets.map((r, k) => ({
      r, amount: (((target * BigInt(weights[k])) / BigInt(wsum)) * 10n ** BigInt(r.decimals)) / price.get(r.underlying),
    })).filter((x) => x.amount > 0n);
    plans.push({ address, privateKey, useEMode, collaterals, disabled, debts });
  }

  await rpcBatch(ctx.url, plans.flatMap((p) => [
    ["hardhat_impersonateAccount", [p.address]],
    ["hardhat_setBalance", [p.address, toQuantity(10n ** 20n)]],
  ]));
  const s = new Sender(ctx.url);
  const totals = new Map();
  for (const p of plans) for (const c of p.collaterals) totals.set(c.r, (totals.get(c.r) ?? 0n) + c.amount);
  for (const [r, amount] of totals) await s.call(lp, r.underlying, TOKEN, "mint(uint256)", [amount]);
  for (const p of plans) {
    for (const c of p.collaterals) await s.call(lp, d.pool, POOL, "supply", [c.r.underlying, c.amount, p.address, 0], { gas: 1000000 });
    if (p.useEMode) await s.call(p.address, d.pool, POOL, "setUserEMode", [eMode.id], { gas: 1000000 });
  }
  await s.flush();
  for (const p of plans) if (p.disabled) await s.call(p.address, d.pool, POOL, "setUserUseReserveAsCollateral", [p.disabled.underlying, false], { gas: 1000000 });
  await s.flush();
  for (const p of plans) for (const b of p.debts) await s.call(p.address, d.pool, POOL, "borrow", [b.r.underlying, b.amount, VARIABLE, 0, p.address], { gas: 1500000 });
  await s.flush();

  const made = plans.map((p) => ({
    address: p.address, privateKey: p.privateKey, eModeCategory: p.useEMode ? eMode.id : 0,
    collateral: p.collaterals.map((c) => ({ symbol: c.r.symbol, amount: c.amount.toString(), enabled: c.r !== p.disabled })),
    debt: p.debts.map((b) => ({ symbol: b.r.symbol, amount: b.amount.toString() })),
  }));
  d.borrowers.push(...made);
  return made;
}

// Sets the fallback-oracle price (base units, USD*1e8) of a reserve (address or symbol) in one block.
export async function setPrice(ctx, asset, price) {
  const r = reserveOf(ctx, asset);
  const s = new Sender(ctx.url);
  await s.call(ctx.deployment.accounts[0].address, ctx.deployment.fallbackOracle, FALLBACK, "setAssetPrice", [r.underlying, BigInt(price)]);
  return (await s.flush())[0];
}

export const advanceTime = (ctx, seconds) => chainAdvanceTime(ctx.url, seconds);

async function sendAs(ctx, from, to, ifc, fn, args) {
  await rpc(ctx.url, "hardhat_impersonateAccount", [from]);
  const s = new Sender(ctx.url);
  await s.call(from, to, ifc, fn, args, { gas: 3000000 });
  return (await s.flush())[0];
}

// Mints `amount` of the asset to `from` and approves the Pool (test tokens only).
async function fund(ctx, from, r, amount) {
  const s = new Sender(ctx.url);
  await rpc(ctx.url, "hardhat_impersonateAccount", [from]);
  await s.call(from, r.underlying, TOKEN, "mint(uint256)", [amount]);
  await s.call(from, r.underlying, TOKEN, "approve", [ctx.deployment.pool, ethers.MaxUint256]);
  await s.flush();
}

// liquidationCall by `liquidator` (default: test account 2). debtToCover may be MaxUint256 ("max").
export async function liquidate(ctx, { user, collateral, debt, debtToCover, receiveAToken = false, liquidator }) {
  const col = reserveOf(ctx, collateral);
  const dbt = reserveOf(ctx, debt);
  const from = liquidator ?? ctx.deployment.accounts[2].address;
  const cover = debtToCover === undefined || debtToCover === "max" ? ethers.MaxUint256 : BigInt(debtToCover);
  const owed = await ethCall(ctx.url, dbt.variableDebtToken, VDEBT, "balanceOf", [user]);
  await fund(ctx, from, dbt, owed + 1n);
  return sendAs(ctx, from, ctx.deployment.pool, POOL, "liquidationCall", [col.underlying, dbt.underlying, user, cover, receiveAToken]);
}

// Repays variable debt of `user` from `payer` (default: test account 1). amount may be "max".
export async function repayOnBehalf(ctx, { user, asset, amount, payer }) {
  const r = reserveOf(ctx, asset);
  const from = payer ?? ctx.deployment.accounts[1].address;
  const owed = await ethCall(ctx.url, r.variableDebtToken, VDEBT, "balanceOf", [user]);
  const amt = amount === undefined || amount === "max" ? ethers.MaxUint256 : BigInt(amount);
  await fund(ctx, from, r, (amt === ethers.MaxUint256 ? owed : amt) + 1n);
  return sendAs(ctx, from, ctx.deployment.pool, POOL, "repay", [r.underlying, amt, VARIABLE, user]);
}

async function blockAt(url, blockTag) {
  const b = await rpc(url, "eth_getBlockByNumber", [typeof blockTag === "number" || typeof blockTag === "bigint" ? toQuantity(blockTag) : blockTag ?? "latest", false]);
  if (!b) throw new Error(`no block ${blockTag}`);
  return { number: Number(b.number), timestamp: Number(b.timestamp) };
}

// Runs eth_calls [[to, iface, fn, args], ...] at one block in one JSON-RPC batch.
async function callsAt(url, calls, blockNumber) {
  const raw = await rpcBatch(url, calls.map(([to, ifc, fn, args]) => ["eth_call", [{ to, data: ifc.encodeFunctionData(fn, args ?? []) }, toQuantity(blockNumber)]]));
  return raw.map((data, i) => {
    const r = calls[i][1].decodeFunctionResult(calls[i][2], data);
    return r.length === 1 ? r[0] : r;
  });
}

const accountDataObject = (a) => ({
  totalCollateralBase: a[0].toString(), totalDebtBase: a[1].toString(), availableBorrowsBase: a[2].toString(),
  currentLiquidationThreshold: a[3].toString(), ltv: a[4].toString(), healthFactor: a[5].toString(),
});

// The engine's snapshot of `user` at one block, plus getUserAccountData at that block.
// Returns { blockNumber, snapshot, accountData }.
// Revisions 3.2+ (the `--aave 3.6` bed) have no stable-debt tokens (the deployment lists the zero
// address) and give eModes collateral/borrowable bitmaps (3.6: also ltv-zero) instead of a price
// source; the snapshot carries what its revision's format requires (docs/snapshot-format.md).
export async function userSnapshot(ctx, user, blockTag = "latest") {
  const d = ctx.deployment;
  const legacy = d.revision === "3.0" || d.revision === "3.1";
  const block = await blockAt(ctx.url, blockTag);
  const list = await callsAt(ctx.url, [[d.pool, POOL, "getReservesList"]], block.number).then((x) => x[0]);
  const eIds = d.eModes.map((e) => e.id);
  const head = [
    [d.pool, POOL, "getUserConfiguration", [user]],
    [d.pool, POOL, "getUserEMode", [user]],
    [d.pool, POOL, "getUserAccountData", [user]],
    ...eIds.map((id) => [d.pool, POOL, "getEModeCategoryData", [id]]),
    ...(legacy ? [] : eIds.flatMap((id) => [[d.pool, EMODE_BITMAPS, "getEModeCategoryCollateralBitmap", [id]],
      [d.pool, EMODE_BITMAPS, "getEModeCategoryBorrowableBitmap", [id]],
      ...(d.revision === "3.6" ? [[d.pool, EMODE_BITMAPS, "getEModeCategoryLtvzeroBitmap", [id]]] : [])])),
  ];
  const bitmapCalls = legacy ? 0 : d.revision === "3.6" ? 3 : 2;
  const perReserve = list.flatMap((asset) => {
    const r = reserveOf(ctx, asset);
    const stable = r.stableDebtToken && r.stableDebtToken !== ethers.ZeroAddress;
    if (legacy && !stable) throw new Error(`userSnapshot: revision ${d.revision} reserve ${r.symbol} has no stable-debt token`);
    return [
      [d.pool, POOL, "getReserveData", [asset]],
      [d.oracle, ORACLE, "getAssetPrice", [asset]],
      [r.aToken, ATOKEN, "scaledBalanceOf", [user]],
      [r.variableDebtToken, VDEBT, "scaledBalanceOf", [user]],
      ...(legacy ? [[r.stableDebtToken, SDEBT, "principalBalanceOf", [user]],
        [r.stableDebtToken, SDEBT, "getUserStableRate", [user]],
        [r.stableDebtToken, SDEBT, "getUserLastUpdated", [user]]] : []),
    ];
  });
  const perReserveCalls = legacy ? 7 : 4;
  const res = await callsAt(ctx.url, [...head, ...perReserve], block.number);
  const [config, userEMode, account] = res;
  const eData = res.slice(3, 3 + eIds.length);
  const bitmaps = res.slice(3 + eIds.length, 3 + eIds.length * (1 + bitmapCalls));
  const eModes = [];
  for (let k = 0; k < eIds.length; k++) {
    const e = eData[k];
    const common = { id: eIds[k], ltv: Number(e.ltv), liquidationThreshold: Number(e.liquidationThreshold),
      liquidationBonus: Number(e.liquidationBonus) };
    if (!legacy) {
      const [collateral, borrowable, ltvzero] = bitmaps.slice(k * bitmapCalls, (k + 1) * bitmapCalls);
      eModes.push({ ...common, collateralBitmap: collateral.toString(), borrowableBitmap: borrowable.toString(),
        ...(ltvzero !== undefined ? { ltvzeroBitmap: ltvzero.toString() } : {}) });
      continue;
    }
    const price = e.priceSource === ethers.ZeroAddress ? 0n
      : (await callsAt(ctx.url, [[d.oracle, ORACLE, "getAssetPrice", [e.priceSource]]], block.number))[0];
    eModes.push({ ...common, priceSource: e.priceSource, price: price.toString() });
  }
  const reserves = [];
  const positions = [];
  list.forEach((asset, i) => {
    const [rd, price, sa, sv, ps = 0n, sr = 0n, su = 0n] = res.slice(head.length + i * perReserveCalls, head.length + (i + 1) * perReserveCalls);
    reserves.push({ asset, id: Number(rd.id), configuration: rd.configuration.data.toString(),
      liquidityIndex: rd.liquidityIndex.toString(), currentLiquidityRate: rd.currentLiquidityRate.toString(),
      variableBorrowIndex: rd.variableBorrowIndex.toString(), currentVariableBorrowRate: rd.currentVariableBorrowRate.toString(),
      lastUpdateTimestamp: Number(rd.lastUpdateTimestamp), price: price.toString() });
    if (sa !== 0n || sv !== 0n || ps !== 0n) {
      positions.push({ asset, scaledATokenBalance: sa.toString(), scaledVariableDebt: sv.toString(),
        ...(legacy ? { principalStableDebt: ps.toString(), stableRate: sr.toString(), stableLastUpdated: Number(su) } : {}) });
    }
  });
  return {
    blockNumber: block.number,
    snapshot: {
      format: "liquidbot.snapshot/1", revision: d.revision, timestamp: block.timestamp,
      baseCurrencyUnit: d.baseCurrencyUnit, reserves, eModes,
      user: { address: ethers.getAddress(user), configuration: config.data.toString(), eModeCategory: Number(userEMode), positions },
    },
    accountData: accountDataObject(account),
  };
}

// Human-oriented on-chain dump of a user: snapshot plus actual balances and reserve details.
export async function dumpUser(ctx, user, blockTag = "latest") {
  const { blockNumber, snapshot, accountData } = await userSnapshot(ctx, user, blockTag);
  const balances = [];
  for (const p of snapshot.user.positions) {
    const r = reserveOf(ctx, p.asset);
    const [aBal, vBal] = await callsAt(ctx.url, [[r.aToken, ATOKEN, "balanceOf", [user]], [r.variableDebtToken, VDEBT, "balanceOf", [user]]], blockNumber);
    const bit = BigInt(r.id) * 2n;
    const cfg = BigInt(snapshot.user.configuration);
    balances.push({ symbol: r.symbol, asset: r.underlying, aTokenBalance: aBal.toString(), variableDebt: vBal.toString(),
      borrowing: ((cfg >> bit) & 1n) === 1n, usingAsCollateral: ((cfg >> (bit + 1n)) & 1n) === 1n, ...p });
  }
  return { blockNumber, user: snapshot.user.address, eModeCategory: snapshot.user.eModeCategory,
    configuration: snapshot.user.configuration, accountData, balances, reserves: snapshot.reserves, eModes: snapshot.eModes };
}

export async function accountData(ctx, user, blockTag = "latest") {
  const b = await blockAt(ctx.url, blockTag);
  return accountDataObject((await callsAt(ctx.url, [[ctx.deployment.pool, POOL, "getUserAccountData", [user]]], b.number))[0]);
}

// ctx-free forms of the above.
export function bind(ctx) {
  return {
    ctx,
    seedBorrowers: (opts) => seedBorrowers(ctx, opts),
    setPrice: (asset, price) => setPrice(ctx, asset, price),
    advanceTime: (seconds) => advanceTime(ctx, seconds),
    liquidate: (opts) => liquidate(ctx, opts),
    repayOnBehalf: (opts) => repayOnBehalf(ctx, opts),
    dumpUser: (user, blockTag) => dumpUser(ctx, user, blockTag),
    userSnapshot: (user, blockTag) => userSnapshot(ctx, user, blockTag),
    accountData: (user, blockTag) => accountData(ctx, user, blockTag),
  };
}
