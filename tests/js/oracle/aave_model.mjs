// SPDX-License-Identifier: MIT
// Independent BigInt model of Pool.getUserAccountData, written for the tests straight from the
// Solidity: aave-v3-core (3.0; GenericLogic, MathUtils, StableDebtToken, EModeLogic) and
// bgd-labs/aave-v3-origin (a964a09 = v3.4, branch v3.5.0, v3.6.0: GenericLogic, TokenMath,
// WadRayMath, PercentageMath, MathUtils, ValidationLogic.getUserReserveLtv).
// Usage: node aave_model.mjs --seed S --count N --out FILE
//        node aave_model.mjs --snapshot FILE      (prints the six fields of one snapshot as JSON)
// Writes {"vectors":[{"snapshot": "<snapshot JSON>", "expected": {six fields} | null,
// "reverts": bool}]}; every uint256 is a decimal string.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { arg, xorshift64 } from './common.mjs';

const MAX = (1n << 256n) - 1n;
const WAD = 10n ** 18n, HALF_WAD = WAD / 2n, RAY = 10n ** 27n, HALF_RAY = RAY / 2n;
const SECONDS_PER_YEAR = 365n * 24n * 3600n;

class Revert extends Error {}
const revert = () => { throw new Revert(); };
// Solidity 0.8 checked arithmetic.
const add = (a, b) => (a + b > MAX ? revert() : a + b);
const sub = (a, b) => (a < b ? revert() : a - b);
const mul = (a, b) => (a * b > MAX ? revert() : a * b);
const div = (a, b) => (b === 0n ? revert() : a / b);
// `unchecked` blocks.
const wrap = (x) => x & MAX;

// WadRayMath.sol / PercentageMath.sol: the assembly guards, then the expression.
const wadDiv = (a, b) => { if (b === 0n || a > (MAX - b / 2n) / WAD) revert(); return (a * WAD + b / 2n) / b; };
const rayMul = (a, b) => { if (b !== 0n && a > (MAX - HALF_RAY) / b) revert(); return (a * b + HALF_RAY) / RAY; };
const rayMulFloor = (a, b) => { if (b !== 0n && a > MAX / b) revert(); return (a * b) / RAY; };
const rayMulCeil = (a, b) => { if (b !== 0n && a > MAX / b) revert(); const p = a * b; return p / RAY + (p % RAY !== 0n ? 1n : 0n); };
const percentMul = (v, p) => { if (p !== 0n && v > (MAX - 5000n) / p) revert(); return (v * p + 5000n) / 10000n; };
const percentMulFloor = (v, p) => { if (p !== 0n && v > MAX / p) revert(); return (v * p) / 10000n; };
// MathUtils.mulDivCeil (assembly: revert on c == 0 or a*b overflow).
const mulDivCeil = (a, b, c) => { if (c === 0n) revert(); if (b !== 0n && a > MAX / b) revert(); const p = a * b; return p / c + (p % c !== 0n ? 1n : 0n); };

// MathUtils.calculateLinearInterest (same in every revision).
const linearInterest = (rate, last, now) => add(RAY, mul(rate, sub(now, last)) / SECONDS_PER_YEAR);

