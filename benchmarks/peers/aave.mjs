// Peer of benchmarks/aave_bench.cpp: @aave/math-utils 1.38.0 formatUserSummary on the same users
// (same deterministic generator: splitmix64, 8 reserves, 3-5 positions per user), with
// formatReserves run once for the market. Prints JSON lines {"name","ns_per_op","peer"} under both
// liquidbot benchmark names (per-user cost).
import { createRequire } from 'node:module';
import { formatMarket, userSummary } from '../../tests/js/oracle/aave_mathutils.mjs';

const require = createRequire(new URL('../../tests/js/package.json', import.meta.url));
const version = require('@aave/math-utils/package.json').version;

const MASK = (1n << 64n) - 1n;
const T = 1760000000;
// Keep in sync with kSpecs in benchmarks/aave_bench.cpp: ltv, lt, decimals, price.
const SPECS = [[8000, 8300, 18, '300012345678'], [7450, 7700, 18, '330012345678'], [7500, 7800, 6, '99991234'],
  [7100, 7600, 18, '360012345678'], [7500, 7800, 6, '100001234'], [7250, 7500, 18, '310012345678'],
  [7300, 7800, 8, '9500012345678'], [0, 0, 18, '100000000']];

function splitmix(state) {
  state.s = (state.s + 0x9E3779B97F4A7C15n) & MASK;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
  return z ^ (z >> 31n);
}

const market = {
  format: 'liquidbot.snapshot/1', revision: '3.6', timestamp: T, baseCurrencyUnit: '100000000', eModes: [],
  reserves: SPECS.map(([ltv, lt, dec, price], i) => ({
    asset: '0x' + (i + 1).toString(16).padStart(40, '0'), id: i,
    configuration: (BigInt(ltv) | (BigInt(lt) << 16n) | (10500n << 32n) | (BigInt(dec) << 48n) | (1n << 56n) | (1n << 58n)).toString(),
    liquidityIndex: (1034567890123456789012345678n + BigInt(i)).toString(),
    currentLiquidityRate: (18234567890123456789012345n + BigInt(i)).toString(),
    variableBorrowIndex: (1151234567890123456789012345n + BigInt(i)).toString(),
    currentVariableBorrowRate: (61234567890123456789012345n + BigInt(i)).toString(),
    lastUpdateTimestamp: T - 3600 * (i + 1), price })),
};

function makeUser(u) {
  const state = { s: 0x5eed0000n + BigInt(u) };
  const n = 3 + Number(splitmix(state) % 3n);
  const used = new Array(8).fill(false);
  let config = 0n;
  const positions = [];
  for (let k = 0; k < n; k++) {
    let id = Number(splitmix(state) % 8n);
    while (used[id]) id = (id + 1) % 8;
    used[id] = true;
    const flags = splitmix(state);
    const collateral = k === 0 || (k !== 1 && (flags & 1n) !== 0n);
    const borrowed = k === 1 || (k !== 0 && (flags & 2n) !== 0n);
    const unit = 10n ** BigInt(SPECS[id][2] - 3);
    let a = 0n, v = 0n;
    if (collateral) a = (splitmix(state) % 1000000n + 1n) * unit;
    if (borrowed) v = (splitmix(state) % 300000n + 1n) * unit;
    if (collateral) config |= 1n << BigInt(2 * id + 1);
    if (borrowed) config |= 1n << BigInt(2 * id);
    positions.push({ asset: market.reserves[id].asset, scaledATokenBalance: a.toString(),
      scaledVariableDebt: v.toString(), principalStableDebt: '0', stableRate: '0', stableLastUpdated: 0 });
  }
  return { address: '0x' + (0xaa00000000n + BigInt(u)).toString(16).padStart(40, '0'),
    configuration: config.toString(), eModeCategory: 0, positions };
}

const formatted = formatMarket(market);
const users = Array.from({ length: 4000 }, (_, u) => ({ ...market, user: makeUser(u) }));

function measure(from, count) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = from; i < from + count; ++i) sink += userSummary(users[i], formatted).healthFactor.length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error('no output');
  return elapsed / count;
}

measure(0, 500);  // warm up the JIT
const ns = Math.min(measure(500, 1000), measure(1500, 1000), measure(2500, 1000));
const peer = `@aave/math-utils ${version}`;
for (const name of ['aave_account_data', 'aave_account_data_batch'])
  console.log(JSON.stringify({ name, ns_per_op: ns, peer }));
