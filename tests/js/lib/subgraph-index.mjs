// Indexer for the subgraph stand-in: builds the Aave V3 subgraph entities (same ids, field names and
// units as aave/protocol-subgraphs, see tests/README.md) from the chain's state at one block. Users
// are discovered from Pool events and aToken transfers; balances, indexes, configuration and prices
// are read exactly at that block through Multicall3.

import { ethers } from "ethers";
import { rpc, rpcBatch, toQuantity } from "./rpc.mjs";
import { iface } from "./aave.mjs";

const POOL = iface("Pool");
const ATOKEN = iface("AToken");
const VDEBT = iface("VariableDebtToken");
const SDEBT = iface("StableDebtToken");
const ORACLE = iface("AaveOracle");
const FALLBACK = iface("PriceOracle");
const ERC20 = iface("MintableERC20");
const MULTICALL = new ethers.Interface([
  "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
]);
const TRANSFER_TOPIC = ethers.id("Transfer(address,address,uint256)");
const USER_ARGS = ["user", "onBehalfOf"];

const bits = (v, from, count) => (v >> BigInt(from)) & ((1n << BigInt(count)) - 1n);
const lc = (a) => a.toLowerCase();

export class Indexer {
  constructor({ rpcUrl, deployment }) {
    this.url = rpcUrl;
    this.d = deployment;
    this.poolId = lc(deployment.poolAddressesProvider);
    this.scanned = -1; // last block whose logs are in this.touches
    this.touches = []; // { block, user, reserve|null }
    this.priceEvents = []; // { block, asset }
    this.blockTimes = new Map();
    this.cache = new Map(); // block number -> snapshot (lazily loaded groups)
    this.userCache = new Map(); // user|lastEventBlock -> { config, eMode, balances }
  }

  async head() {
    return Number(await rpc(this.url, "eth_blockNumber"));
  }

  // Log scans are serialised so that concurrent snapshot builds never record an event twice.
  scanTo(block) {
    this.scanQueue = (this.scanQueue ?? Promise.resolve()).then(() => this.scanOnce(block), () => this.scanOnce(block));
    return this.scanQueue;
  }

  async scanOnce(block) {
    if (block <= this.scanned) return;
    const from = this.scanned + 1;
    const addresses = [this.d.pool, this.d.fallbackOracle, ...this.d.reserves.flatMap((r) => [r.aToken, r.variableDebtToken, r.stableDebtToken])];
    const logs = await rpc(this.url, "eth_getLogs", [{ fromBlock: toQuantity(from), toBlock: toQuantity(block), address: addresses }]);
    const aTokens = new Map(this.d.reserves.flatMap((r) => [r.aToken, r.variableDebtToken, r.stableDebtToken].map((t) => [lc(t), lc(r.underlying)])));
    for (const log of logs) {
      const n = Number(log.blockNumber);
      const addr = lc(log.address);
      if (addr === lc(this.d.pool)) {
        let ev;
        try { ev = POOL.parseLog(log); } catch { continue; }
        if (!ev) continue;
        const reserve = ["reserve", "collateralAsset"].map((k) => ev.args[k]).find((x) => x !== undefined);
        for (const k of USER_ARGS) {
          if (ev.fragment.inputs.some((i) => i.name === k)) this.touches.push({ block: n, user: lc(ev.args[k]), reserve: reserve ? lc(reserve) : null });
        }
        if (ev.name === "LiquidationCall") this.touches.push({ block: n, user: lc(ev.args.user), reserve: lc(ev.args.debtAsset) });
      } else if (addr === lc(this.d.fallbackOracle)) {
        let ev;
        try { ev = FALLBACK.parseLog(log); } catch { continue; }
        if (ev && ev.name === "AssetPriceUpdated") this.priceEvents.push({ block: n, asset: lc(ev.args.asset) });
      } else if (aTokens.has(addr) && log.topics[0] === TRANSFER_TOPIC) {
        for (const t of [log.topics[1], log.topics[2]]) {
          const a = lc(ethers.getAddress("0x" + t.slice(26)));
          if (a !== lc(ethers.ZeroAddress)) this.touches.push({ block: n, user: a, reserve: aTokens.get(addr) });
        }
      }
    }
    this.scanned = block;
  }

  async timestamps(blocks) {
    const missing = [...new Set(blocks)].filter((b) => !this.blockTimes.has(b));
    const res = await rpcBatch(this.url, missing.map((b) => ["eth_getBlockByNumber", [toQuantity(b), false]]));
    res.forEach((b, i) => this.blockTimes.set(missing[i], { timestamp: Number(b.timestamp), hash: b.hash }));
    return blocks.map((b) => this.blockTimes.get(b));
  }

