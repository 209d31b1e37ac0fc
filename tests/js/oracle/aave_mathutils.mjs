// SPDX-License-Identifier: MIT
// @aave/math-utils 1.38.0 as an oracle for liquidbot snapshots: builds formatReserves /
// formatUserSummary inputs from a liquidbot.snapshot/1 (aave-v3.md §5.3: base-2 bitmaps,
// originalId = reserve id, marketReferenceCurrencyDecimals 8) and reads back the health factor.
// Usage: node aave_mathutils.mjs --seed S --count N --out FILE
//   writes {"vectors":[{"snapshot": "<json>", "healthFactor": "<decimal or -1>"}]} for random,
//   realistic 3.6 users (several collaterals and debts, eMode users, disabled collateral).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { arg, xorshift64 } from './common.mjs';

const require = createRequire(new URL('../package.json', import.meta.url));
const { formatReserves, formatUserSummary } = require('@aave/math-utils');

const bits = (decimal) => BigInt(decimal).toString(2).padStart(256, '0');

/// Converts a snapshot's market to formatReserves input and formats it once (per market).
export function formatMarket(s) {
  const unit = s.baseCurrencyUnit;
  const reserves = s.reserves.map((r) => {
    const conf = BigInt(r.configuration);
    const field = (shift, width) => ((conf >> BigInt(shift)) & ((1n << BigInt(width)) - 1n)).toString();
    return {
      id: `${r.asset.toLowerCase()}-${r.id}`, originalId: r.id, underlyingAsset: r.asset.toLowerCase(),
      name: `reserve ${r.id}`, symbol: `R${r.id}`, decimals: Number(field(48, 8)),
      baseLTVasCollateral: field(0, 16), reserveLiquidationThreshold: field(16, 16),
      reserveLiquidationBonus: field(32, 16), reserveFactor: field(64, 16),
      usageAsCollateralEnabled: field(16, 16) !== '0', borrowingEnabled: true, isActive: true,
      isFrozen: false, isPaused: false, borrowCap: field(80, 36), supplyCap: field(116, 36),
      debtCeiling: field(212, 40), debtCeilingDecimals: 2, isolationModeTotalDebt: '0',
      liquidityIndex: r.liquidityIndex, variableBorrowIndex: r.variableBorrowIndex,
      liquidityRate: r.currentLiquidityRate, variableBorrowRate: r.currentVariableBorrowRate,
      lastUpdateTimestamp: r.lastUpdateTimestamp, priceInMarketReferenceCurrency: r.price,
      availableLiquidity: '1000000000000000000000000', totalScaledVariableDebt: '1000000000000000000',
      virtualUnderlyingBalance: '1000000000000000000000000', deficit: '0', unbacked: '0',
      eModes: [],
    };
  });
  const eModes = s.eModes.map((e) => ({ id: e.id, eMode: {
    ltv: String(e.ltv), liquidationThreshold: String(e.liquidationThreshold),
    liquidationBonus: String(e.liquidationBonus), collateralBitmap: bits(e.collateralBitmap ?? '0'),
    borrowableBitmap: bits(e.borrowableBitmap ?? '0'), ltvzeroBitmap: bits(e.ltvzeroBitmap ?? '0'),
    label: `eMode ${e.id}`, isolated: false } }));
  const decimals = unit.length - 1;
  return { formatted: formatReserves({ reserves, eModes, currentTimestamp: s.timestamp,
    marketReferencePriceInUsd: unit, marketReferenceCurrencyDecimals: decimals }), decimals };
}

/// math-utils formatUserSummary for the snapshot's user on an already formatted market.
export function userSummary(s, market) {
  const config = BigInt(s.user.configuration);
  const userReserves = s.user.positions.map((p) => {
    const r = s.reserves.find((x) => x.asset.toLowerCase() === p.asset.toLowerCase());
    const collateral = ((config >> BigInt(2 * r.id + 1)) & 1n) === 1n;
    const borrowing = ((config >> BigInt(2 * r.id)) & 1n) === 1n;
    return { underlyingAsset: p.asset.toLowerCase(), usageAsCollateralEnabledOnUser: collateral,
      scaledATokenBalance: p.scaledATokenBalance, scaledVariableDebt: borrowing ? p.scaledVariableDebt : '0' };
  });
  return formatUserSummary({ currentTimestamp: s.timestamp, marketReferencePriceInUsd: s.baseCurrencyUnit,
    marketReferenceCurrencyDecimals: market.decimals, userReserves, formattedReserves: market.formatted,
    userEmodeCategoryId: s.user.eModeCategory });
}

// ---- realistic random 3.6 users -----------------------------------------------------------------
function rng(seed) {
  const next = xorshift64(BigInt(seed) * 0x9E3779B97F4A7C15n + 7n);
  const int = (n) => Number(next() % BigInt(n));
  return { int, chance: (p) => int(1000000) < p * 1000000 };
}

