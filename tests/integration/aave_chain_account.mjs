// Integration: `liquidbot account-data` equals the real Pool.getUserAccountData (Aave V3 1.19.3,
// revision 3.0, Pool or L2Pool) bit for bit, for every seeded borrower at several points in time:
// fresh, after days of interest, after price moves, and replayed at a historical block.
// Run under the test bed: node tests/js/testbed.mjs run --borrowers N --seed S [--l2pool] -- \
//   node tests/integration/aave_chain_account.mjs <path to liquidbot>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { userSnapshot, setPrice, advanceTime } from "../js/lib/scenario.mjs";
import { rpc } from "../js/lib/rpc.mjs";

const CLI = process.argv[2];
if (!CLI) throw new Error("usage: aave_chain_account.mjs <liquidbot>");
const url = process.env.LB_RPC_URL;
const deploymentText = process.env.LB_DEPLOYMENT;
if (!url || !deploymentText) throw new Error("LB_RPC_URL and LB_DEPLOYMENT must be set (run under tests/js/testbed.mjs)");
const deployment = JSON.parse(deploymentText.trim().startsWith("{") ? deploymentText : fs.readFileSync(deploymentText, "utf8"));
const ctx = { url, deployment };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-account-"));
const FIELDS = ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase", "currentLiquidationThreshold", "ltv", "healthFactor"];
const MIN_USERS = Number(process.env.LB_MIN_USERS ?? 200);

let checks = 0;
let failures = 0;
const stats = { users: new Set(), emode: new Set(), disabled: new Set(), multiCollateral: new Set(),
  multiDebt: new Set(), liquidatable: 0, withDebt: 0 };

function engine(snapshot) {
  const file = path.join(tmp, `s${checks}.json`);
  fs.writeFileSync(file, JSON.stringify(snapshot));
  return JSON.parse(execFileSync(CLI, ["account-data", "--snapshot", file], { encoding: "utf8" }));
}

function note(snapshot, chain) {
  const u = snapshot.user;
  const config = BigInt(u.configuration);
  stats.users.add(u.address);
  if (u.eModeCategory !== 0) stats.emode.add(u.address);
  let collaterals = 0, debts = 0;
  for (const p of u.positions) {
    const r = snapshot.reserves.find((x) => x.asset.toLowerCase() === p.asset.toLowerCase());
    const coll = ((config >> BigInt(2 * r.id + 1)) & 1n) === 1n;
    if (coll) collaterals++;
    if (((config >> BigInt(2 * r.id)) & 1n) === 1n) debts++;
    if (!coll && BigInt(p.scaledATokenBalance) > 0n) stats.disabled.add(u.address);
  }
  if (collaterals > 1) stats.multiCollateral.add(u.address);
  if (debts > 1) stats.multiDebt.add(u.address);
  if (BigInt(chain.totalDebtBase) > 0n) stats.withDebt++;
  if (BigInt(chain.healthFactor) < 10n ** 18n) stats.liquidatable++;
}

async function checkAll(label, blockTag = "latest") {
  let bad = 0;
  for (const b of deployment.borrowers) {
    const { snapshot, accountData } = await userSnapshot(ctx, b.address, blockTag);
    const ours = engine(snapshot);
    checks++;
    note(snapshot, accountData);
    const diff = FIELDS.filter((f) => ours[f] !== accountData[f]);
    if (diff.length) {
      bad++;
      failures++;
      if (failures <= 10) {
        console.error(`FAIL ${label} ${b.address}: ${diff.map((f) => `${f} ours ${ours[f]} chain ${accountData[f]}`).join("; ")}`);
        console.error(`  snapshot: ${JSON.stringify(snapshot)}`);
      }
    }
  }
  console.log(`${label}: ${deployment.borrowers.length} users, ${bad} mismatches`);
}

const symbolPrice = async (symbol) => {
  const { snapshot } = await userSnapshot(ctx, deployment.borrowers[0].address);
  const r = deployment.reserves.find((x) => x.symbol === symbol);
  return BigInt(snapshot.reserves.find((x) => x.asset.toLowerCase() === r.underlying.toLowerCase()).price);
};
const movePrice = async (symbol, permille) => setPrice(ctx, symbol, (await symbolPrice(symbol)) * BigInt(permille) / 1000n);

if (deployment.borrowers.length === 0) throw new Error("no borrowers seeded (use --borrowers N)");
await checkAll("fresh");
const fresh = await rpc(url, "eth_blockNumber", []);
await advanceTime(ctx, 3 * 86400);
await checkAll("after 3 days");
await movePrice("WETH", 880);
await movePrice("cbBTC", 1070);
await checkAll("after WETH -12%, cbBTC +7%");
await advanceTime(ctx, 10 * 86400);
await movePrice("wstETH", 800);
await movePrice("USDC", 998);
await checkAll("after 10 more days, wstETH -20%, USDC -0.2%");
await movePrice("WETH", 700);
await checkAll("after WETH -30%");
await checkAll("replayed at the fresh block", BigInt(fresh));

console.log(`users ${stats.users.size} (eMode ${stats.emode.size}, disabled collateral ${stats.disabled.size}, ` +
  `multi-collateral ${stats.multiCollateral.size}, multi-debt ${stats.multiDebt.size}); checks ${checks} ` +
  `(with debt ${stats.withDebt}, HF < 1 ${stats.liquidatable}); mismatches ${failures}`);
fs.rmSync(tmp, { recursive: true, force: true });
if (stats.users.size < MIN_USERS) {
  console.error(`FAIL: only ${stats.users.size} users (need ${MIN_USERS})`);
  process.exit(1);
}
if (stats.emode.size === 0 || stats.disabled.size === 0 || stats.liquidatable === 0) {
  console.error("FAIL: the population lacks eMode users, disabled collateral or liquidatable states");
  process.exit(1);
}
process.exit(failures === 0 ? 0 : 1);
