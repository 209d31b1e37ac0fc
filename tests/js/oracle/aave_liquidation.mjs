// SPDX-License-Identifier: MIT
// Independent BigInt model of Aave V3 liquidation amounts, written from LiquidationLogic.sol
// (aave-v3-core 1.19 for 3.0-3.1, aave-v3-origin tags v3.2.0 .. v3.6.0 for later revisions).
// Usage: node aave_liquidation.mjs --seed S --count N --out FILE
// Writes {"vectors":[{inputs..., expected...}]}; every uint256 is a decimal string.
import { oracleArgs, writeJson } from './common.mjs';

const U256 = (1n << 256n) - 1n;
const REVISIONS = ['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6'];

class Overflow extends Error {}
const chk = (x) => { if (x > U256) throw new Overflow(); return x; };
const mul = (a, b) => chk(a * b);
const div = (a, b) => { if (b === 0n) throw new Overflow(); return a / b; };
// PercentageMath.sol (half-up), with the Solidity overflow guards.
const percentMul = (v, p) => div(chk(mul(v, p) + 5000n), 10000n);
const percentDiv = (v, p) => div(chk(mul(v, 10000n) + p / 2n), p);
const percentDivCeil = (v, p) => { const n = mul(v, 10000n); return div(n, p) + (n % p !== 0n ? 1n : 0n); };
const mulDivCeil = (a, b, c) => { const n = mul(a, b); return div(n, c) + (n % c !== 0n ? 1n : 0n); };

function liquidate(c) {
  const minor = Number(c.revision.split('.')[1]);
  const v33 = minor >= 3, v35 = minor >= 5;
  const { hf, totalDebtBase, totalCollateralBase, collateralBalance: coll, collateralPrice: pc,
    collateralUnit: uc, debtBalance: debt, debtPrice: pd, debtUnit: ud, liquidationBonus: lb,
    protocolFee: pf, debtToCover } = c;
  const out = { liquidatable: hf < 10n ** 18n };
  if (!out.liquidatable || debt === 0n) return { ...out, liquidatable: false };
  let maxLiq;
  if (!v33) {
    maxLiq = percentMul(debt, hf > 95n * 10n ** 16n ? 5000n : 10000n);
  } else {
    maxLiq = debt;
    const debtBase = v35 ? mulDivCeil(debt, pd, ud) : div(mul(debt, pd), ud);
    const collBase = div(mul(coll, pc), uc);
    if (collBase >= 2000n * 10n ** 8n && debtBase >= 2000n * 10n ** 8n && hf > 95n * 10n ** 16n) {
      const half = percentMul(totalDebtBase, 5000n);
      if (debtBase > half) maxLiq = div(mul(half, ud), pd);
    }
  }
  let actual = debtToCover > maxLiq ? maxLiq : debtToCover;
  const baseCollateral = div(mul(mul(pd, actual), uc), mul(pc, ud));
  const maxCollateral = percentMul(baseCollateral, lb);
  let collAmt;
  if (maxCollateral > coll) {
    collAmt = coll;
    const x = div(mul(mul(pc, coll), ud), mul(pd, uc));
    actual = v35 ? percentDivCeil(x, lb) : percentDiv(x, lb);
  } else {
    collAmt = maxCollateral;
  }
  const collToLiqBase = div(mul(collAmt, pc), uc);
  let fee = 0n;
  if (pf !== 0n) fee = percentMul(collAmt - percentDiv(collAmt, lb), pf);
  const res = { ...out, maxLiquidatableDebt: maxLiq, debtRepaid: actual, collateralSeized: collAmt,
    liquidatorCollateral: collAmt - fee, protocolFee: fee, collateralBase: collToLiqBase,
    mustNotLeaveDust: false, badDebt: false };
  if (v33) {
    if (actual < debt && collAmt < coll) {
      const debtLeft = v35 ? mulDivCeil(debt - actual, pd, ud) : div(mul(debt - actual, pd), ud);
      const collLeft = div(mul(coll - collAmt, pc), uc);
      res.mustNotLeaveDust = !(debtLeft >= 1000n * 10n ** 8n && collLeft >= 1000n * 10n ** 8n);
    }
    res.badDebt = totalCollateralBase === collToLiqBase;
  }
  return res;
}

// xorshift-style deterministic generator so a seed reproduces the vectors.
function rng(seed) {
  let s = BigInt(seed) ^ 0x9e3779b97f4a7c15n;
  return () => {
    s ^= (s << 13n) & 0xffffffffffffffffn; s ^= s >> 7n; s ^= (s << 17n) & 0xffffffffffffffffn;
    return s & 0xffffffffffffffffn;
  };
}

function main() {
  const { seed, count, out: outPath } = oracleArgs('1000');
  const r = rng(seed);
  const pick = (lo, hi) => lo + (r() % (hi - lo + 1n));
  const big = (bits) => { let v = 0n; for (let i = 0n; i < bits; i += 64n) v = (v << 64n) | r(); return v & ((1n << bits) - 1n); };
  const vectors = [];
  for (let i = 0; i < count; ++i) {
    const dc = pick(0n, 24n), dd = pick(0n, 24n);
    const uc = 10n ** dc, ud = 10n ** dd;
    const pc = pick(1n, 10n ** pick(1n, 14n)), pd = pick(1n, 10n ** pick(1n, 14n));
    // balances worth $0 .. $10M (sometimes tiny, sometimes around the $1000/$2000 thresholds)
    const usd = (n) => n * 10n ** 8n;
    const worth = () => { const k = r() % 4n; return k === 0n ? pick(0n, usd(3000n)) : k === 1n ? pick(usd(900n), usd(2100n)) : pick(0n, usd(10n ** 7n)); };
    const coll = (worth() * uc) / pc + pick(0n, 3n), debt = (worth() * ud) / pd + pick(1n, 3n);
    const debtBase = (debt * pd + ud - 1n) / ud, collBase = (coll * pc) / uc;
    const hfChoice = r() % 4n;
    const hf = hfChoice === 0n ? pick(9n * 10n ** 17n, 10n ** 18n - 1n) : hfChoice === 1n ? 95n * 10n ** 16n + pick(0n, 2n) - 1n : hfChoice === 2n ? pick(0n, 10n ** 18n - 1n) : pick(10n ** 18n, 2n * 10n ** 18n);
    const c = {
      revision: REVISIONS[Number(r() % 7n)], hf,
      totalDebtBase: debtBase + (r() % 2n === 0n ? 0n : pick(0n, usd(10n ** 6n))),
      totalCollateralBase: collBase + (r() % 2n === 0n ? 0n : pick(0n, usd(10n ** 6n))),
      collateralBalance: coll, collateralPrice: pc, collateralUnit: uc,
      debtBalance: debt, debtPrice: pd, debtUnit: ud,
      liquidationBonus: pick(10000n, 11500n), protocolFee: r() % 3n === 0n ? 0n : pick(0n, 5000n),
      debtToCover: r() % 3n === 0n ? U256 : pick(0n, debt + debt / 2n + 1n),
    };
    if (i % 50 === 49) c.debtToCover = big(256n);  // absurd debtToCover values are capped by the close factor
    let expected;
    try { expected = liquidate(c); } catch (e) { if (!(e instanceof Overflow)) throw e; expected = { overflow: true }; }
    const str = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
    vectors.push({ input: str(c), expected: str(expected) });
  }
  writeJson(outPath, { seed, count, vectors });
}

main();