  async multicall(calls, block) {
    const out = [];
    // Chunks of 300: EDR's time per sub-call grows with the size of one aggregate3.
    for (let i = 0; i < calls.length; i += 300) {
      const chunk = calls.slice(i, i + 300);
      const data = MULTICALL.encodeFunctionData("aggregate3", [chunk.map(([to, ifc, fn, args]) => ({ target: to, allowFailure: false, callData: ifc.encodeFunctionData(fn, args ?? []) }))]);
      const raw = await rpc(this.url, "eth_call", [{ to: this.d.multicall3, data, gas: toQuantity(1_000_000_000) }, toQuantity(block)]);
      const results = MULTICALL.decodeFunctionResult("aggregate3", raw)[0];
      results.forEach((r, k) => {
        const [, ifc, fn] = chunk[k];
        const dec = ifc.decodeFunctionResult(fn, r.returnData);
        out.push(dec.length === 1 ? dec[0] : dec);
      });
    }
    return out;
  }

  // The entities at `block`, loaded per group on first use: snap.load(type) resolves when
  // snap[type] is filled. Reserve-level entities cost a few dozen calls; users are read per user and
  // cached by (user, block of the user's last event), since scaled balances, the configuration bitmap
  // and the eMode only change through events.
  snapshot(block) {
    if (!this.cache.has(block)) {
      this.cache.set(block, this.makeSnapshot(block));
      if (this.cache.size > 64) this.cache.delete(this.cache.keys().next().value);
    }
    return this.cache.get(block);
  }

  makeSnapshot(block) {
    const groups = new Map();
    const snap = {
      block: null,
      load: (type) => {
        const g = ["User", "UserReserve"].includes(type) ? "users" : "core";
        if (!groups.has(g)) {
          const p = (g === "core" ? this.buildCore(block, snap) : snap.load("Reserve").then(() => this.buildUsers(block, snap)));
          groups.set(g, p.then(() => snap));
          p.catch(() => groups.delete(g));
        }
        return groups.get(g);
      },
    };
    snap.ready = this.timestamps([block]).then(([t]) => { snap.block = { number: block, ...t }; return snap; });
    return snap;
  }

