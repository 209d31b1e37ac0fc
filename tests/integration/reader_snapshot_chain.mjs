// Integration: `liquidbot snapshot` (Multicall3 aggregate3 at one block) followed by
// `liquidbot account-data` equals the real Pool.getUserAccountData at that block, all six fields,
// for every seeded borrower: fresh, after 30 days of interest and a price drop, and replayed at
// the first (historical) block. The snapshot itself is also compared field by field with the test
// bed's independent ethers reader (scenario.mjs userSnapshot).
// Run under the test bed: node tests/js/testbed.mjs run --borrowers N --seed S [--l2pool] -- \
//   node tests/integration/reader_snapshot_chain.mjs <path to liquidbot>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { accountData, advanceTime, setPrice, userSnapshot } from "../js/lib/scenario.mjs";
import { rpc } from "../js/lib/rpc.mjs";

const CLI = process.argv[2];
if (!CLI) throw new Error("usage: reader_snapshot_chain.mjs <liquidbot>");
const url = process.env.LB_RPC_URL;
const deploymentText = process.env.LB_DEPLOYMENT;
if (!url || !deploymentText) throw new Error("LB_RPC_URL and LB_DEPLOYMENT must be set (run under tests/js/testbed.mjs)");
const deployment = JSON.parse(fs.readFileSync(deploymentText, "utf8"));
const ctx = { url, deployment };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-reader-"));
const FIELDS = ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase", "currentLiquidationThreshold", "ltv", "healthFactor"];
const MIN_USERS = Number(process.env.LB_MIN_USERS ?? 200);
const users = deployment.borrowers.map((b) => b.address);
if (users.length < MIN_USERS) throw new Error(`expected at least ${MIN_USERS} borrowers, got ${users.length}`);

let checks = 0;
let failures = 0;
function fail(message) {
  failures++;
  if (failures <= 20) console.error("FAIL " + message);
}

function cliSnapshot(user, block) {
  return execFileSync(CLI, ["snapshot", "--rpc", url, "--addresses-provider", deployment.poolAddressesProvider,
    "--user", user, "--block", String(block), "--chain-id", "8453"], { encoding: "utf8" });
}

function engine(text) {
  const file = path.join(tmp, `s${checks}.json`);
  fs.writeFileSync(file, text);
  return JSON.parse(execFileSync(CLI, ["account-data", "--snapshot", file], { encoding: "utf8" }));
}

const lower = (a) => a.toLowerCase();
function compareSnapshots(ours, theirs, label) {
  const same = (a, b, what) => { if (String(a) !== String(b)) fail(`${label}: ${what}: ${a} != ${b}`); };
  same(ours.revision, theirs.revision, "revision");
  same(ours.timestamp, theirs.timestamp, "timestamp");
  same(ours.baseCurrencyUnit, theirs.baseCurrencyUnit, "baseCurrencyUnit");
  same(ours.reserves.length, theirs.reserves.length, "reserve count");
  for (const r of theirs.reserves) {
    const o = ours.reserves.find((x) => lower(x.asset) === lower(r.asset));
    if (!o) { fail(`${label}: reserve ${r.asset} missing`); continue; }
    for (const k of ["id", "configuration", "liquidityIndex", "currentLiquidityRate", "variableBorrowIndex",
      "currentVariableBorrowRate", "lastUpdateTimestamp", "price"]) same(o[k], r[k], `reserve ${r.asset} ${k}`);
  }
  for (const e of theirs.eModes) {
    const o = ours.eModes.find((x) => x.id === e.id);
    if (!o) { fail(`${label}: eMode ${e.id} missing`); continue; }
    for (const k of ["ltv", "liquidationThreshold", "liquidationBonus"]) same(o[k], e[k], `eMode ${e.id} ${k}`);
  }
  same(lower(ours.user.address), lower(theirs.user.address), "user");
  same(ours.user.configuration, theirs.user.configuration, "user.configuration");
  same(ours.user.eModeCategory, theirs.user.eModeCategory, "user.eModeCategory");
  const nonzero = (p) => BigInt(p.scaledATokenBalance) + BigInt(p.scaledVariableDebt) + BigInt(p.principalStableDebt) > 0n;
  const mine = ours.user.positions.filter(nonzero);
  same(mine.length, theirs.user.positions.length, "position count");
  for (const p of theirs.user.positions) {
    const o = mine.find((x) => lower(x.asset) === lower(p.asset));
    if (!o) { fail(`${label}: position ${p.asset} missing`); continue; }
    for (const k of ["scaledATokenBalance", "scaledVariableDebt", "principalStableDebt", "stableRate", "stableLastUpdated"])
      same(o[k], p[k], `position ${p.asset} ${k}`);
  }
}

async function round(label, block, { compareWithJs }) {
  let withDebt = 0;
  for (const user of users) {
    checks++;
    const text = cliSnapshot(user, block);
    const mine = engine(text);
    const chain = await accountData(ctx, user, block);
    for (const f of FIELDS) if (mine[f] !== chain[f]) fail(`${label} ${user} block ${block}: ${f} engine ${mine[f]} chain ${chain[f]}`);
    if (BigInt(chain.totalDebtBase) > 0n) withDebt++;
    if (compareWithJs) compareSnapshots(JSON.parse(text), (await userSnapshot(ctx, user, block)).snapshot, `${label} ${user}`);
  }
  console.log(`${label}: block ${block}, ${users.length} users (${withDebt} with debt) checked`);
}

const head = () => rpc(url, "eth_blockNumber").then((x) => Number(BigInt(x)));
const first = await head();
await round("fresh", first, { compareWithJs: true });
await advanceTime(ctx, 30 * 86400);
const weth = deployment.reserves.find((r) => r.symbol === "WETH");
await setPrice(ctx, "WETH", (BigInt(weth.initialPrice) * 85n) / 100n);
await advanceTime(ctx, 3600);
await round("after 30 days and WETH -15%", await head(), { compareWithJs: false });
await round("historical", first, { compareWithJs: false });
console.log(`${checks} snapshot checks, ${failures} failures (pool ${deployment.poolKind})`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);
