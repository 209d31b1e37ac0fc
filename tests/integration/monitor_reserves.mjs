// Integration: `liquidbot subgraph-reserves` against the test bed's subgraph stand-in equals the
// deployed market read on chain: the Pool's getReservesList (every reserve once, nothing else), and
// per reserve the configuration bitmap (LTV, liquidation threshold and bonus, decimals, active,
// frozen, borrowing, paused, collateral usable), the stored indexes, the token symbol and the id
// (underlyingAsset + PoolAddressesProvider, as in the Aave V3 subgraph). Malformed/failed subgraph
// answers end in a clear error, not in output.
// Run under the test bed: node tests/js/testbed.mjs run --subgraph --borrowers N --seed S -- \
//   node tests/integration/monitor_reserves.mjs <path to liquidbot>
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { check, programArg, tally, testBed } from "./common.mjs";
import { ethCall, iface } from "../js/lib/aave.mjs";

const run = promisify(execFile);
const CLI = programArg("monitor_reserves.mjs <liquidbot>");
const { url, deployment: d, LB_SUBGRAPH_URL: subgraph } = testBed(["LB_SUBGRAPH_URL"]);
const POOL = iface("Pool");
const ERC20 = iface("MintableERC20");
const admin = subgraph.replace(/^(http:\/\/[^/]*).*$/, "$1") + "/admin/faults";
const bits = (v, from, count) => (v >> BigInt(from)) & ((1n << BigInt(count)) - 1n);

const { stdout } = await run(CLI, ["subgraph-reserves", "--subgraph", subgraph, "--page-size", "500"]);
const out = JSON.parse(stdout);
const block = "0x" + out.block.toString(16);
const list = (await ethCall(url, d.pool, POOL, "getReservesList", [], block)).map((a) => a.toLowerCase());
const got = out.reserves.map((r) => r.underlyingAsset);
check(JSON.stringify([...got].sort()) === JSON.stringify([...list].sort()), `reserves ${got} vs getReservesList ${list}`);
check(new Set(got).size === got.length, "a reserve is listed twice");
const ids = out.reserves.map((r) => r.id);
check(JSON.stringify(ids) === JSON.stringify([...ids].sort()), "reserves not ascending by id");
for (const r of out.reserves) {
  const asset = r.underlyingAsset;
  check(r.id === asset + d.poolAddressesProvider.toLowerCase(), `${asset}: id ${r.id}`);
  const rd = await ethCall(url, d.pool, POOL, "getReserveData", [asset], block);
  const cfg = rd.configuration.data;
  const symbol = await ethCall(url, asset, ERC20, "symbol", [], block);
  const expect = {
    symbol, decimals: Number(bits(cfg, 48, 8)), baseLTVasCollateral: bits(cfg, 0, 16).toString(),
    reserveLiquidationThreshold: bits(cfg, 16, 16).toString(), reserveLiquidationBonus: bits(cfg, 32, 16).toString(),
    isActive: bits(cfg, 56, 1) === 1n, isFrozen: bits(cfg, 57, 1) === 1n, borrowingEnabled: bits(cfg, 58, 1) === 1n,
    isPaused: bits(cfg, 60, 1) === 1n, usageAsCollateralEnabled: bits(cfg, 16, 16) !== 0n,
    liquidityIndex: rd.liquidityIndex.toString(), variableBorrowIndex: rd.variableBorrowIndex.toString(),
  };
  for (const [k, v] of Object.entries(expect)) check(r[k] === v, `${asset} (${symbol}) ${k}: ${JSON.stringify(r[k])} vs chain ${JSON.stringify(v)}`);
}
console.log(`subgraph-reserves: ${out.reserves.length} reserves at block ${out.block} equal the chain`);

// Faults: a transient GraphQL error is retried; a subgraph that keeps answering garbage fails clearly.
const setFaults = async (knobs) => {
  const response = await fetch(admin, { method: knobs ? "POST" : "DELETE", body: knobs ? JSON.stringify(knobs) : undefined });
  if (!response.ok) throw new Error(`fault knob: HTTP ${response.status}`);
};
await setFaults({ graphqlErrors: { value: true, count: 1 } });
const retried = JSON.parse((await run(CLI, ["subgraph-reserves", "--subgraph", subgraph])).stdout);
check(JSON.stringify(retried.reserves) === JSON.stringify(out.reserves), "a retried answer differs");
await setFaults({ truncatedJson: { value: true } });
const failed = await run(CLI, ["subgraph-reserves", "--subgraph", subgraph]).then(() => null, (e) => e);
await setFaults(null);
check(failed !== null && failed.code === 3, `truncated answers: exit ${failed?.code} (expected 3, a runtime failure)`);
check(failed !== null && /subgraph: invalid JSON/.test(failed.stderr) && failed.stdout === "", `truncated answers: stderr ${failed?.stderr}`);
console.log(`faults: retried once; truncated answers -> ${failed?.stderr.trim()}`);

if (tally.failures > 0) {
  console.error(`${tally.failures} of ${tally.checks} checks failed`);
  process.exit(1);
}
console.log(`monitor_reserves: all ${tally.checks} checks passed`);