  async buildCore(block, snap) {
    const d = this.d;
    const res = d.reserves;
    const { timestamp } = (await this.timestamps([block]))[0];
    await this.scanTo(Math.max(block, this.scanned));
    const reserveCalls = res.flatMap((r) => [
      [d.pool, POOL, "getReserveData", [r.underlying]],
      [d.oracle, ORACLE, "getAssetPrice", [r.underlying]],
      [r.aToken, ATOKEN, "totalSupply"],
      [r.variableDebtToken, VDEBT, "scaledTotalSupply"],
      [r.variableDebtToken, VDEBT, "totalSupply"],
      [r.stableDebtToken, SDEBT, "totalSupply"],
      [r.underlying, ERC20, "balanceOf", [r.aToken]],
    ]);
    const PER_RESERVE = 7;
    const eModeCalls = d.eModes.map((e) => [d.pool, POOL, "getEModeCategoryData", [e.id]]);
    const out = await this.multicall([...reserveCalls, ...eModeCalls], block);
    const priceBlocks = this.priceEvents.filter((p) => p.block <= block);
    await this.timestamps(priceBlocks.map((p) => p.block));
    Object.assign(snap, { Pool: [], Reserve: [], SubToken: [], PriceOracle: [], PriceOracleAsset: [], EModeCategory: [], EModeCategoryConfig: [] });
    snap.Pool.push({ id: this.poolId, pool: lc(d.pool), poolConfigurator: lc(d.poolConfigurator), proxyPriceProvider: lc(d.oracle),
      poolDataProviderImpl: lc(d.dataProvider), active: true, paused: false, lastUpdateTimestamp: timestamp });
    snap.PriceOracle.push({ id: "1", proxyPriceProvider: lc(d.oracle), fallbackPriceOracle: lc(d.fallbackOracle),
      baseCurrency: lc(ethers.ZeroAddress), baseCurrencyUnit: BigInt(d.baseCurrencyUnit), usdPriceEth: 0n,
      usdPriceEthMainSource: lc(ethers.ZeroAddress), usdPriceEthFallbackRequired: false, lastUpdateTimestamp: timestamp });
    res.forEach((r, i) => {
      const [rd, price, aSupply, vScaled, vTotal, sTotal, liquidity] = out.slice(i * PER_RESERVE, (i + 1) * PER_RESERVE);
      const cfg = rd.configuration.data;
      const asset = lc(r.underlying);
      const lastPrice = priceBlocks.filter((p) => p.asset === asset).map((p) => p.block).pop();
      snap.PriceOracleAsset.push({ id: asset, oracle: "1", priceSource: lc(ethers.ZeroAddress), isFallbackRequired: true,
        priceInEth: price, lastUpdateTimestamp: lastPrice === undefined ? 0 : this.blockTimes.get(lastPrice).timestamp });
      for (const addr of [r.aToken, r.variableDebtToken, r.stableDebtToken]) {
        snap.SubToken.push({ id: lc(addr), pool: this.poolId, underlyingAssetAddress: asset, underlyingAssetDecimals: r.decimals });
      }
      const eModeId = Number(bits(cfg, 168, 8));
      snap.Reserve.push({
        id: asset + this.poolId, underlyingAsset: asset, pool: this.poolId, symbol: r.symbol, name: r.name, decimals: Number(bits(cfg, 48, 8)),
        usageAsCollateralEnabled: bits(cfg, 16, 16) !== 0n, borrowingEnabled: bits(cfg, 58, 1) === 1n,
        stableBorrowRateEnabled: bits(cfg, 59, 1) === 1n, isActive: bits(cfg, 56, 1) === 1n, isFrozen: bits(cfg, 57, 1) === 1n,
        isPaused: bits(cfg, 60, 1) === 1n, isDropped: false, borrowableInIsolation: bits(cfg, 61, 1) === 1n,
        siloedBorrowing: bits(cfg, 62, 1) === 1n, flashLoanEnabled: bits(cfg, 63, 1) === 1n,
        baseLTVasCollateral: bits(cfg, 0, 16), reserveLiquidationThreshold: bits(cfg, 16, 16), reserveLiquidationBonus: bits(cfg, 32, 16),
        reserveFactor: bits(cfg, 64, 16), borrowCap: bits(cfg, 80, 36), supplyCap: bits(cfg, 116, 36),
        liquidationProtocolFee: bits(cfg, 152, 16), unbackedMintCap: bits(cfg, 176, 36), debtCeiling: bits(cfg, 212, 40),
        eMode: eModeId === 0 ? null : String(eModeId),
        liquidityIndex: rd.liquidityIndex, variableBorrowIndex: rd.variableBorrowIndex, liquidityRate: rd.currentLiquidityRate,
        variableBorrowRate: rd.currentVariableBorrowRate, stableBorrowRate: rd.currentStableBorrowRate,
        lastUpdateTimestamp: Number(rd.lastUpdateTimestamp), accruedToTreasury: rd.accruedToTreasury, unbacked: rd.unbacked,
        isolationModeTotalDebt: rd.isolationModeTotalDebt, totalATokenSupply: aSupply, totalScaledVariableDebt: vScaled,
        totalCurrentVariableDebt: vTotal, totalPrincipalStableDebt: sTotal, availableLiquidity: liquidity,
        price: asset, aToken: lc(r.aToken), vToken: lc(r.variableDebtToken), sToken: lc(r.stableDebtToken),
        reserveInterestRateStrategy: lc(rd.interestRateStrategyAddress),
      });
    });
    const eBase = res.length * PER_RESERVE;
    d.eModes.forEach((e, k) => {
      const c = out[eBase + k];
      snap.EModeCategory.push({ id: String(e.id), ltv: BigInt(c.ltv), liquidationThreshold: BigInt(c.liquidationThreshold),
        liquidationBonus: BigInt(c.liquidationBonus), oracle: lc(c.priceSource), label: c.label });
      for (const r of snap.Reserve.filter((x) => x.eMode === String(e.id))) {
        snap.EModeCategoryConfig.push({ id: r.underlyingAsset + e.id, category: String(e.id), asset: r.underlyingAsset, reserve: r.id,
          collateral: true, borrowable: true });
      }
    });
  }