// MathUtils.calculateCompoundedInterest, aave-v3-core form (binomial; used through v3.3).
function compoundBinomial(rate, last, now) {
  const exp = sub(now, last);
  if (exp === 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR;
  const secondTerm = mul(mul(exp, expMinusOne), basePowerTwo) / 2n;
  const thirdTerm = mul(mul(mul(exp, expMinusOne), expMinusTwo), basePowerThree) / 6n;
  return add(add(add(RAY, mul(rate, exp) / SECONDS_PER_YEAR), secondTerm), thirdTerm);
}
// aave-v3-origin v3.4+: 3rd-order Taylor, the body `unchecked` (rayMul keeps its own guard).
function compoundTaylor(rate, last, now) {
  const exp = sub(now, last);
  if (exp === 0n) return RAY;
  const x = wrap(rate * exp) / SECONDS_PER_YEAR;
  return wrap(RAY + x + rayMul(x, wrap(x / 2n + rayMul(x, x / 6n))));
}

export function accountData(s) {
  const minor = Number(s.revision.split('.')[1]);
  const t = BigInt(s.timestamp);
  const compound = minor >= 4 ? compoundTaylor : compoundBinomial;
  const byId = new Map(s.reserves.map((r) => [r.id, r]));
  const posOf = new Map(s.user.positions.map((p) => [p.asset.toLowerCase(), p]));
  const userConfig = BigInt(s.user.configuration);
  const cat = s.user.eModeCategory;
  const zero = { C: 0n, D: 0n, avgLtv: 0n, avgLt: 0n };
  if (userConfig === 0n) return finish(minor, zero, MAX);

  const eCat = cat !== 0 ? s.eModes.find((e) => e.id === cat) : undefined;
  const eModeLtv = eCat ? BigInt(eCat.ltv) : 0n;
  const eModeLt = eCat ? BigInt(eCat.liquidationThreshold) : 0n;
  const collBitmap = eCat && eCat.collateralBitmap !== undefined ? BigInt(eCat.collateralBitmap) : 0n;
  const ltvzeroBitmap = eCat && eCat.ltvzeroBitmap !== undefined ? BigInt(eCat.ltvzeroBitmap) : 0n;
  // EModeLogic.getEModeConfiguration (3.0-3.1): the category's price source price, else 0.
  const eModeAssetPrice = minor <= 1 && eCat && eCat.priceSource && BigInt(eCat.priceSource) !== 0n
    ? BigInt(eCat.price) : 0n;
  const onBitmap = (bitmap, id) => ((bitmap >> BigInt(id)) & 1n) === 1n;

  let C = 0n, D = 0n, avgLtv = 0n, avgLt = 0n;
  let cfgBits = userConfig;
  for (let i = 0; cfgBits !== 0n; i++, cfgBits >>= 2n) {
    const borrowing = (cfgBits & 1n) === 1n, collateral = (cfgBits & 2n) === 2n;
    if (!borrowing && !collateral) continue;
    const r = byId.get(i);
    if (!r) continue;  // reservesList[i] == address(0)
    const conf = BigInt(r.configuration);
    const ltv = conf & 0xffffn, lt = (conf >> 16n) & 0xffffn, decimals = (conf >> 48n) & 0xffn;
    const reserveCat = Number((conf >> 168n) & 0xffn);
    const assetUnit = wrap(10n ** decimals);
    const price = minor <= 1 && eModeAssetPrice !== 0n && cat === reserveCat ? eModeAssetPrice : BigInt(r.price);
    const p = posOf.get(r.asset.toLowerCase());
    const lastUpdate = BigInt(r.lastUpdateTimestamp);
    // ReserveLogic.getNormalizedIncome / getNormalizedDebt
    const normIncome = () => (lastUpdate === t ? BigInt(r.liquidityIndex)
      : rayMul(linearInterest(BigInt(r.currentLiquidityRate), lastUpdate, t), BigInt(r.liquidityIndex)));
    const normDebt = () => (lastUpdate === t ? BigInt(r.variableBorrowIndex)
      : rayMul(compound(BigInt(r.currentVariableBorrowRate), lastUpdate, t), BigInt(r.variableBorrowIndex)));

    const counted = collateral && (minor >= 6 || lt !== 0n);
    if (counted) {
      const scaled = BigInt(p.scaledATokenBalance);
      const balance = minor >= 5 ? rayMulFloor(scaled, normIncome()) : rayMul(scaled, normIncome());
      const inBase = div(mul(balance, price), assetUnit);
      C = add(C, inBase);
      let inEMode, userLtv;
      if (minor <= 1) inEMode = cat !== 0 && cat === reserveCat;
      else inEMode = cat !== 0 && onBitmap(collBitmap, i);
      if (minor >= 6) userLtv = inEMode ? (onBitmap(ltvzeroBitmap, i) ? 0n : eModeLtv) : ltv;
      else userLtv = ltv === 0n ? 0n : (inEMode ? eModeLtv : ltv);
      if (userLtv !== 0n) avgLtv = add(avgLtv, mul(inBase, userLtv));
      avgLt = add(avgLt, mul(inBase, inEMode ? eModeLt : lt));
    }
    if (borrowing) {
      const scaledV = BigInt(p.scaledVariableDebt);
      if (minor >= 5) {
        D = add(D, mulDivCeil(rayMulCeil(scaledV, normDebt()), price, assetUnit));
      } else if (minor >= 2) {
        if (scaledV !== 0n) D = add(D, div(mul(rayMul(scaledV, normDebt()), price), assetUnit));
      } else {
        let debt = scaledV;
        if (debt !== 0n) debt = rayMul(debt, normDebt());
        // StableDebtToken.balanceOf
        const principal = BigInt(p.principalStableDebt);
        const stable = principal === 0n ? 0n
          : rayMul(principal, compoundBinomial(BigInt(p.stableRate), BigInt(p.stableLastUpdated), t));
        debt = add(debt, stable);
        D = add(D, div(mul(price, debt), assetUnit));
      }
    }
  }
  let hf;
  if (D === 0n) hf = MAX;
  else if (minor >= 5) hf = wadDiv(avgLt, D) / 10000n;
  else hf = wadDiv(percentMul(C, C !== 0n ? avgLt / C : 0n), D);
  return finish(minor, { C, D, avgLtv: C !== 0n ? avgLtv / C : 0n, avgLt: C !== 0n ? avgLt / C : 0n }, hf);
}

// PoolLogic.executeGetUserAccountData: GenericLogic.calculateAvailableBorrows.
function finish(minor, v, hf) {
  let avail = minor >= 5 ? percentMulFloor(v.C, v.avgLtv) : percentMul(v.C, v.avgLtv);
  avail = avail <= v.D ? 0n : avail - v.D;
  return { totalCollateralBase: v.C, totalDebtBase: v.D, availableBorrowsBase: avail,
    currentLiquidationThreshold: v.avgLt, ltv: v.avgLtv, healthFactor: hf };
}

// ---- random snapshots ---------------------------------------------------------------------------
function rng(seed) {
  const next = xorshift64(BigInt(seed) * 0x9E3779B97F4A7C15n + 1n);
  const int = (n) => Number(next() % BigInt(n));
  const big = (bits) => { let v = 0n; for (let b = 0; b < bits; b += 64) v = (v << 64n) | next(); return v & ((1n << BigInt(bits)) - 1n); };
  const below = (n) => (n <= 0n ? 0n : big(n.toString(2).length + 8) % n);
  const pick = (arr) => arr[int(arr.length)];
  return { int, big, below, pick, chance: (p) => int(1000000) < p * 1000000 };
}

const hexAddr = (r) => '0x' + r.big(160).toString(16).padStart(40, '0');

function randomSnapshot(r) {
  const revision = r.pick(['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.6']);
  const minor = Number(revision.split('.')[1]);
  const t = 1_700_000_000 + r.int(100_000_000);
  const nReserves = 1 + r.int(8);
  const ids = new Set();
  while (ids.size < nReserves) ids.add(r.chance(0.8) ? r.int(nReserves + 2) : r.int(128));
  const nEModes = r.int(4);
  const eModes = [];
  const idList = [...ids];
  const extreme = r.chance(0.03);
  for (let k = 1; k <= nEModes; k++) {
    const ltv = BigInt(r.pick([0, 5000, 8000, 9000, 9300, r.int(10000)]));
    const lt = ltv + BigInt(r.int(800)) + (r.chance(0.05) ? 0n : 1n);
    let coll = 0n, borrow = 0n, ltv0 = 0n;
    for (const id of idList) {
      if (r.chance(0.5)) coll |= 1n << BigInt(id);
      if (r.chance(0.5)) borrow |= 1n << BigInt(id);
      if (r.chance(0.15)) ltv0 |= 1n << BigInt(id);
    }
    const e = { id: k, ltv: Number(ltv), liquidationThreshold: Number(lt < 65536n ? lt : 65535n),
      liquidationBonus: 10000 + r.int(1500), collateralBitmap: coll.toString(),
      borrowableBitmap: borrow.toString(), ltvzeroBitmap: ltv0.toString() };
    if (minor <= 1 && r.chance(0.4)) { e.priceSource = hexAddr(r); e.price = (1n + r.below(10n ** 12n)).toString(); }
    eModes.push(e);
  }
  const reserves = idList.map((id) => {
    const decimals = BigInt(r.pick([6, 8, 18, 18, 0, 2, 24, r.int(40)]));
    const ltv = BigInt(r.chance(0.2) ? 0 : r.int(9000));
    const lt = r.chance(0.15) ? 0n : ltv + BigInt(r.int(1000));
    let conf = ltv | (lt << 16n) | (BigInt(10000 + r.int(2000)) << 32n) | (decimals << 48n);
    conf |= r.big(8) << 56n;                              // flags
    conf |= BigInt(r.int(5000)) << 64n;                   // reserveFactor
    conf |= r.big(36) << 80n; conf |= r.big(36) << 116n;  // caps
    conf |= BigInt(r.int(5000)) << 152n;                  // liquidationProtocolFee
    conf |= BigInt(r.int(nEModes + 1)) << 168n;           // eModeCategory (3.0-3.1)
    conf |= r.big(36) << 176n; conf |= (r.chance(0.3) ? r.big(40) : 0n) << 212n;
    conf |= r.big(3) << 252n;
    const age = r.chance(0.15) ? 0 : r.int(r.chance(0.5) ? 86400 * 3 : 86400 * 400);
    const rate = (bits) => (extreme ? r.big(bits + 40) : r.big(bits));
    return { asset: hexAddr(r), id, configuration: conf.toString(),
      liquidityIndex: (RAY + r.below(RAY)).toString(), currentLiquidityRate: rate(88).toString(),
      variableBorrowIndex: (RAY + r.below(RAY * 2n)).toString(), currentVariableBorrowRate: rate(89).toString(),
      lastUpdateTimestamp: t - age, price: (r.chance(0.03) ? 0n : 1n + r.below(10n ** BigInt(4 + r.int(10)))).toString(),
      _decimals: decimals };
  });
  let userConfig = 0n;
  const positions = [];
  for (const res of reserves) {
    const b = r.chance(0.45), c = r.chance(0.6);
    if (!b && !c && !r.chance(0.1)) continue;
    if (b) userConfig |= 1n << BigInt(2 * res.id);
    if (c) userConfig |= 1n << BigInt(2 * res.id + 1);
    const mag = (extra) => (extreme && r.chance(0.5) ? r.big(200) : r.below(10n ** (res._decimals + BigInt(extra))));
    const p = { asset: res.asset, scaledATokenBalance: (c ? mag(r.int(7)) : r.below(1000n)).toString(),
      scaledVariableDebt: (b && r.chance(0.9) ? mag(r.int(6)) : 0n).toString(),
      principalStableDebt: '0', stableRate: '0', stableLastUpdated: 0 };
    if (minor <= 1 && b && r.chance(0.3)) {
      p.principalStableDebt = mag(r.int(5)).toString();
      p.stableRate = r.big(88).toString();
      p.stableLastUpdated = t - r.int(86400 * 200);
    }
    positions.push(p);
  }
  for (const res of reserves) delete res._decimals;
  const cat = eModes.length && r.chance(0.5) ? eModes[r.int(eModes.length)].id : 0;
  return { format: 'liquidbot.snapshot/1', revision, timestamp: t, baseCurrencyUnit: '100000000',
    reserves, eModes, user: { address: hexAddr(r), configuration: userConfig.toString(), eModeCategory: cat, positions } };
}

// The worked vector of aave-v3.md §1.7 (v3.6 rules).
export function workedVector() {
  const t = 1760000000;
  const weth = '0x4200000000000000000000000000000000000006';
  const usdc = '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913';
  const cfg = (ltv, lt, lb, dec) => (BigInt(ltv) | (BigInt(lt) << 16n) | (BigInt(lb) << 32n) | (BigInt(dec) << 48n) | (1n << 56n)).toString();
  return { format: 'liquidbot.snapshot/1', revision: '3.6', timestamp: t, baseCurrencyUnit: '100000000',
    reserves: [
      { asset: weth, id: 0, configuration: cfg(8000, 8300, 10500, 18), liquidityIndex: '1034567890123456789012345678',
        currentLiquidityRate: '18234567890123456789012345', variableBorrowIndex: RAY.toString(), currentVariableBorrowRate: '0',
        lastUpdateTimestamp: t - 259200, price: '300012345678' },
      { asset: usdc, id: 4, configuration: cfg(7500, 7800, 10500, 6), liquidityIndex: RAY.toString(), currentLiquidityRate: '0',
        variableBorrowIndex: '1151234567890123456789012345', currentVariableBorrowRate: '61234567890123456789012345',
        lastUpdateTimestamp: t - 259200, price: '99991234' } ],
    eModes: [],
    user: { address: '0x00000000000000000000000000000000000000a1', configuration: ((1n << 1n) | (1n << 8n)).toString(), eModeCategory: 0,
      positions: [
        { asset: weth, scaledATokenBalance: '1234567890123456789', scaledVariableDebt: '0', principalStableDebt: '0', stableRate: '0', stableLastUpdated: 0 },
        { asset: usdc, scaledATokenBalance: '0', scaledVariableDebt: '2345678901', principalStableDebt: '0', stableRate: '0', stableLastUpdated: 0 } ] } };
}

function main() {
  const single = arg('snapshot', null);
  if (single) {
    const d = accountData(JSON.parse(readFileSync(single, 'utf8')));
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toString()]))) + '\n');
    return;
  }
  const seed = Number(arg('seed', '1'));
  const count = Number(arg('count', '1000'));
  const out = arg('out', null);
  const r = rng(seed);
  const vectors = [];
  const snapshots = [workedVector()];
  while (snapshots.length < count) snapshots.push(randomSnapshot(r));
  for (const s of snapshots) {
    let expected = null, reverts = false;
    try {
      const d = accountData(s);
      expected = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toString()]));
    } catch (e) {
      if (!(e instanceof Revert)) throw e;
      reverts = true;
    }
    vectors.push({ snapshot: JSON.stringify(s), expected, reverts });
  }
  const text = JSON.stringify({ vectors });
  if (out) writeFileSync(out, text); else process.stdout.write(text + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