const RAY = 10n ** 27n;
// A Base-like market: WETH, cbETH, USDbC, wstETH, USDC, weETH, cbBTC, GHO.
const SPECS = [[8000, 8300, 18, 3000], [7450, 7700, 18, 3300], [7500, 7800, 6, 1], [7100, 7600, 18, 3600],
  [7500, 7800, 6, 1], [7250, 7500, 18, 3100], [7300, 7800, 8, 95000], [0, 100, 18, 1]];

export function randomMarket(r, t) {
  const reserves = SPECS.map(([ltv, lt, dec, usd], id) => {
    const conf = BigInt(ltv) | (BigInt(lt) << 16n) | (10500n << 32n) | (BigInt(dec) << 48n) | (1n << 56n) | (1n << 58n);
    const price = BigInt(usd) * 10n ** 8n * BigInt(9000 + r.int(2000)) / 10000n;
    return { asset: '0x' + (id + 1).toString(16).padStart(40, '0'), id, configuration: conf.toString(),
      liquidityIndex: (RAY + BigInt(r.int(1e9)) * 10n ** 17n).toString(),
      currentLiquidityRate: (BigInt(r.int(1e6)) * 10n ** 20n).toString(),
      variableBorrowIndex: (RAY + BigInt(r.int(1e9)) * 10n ** 17n).toString(),
      currentVariableBorrowRate: (BigInt(r.int(2e6)) * 10n ** 20n).toString(),
      lastUpdateTimestamp: t - r.int(86400 * 5), price: price.toString() };
  });
  const eModes = [
    { id: 1, ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10200, collateralBitmap: '43', borrowableBitmap: '1', ltvzeroBitmap: '0' },
    { id: 2, ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100, collateralBitmap: '8', borrowableBitmap: '1', ltvzeroBitmap: '0' },
    { id: 3, ltv: 8000, liquidationThreshold: 8300, liquidationBonus: 10400, collateralBitmap: '64', borrowableBitmap: '144', ltvzeroBitmap: '64' } ];
  return { reserves, eModes };
}

export function randomUser(r, market, index) {
  const n = 2 + r.int(4);
  const used = new Set();
  let config = 0n;
  const positions = [];
  for (let k = 0; k < n; k++) {
    let id = r.int(8);
    while (used.has(id)) id = (id + 1) % 8;
    used.add(id);
    const res = market.reserves[id];
    const dec = Number((BigInt(res.configuration) >> 48n) & 0xffn);
    const collateral = k === 0 || (k !== 1 && r.chance(0.5));
    const borrowing = k === 1 || (k > 1 && r.chance(0.4));
    const disabled = collateral && k > 1 && r.chance(0.1);  // supplied but not used as collateral
    // math-utils rounds balances half-up where the chain floors/ceils (±1 wei per balance), so
    // every balance is kept above 1e9 wei (1 wei <= 1e-9 relative): $5k..$1M, 8-decimal assets
    // (BTC) $1M..$10M.
    const usd = dec === 8 ? BigInt(1000000 + r.int(9000000)) : BigInt(5000 + r.int(995000));
    const amount = (usd * 10n ** BigInt(dec + 8) / BigInt(res.price)) * BigInt(50 + r.int(100)) / 100n;
    if (collateral && !disabled) config |= 1n << BigInt(2 * id + 1);
    if (borrowing) config |= 1n << BigInt(2 * id);
    positions.push({ asset: res.asset, scaledATokenBalance: collateral ? amount.toString() : '0',
      scaledVariableDebt: borrowing ? (amount / BigInt(2 + r.int(4))).toString() : '0',
      principalStableDebt: '0', stableRate: '0', stableLastUpdated: 0 });
  }
  return { address: '0x' + (0xb000000 + index).toString(16).padStart(40, '0'),
    configuration: config.toString(), eModeCategory: r.chance(0.3) ? 1 + r.int(3) : 0, positions };
}

function main() {
  const r = rng(Number(arg('seed', '1')));
  const count = Number(arg('count', '10000'));
  const vectors = [];
  const perMarket = 250;
  for (let m = 0; vectors.length < count; m++) {
    const t = 1760000000 + m * 7919;
    const { reserves, eModes } = randomMarket(r, t);
    const base = { format: 'liquidbot.snapshot/1', revision: '3.6', timestamp: t, baseCurrencyUnit: '100000000', reserves, eModes };
    const market = formatMarket(base);
    for (let u = 0; u < perMarket && vectors.length < count; u++) {
      const s = { ...base, user: randomUser(r, base, vectors.length) };
      const summary = userSummary(s, market);
      vectors.push({ snapshot: JSON.stringify(s), healthFactor: summary.healthFactor });
    }
  }
  const text = JSON.stringify({ vectors });
  const out = arg('out', null);
  if (out) writeFileSync(out, text); else process.stdout.write(text + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