  async buildUsers(block, snap) {
    const d = this.d;
    const res = d.reserves;
    const lastTouch = new Map(); // user -> last block with an event for the user
    const touchedReserve = new Map(); // user|reserve -> last block
    for (const t of this.touches) {
      if (t.block > block) continue;
      lastTouch.set(t.user, Math.max(lastTouch.get(t.user) ?? 0, t.block));
      if (t.reserve) touchedReserve.set(`${t.user}|${t.reserve}`, Math.max(touchedReserve.get(`${t.user}|${t.reserve}`) ?? 0, t.block));
    }
    const users = [...lastTouch.keys()].sort();
    const stale = users.filter((u) => !this.userCache.has(`${u}|${lastTouch.get(u)}`));
    // Stable borrowing is read per user only where a stable debt token has any supply. Balances are
    // read only in the reserves a user's events touched: every balance change emits one (Supply,
    // Borrow, Repay, Withdraw, LiquidationCall, aToken Transfer), so the others are zero.
    const stableReserves = new Set(res.filter((r) => snap.Reserve.find((x) => x.underlyingAsset === lc(r.underlying)).totalPrincipalStableDebt !== 0n));
    const touchedOf = (u) => res.filter((r) => touchedReserve.has(`${u}|${lc(r.underlying)}`));
    const perUserCalls = (u) => [
      [d.pool, POOL, "getUserConfiguration", [u]],
      [d.pool, POOL, "getUserEMode", [u]],
      ...touchedOf(u).flatMap((r) => [
        [r.aToken, ATOKEN, "scaledBalanceOf", [u]], [r.variableDebtToken, VDEBT, "scaledBalanceOf", [u]],
        ...(stableReserves.has(r) ? [
          [r.stableDebtToken, SDEBT, "principalBalanceOf", [u]], [r.stableDebtToken, SDEBT, "balanceOf", [u]],
          [r.stableDebtToken, SDEBT, "getUserStableRate", [u]], [r.stableDebtToken, SDEBT, "getUserLastUpdated", [u]],
        ] : []),
      ]),
    ];
    const out = await this.multicall(stale.flatMap(perUserCalls), block);
    let at = 0;
    for (const u of stale) {
      const config = out[at].data;
      const eMode = Number(out[at + 1]);
      at += 2;
      const read = new Map();
      for (const r of touchedOf(u)) {
        const sa = out[at];
        const sv = out[at + 1];
        at += 2;
        let stable = [0n, 0n, 0n, 0n];
        if (stableReserves.has(r)) {
          stable = out.slice(at, at + 4);
          at += 4;
        }
        read.set(r, { sa, sv, stable });
      }
      this.userCache.set(`${u}|${lastTouch.get(u)}`, {
        config, eMode, balances: res.map((r) => read.get(r) ?? { sa: 0n, sv: 0n, stable: [0n, 0n, 0n, 0n] }),
      });
    }
    await this.timestamps([...touchedReserve.values()]);
    const reserveById = new Map(snap.Reserve.map((r) => [r.underlyingAsset, r]));
    snap.User = [];
    snap.UserReserve = [];
    for (const u of users) {
      const { config, eMode, balances } = this.userCache.get(`${u}|${lastTouch.get(u)}`);
      let borrowed = 0;
      res.forEach((r, i) => {
        const { sa, sv, stable: [ps, cs, sr, su] } = balances[i];
        const asset = lc(r.underlying);
        const reserve = reserveById.get(asset);
        const touched = touchedReserve.get(`${u}|${asset}`);
        if (touched === undefined && sa === 0n && sv === 0n && ps === 0n) return;
        if (sv !== 0n || ps !== 0n) borrowed++;
        // current* balances as the subgraph keeps them: scaled balance times the reserve's stored index.
        const ca = rayMul(sa, reserve.liquidityIndex);
        const cv = rayMul(sv, reserve.variableBorrowIndex);
        snap.UserReserve.push({
          id: u + asset + this.poolId, pool: this.poolId, reserve: reserve.id, user: u,
          usageAsCollateralEnabledOnUser: bits(config, r.id * 2 + 1, 1) === 1n,
          scaledATokenBalance: sa, currentATokenBalance: ca, scaledVariableDebt: sv, currentVariableDebt: cv,
          principalStableDebt: ps, currentStableDebt: cs, currentTotalDebt: cv + cs, stableBorrowRate: sr, oldStableBorrowRate: 0n,
          liquidityRate: reserve.liquidityRate, variableBorrowIndex: reserve.variableBorrowIndex,
          stableBorrowLastUpdateTimestamp: Number(su), lastUpdateTimestamp: touched === undefined ? 0 : this.blockTimes.get(touched).timestamp,
        });
      });
      snap.User.push({ id: u, borrowedReservesCount: borrowed, eModeCategoryId: eMode === 0 ? null : String(eMode),
        unclaimedRewards: 0n, lifetimeRewards: 0n, incentivesLastUpdated: 0 });
    }
  }
}

const RAY = 10n ** 27n;
const rayMul = (a, b) => (a * b + RAY / 2n) / RAY;
