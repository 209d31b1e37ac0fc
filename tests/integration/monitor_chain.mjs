// Integration: `liquidbot monitor` on the test-bed chain and subgraph stand-in.
//  1. after price drops, one full cycle (--once --all) finds every seeded borrower exactly once
//     through cursor pagination, and every user's health factor, totals and level equal what the
//     real Pool.getUserAccountData says at that block (alert < 1.10, act < 1.05, liquidatable < 1);
//     the default listing is exactly the users below the alert threshold, most urgent first;
//  2. subgraph faults (429, 5xx, malformed, truncated, GraphQL errors) are retried and give the same
//     answer; a subgraph that stays down or lags beyond --max-lag falls back to Borrow events with
//     the same borrower set;
//  3. a borrower whose debt is fully repaid leaves the set: absent from the next cycle's --all
//     listing, through the subgraph (borrowedReservesCount 0) and through the Borrow-event fallback
//     (read on chain with no borrowing bit left);
//  4. RPC failure mid-run (a proxy that starts failing): the running monitor reports the error and
//     its staleness, keeps going, recovers when the node is back and exits 0 on SIGTERM.
// Run under the test bed: node tests/js/testbed.mjs run --subgraph --borrowers N --seed S -- \
//   node tests/integration/monitor_chain.mjs <path to liquidbot> [page size] [pagination-only]
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { promisify } from "node:util";
import { accountData, repayOnBehalf, setPrice } from "../js/lib/scenario.mjs";

const run = promisify(execFile);
const CLI = process.argv[2];
const PAGE = process.argv[3] ?? "1000";
if (!CLI) throw new Error("usage: monitor_chain.mjs <liquidbot> [page size]");
const { LB_RPC_URL: url, LB_DEPLOYMENT: deploymentPath, LB_SUBGRAPH_URL: subgraph } = process.env;
if (!url || !deploymentPath || !subgraph) throw new Error("run under tests/js/testbed.mjs run --subgraph");
const deployment = JSON.parse(fs.readFileSync(deploymentPath, "utf8"));
const ctx = { url, deployment };
const admin = subgraph.replace(/^(http:\/\/[^/]*).*$/, "$1") + "/admin/faults";
const WAD = 10n ** 18n;
const ALERT = 110n * WAD / 100n;
const ACT = 105n * WAD / 100n;

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.error(`FAIL ${what}`);
  }
}

async function monitorOnce(extra = [], rpcUrl = url) {
  const args = ["monitor", "--rpc", rpcUrl, "--addresses-provider", deployment.poolAddressesProvider,
    "--subgraph", subgraph, "--page-size", PAGE, "--once", "--json", "--timeout-ms", "120000", ...extra];
  const started = Date.now();
  const { stdout, stderr } = await run(CLI, args, { maxBuffer: 1 << 28 });
  return { out: JSON.parse(stdout), stderr, seconds: (Date.now() - started) / 1000 };
}

async function setFaults(knobs) {
  const response = await fetch(admin, { method: knobs ? "POST" : "DELETE", body: knobs ? JSON.stringify(knobs) : undefined });
  if (!response.ok) throw new Error(`fault knob ${JSON.stringify(knobs)}: HTTP ${response.status}`);
}

function level(hf) {
  if (hf < WAD) return "liquidatable";
  if (hf < ACT) return "act";
  if (hf < ALERT) return "alert";
  return "ok";
}

// ---- 1. full cycle vs the chain ----------------------------------------------------------------
// Drop collateral prices so that every level is populated.
await setPrice(ctx, "WETH", 255000000000n);
await setPrice(ctx, "cbBTC", 5500000000000n);

const seeded = deployment.borrowers.map((b) => b.address.toLowerCase());
const full = await monitorOnce(["--all"]);
console.log(`full cycle: ${full.out.users.length} users in ${full.seconds.toFixed(2)} s (block ${full.out.block}, source ${full.out.source})`);
check(full.out.source === "subgraph", `source is ${full.out.source}, expected subgraph`);
const listed = full.out.users.map((u) => u.user);
check(new Set(listed).size === listed.length, "a borrower is listed twice");
check(listed.length === seeded.length, `${listed.length} borrowers found, ${seeded.length} seeded`);
const seededSet = new Set(seeded);
check(listed.every((u) => seededSet.has(u)), "a listed borrower was not seeded");

const levels = { ok: 0, alert: 0, act: 0, liquidatable: 0 };
const blockTag = "0x" + full.out.block.toString(16);
const byUser = new Map(full.out.users.map((u) => [u.user, u]));
for (let i = 0; i < seeded.length; i += 250) {
  const chunk = seeded.slice(i, i + 250);
  const chain = await Promise.all(chunk.map((u) => accountData(ctx, u, blockTag)));
  chunk.forEach((user, k) => {
    const mine = byUser.get(user);
    if (!mine) return check(false, `${user} missing`);
    const hf = BigInt(chain[k].healthFactor);
    check(mine.healthFactor === hf.toString(), `${user} HF ${mine.healthFactor} vs chain ${hf}`);
    check(mine.totalCollateralBase === BigInt(chain[k].totalCollateralBase).toString(), `${user} collateral`);
    check(mine.totalDebtBase === BigInt(chain[k].totalDebtBase).toString(), `${user} debt`);
    check(mine.status === level(hf), `${user} status ${mine.status}, chain HF ${hf} says ${level(hf)}`);
    check(mine.matchesChain === true, `${user} engine differs from getUserAccountData`);
    levels[level(hf)]++;
  });
}
console.log(`levels from the chain: ${JSON.stringify(levels)}`);
check(levels.alert > 0 && levels.act > 0 && levels.liquidatable > 0 && levels.ok > 0, "price drops should populate every level");

const hot = await monitorOnce();
const expectedHot = full.out.users.filter((u) => u.status !== "ok").map((u) => u.user).sort();
check(JSON.stringify(hot.out.users.map((u) => u.user).sort()) === JSON.stringify(expectedHot), "default listing is not exactly the users below alert");
const rank = { liquidatable: 3, act: 2, alert: 1, ok: 0 };
check(hot.out.users.every((u, i, a) => i === 0 || rank[a[i - 1].status] >= rank[u.status]), "listing not most urgent first");

if (process.argv[4] === "pagination-only") {
  if (failures > 0) {
    console.error(`${failures} checks failed`);
    process.exit(1);
  }
  console.log("monitor_chain (pagination): all checks passed");
  process.exit(0);
}

// ---- 2. subgraph faults ------------------------------------------------------------------------
const expectedKey = JSON.stringify(hot.out.users.map((u) => [u.user, u.healthFactor, u.status]));
const sameAnswer = (out) => JSON.stringify(out.users.map((u) => [u.user, u.healthFactor, u.status])) === expectedKey;
const retried = [
  ["http429", { http429: { value: 1, count: 2 } }],
  ["http5xx", { http5xx: { value: 503, count: 2 } }],
  ["malformedJson", { malformedJson: { value: true, count: 1 } }],
  ["truncatedJson", { truncatedJson: { value: true, count: 1 } }],
  ["graphqlErrors", { graphqlErrors: { value: true, count: 1 } }],
];
for (const [name, knobs] of retried) {
  await setFaults(knobs);
  const r = await monitorOnce();
  await setFaults(null);
  check(r.out.source === "subgraph", `${name}: source ${r.out.source} (expected a retry to succeed)`);
  check(sameAnswer(r.out), `${name}: different answer`);
  console.log(`fault ${name}: retried, source ${r.out.source}, ${r.seconds.toFixed(2)} s`);
}
const fallback = [
  ["http5xx (down)", { http5xx: { value: 502 } }, []],
  ["graphqlErrors (always)", { graphqlErrors: { value: true } }, []],
  ["malformedJson (always)", { malformedJson: { value: true } }, []],
  ["stale (lag 4 > limit 2)", { indexingLag: { value: 4 } }, ["--max-lag", "2"]],
];
for (const [name, knobs, extra] of fallback) {
  await setFaults(knobs);
  const r = await monitorOnce(extra);
  await setFaults(null);
  check(r.out.source === "events", `${name}: source ${r.out.source} (expected the Borrow-event fallback)`);
  check(/subgraph unavailable/.test(r.stderr), `${name}: no warning on stderr`);
  if (name.startsWith("stale")) check(/behind the chain head/.test(r.stderr), `${name}: staleness not named`);
  check(sameAnswer(r.out), `${name}: different answer`);
  console.log(`fault ${name}: fell back to ${r.out.source}, ${r.seconds.toFixed(2)} s; ${r.stderr.trim().slice(0, 160)}`);
}

// ---- 3. repaid users leave the set ---------------------------------------------------------------
const repaidUser = deployment.borrowers.find((b) => b.debt.length === 2) ?? deployment.borrowers[0];
const repaid = repaidUser.address.toLowerCase();
// Repaying on behalf needs an explicit amount (Aave error 40 for max); the Pool caps it at the debt.
for (const d of repaidUser.debt) await repayOnBehalf(ctx, { user: repaidUser.address, asset: d.symbol, amount: 10n ** 30n });
const afterRepay = await accountData(ctx, repaidUser.address);
check(BigInt(afterRepay.totalDebtBase) === 0n, `${repaid} still owes ${afterRepay.totalDebtBase} after the repayments`);
for (const [name, knobs] of [["subgraph", null], ["events", { http5xx: { value: 502 } }]]) {
  if (knobs) await setFaults(knobs);
  const r = await monitorOnce(["--all"]);
  if (knobs) await setFaults(null);
  const users = r.out.users.map((u) => u.user);
  check(r.out.source === name, `repaid (${name}): source ${r.out.source}`);
  check(!users.includes(repaid), `repaid (${name}): ${repaid} is still listed`);
  check(users.length === seeded.length - 1, `repaid (${name}): ${users.length} users listed, expected ${seeded.length - 1}`);
  check(r.out.borrowers === seeded.length - 1, `repaid (${name}): borrower set of ${r.out.borrowers}`);
  console.log(`repaid user ${repaid} left the set (${name}: ${users.length} users, dropped ${r.out.dropped} this cycle)`);
}

// ---- 4. RPC failure mid-run --------------------------------------------------------------------
let broken = false;
const proxy = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    if (broken) {
      res.writeHead(503, { "content-type": "text/plain" });
      return res.end("down");
    }
    try {
      const upstream = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { "content-type": "application/json" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (e) {
      res.writeHead(502);
      res.end(String(e));
    }
  });
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
const child = spawn(CLI, ["monitor", "--rpc", proxyUrl, "--addresses-provider", deployment.poolAddressesProvider,
  "--subgraph", subgraph, "--page-size", PAGE, "--json", "--interval-ms", "300", "--timeout-ms", "20000"]);
let stdout = "";
let stderr = "";
child.stdout.on("data", (d) => { stdout += d; });
child.stderr.on("data", (d) => { stderr += d; });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (pred, ms, what) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(100);
  }
  check(false, `timed out waiting for ${what}`);
  return false;
};
await waitFor(() => stdout.includes("\n"), 60000, "the first table");
broken = true;
await setPrice(ctx, "WETH", 250000000000n);  // the chain moves on while the monitor cannot see it
await setPrice(ctx, "WETH", 255000000000n);
await waitFor(() => /stale/.test(stderr), 30000, "a staleness report");
check(child.exitCode === null, "monitor died while the RPC was failing");
broken = false;
const errorsBefore = stderr.length;
await sleep(2500);
const linesAfter = stderr.slice(errorsBefore).trim();
check(child.exitCode === null, "monitor died after recovery");
child.kill("SIGTERM");
const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));
proxy.close();
check(code === 0, `exit status ${code} after SIGTERM`);
console.log(`rpc failure: reported "${stderr.split("\n").find((l) => /stale/.test(l))}"; errors after recovery: ${linesAfter ? linesAfter.split("\n").length : 0}; exit ${code}`);
check(linesAfter === "" || !/stale/.test(linesAfter.split("\n").slice(-1)[0]), "still failing after the RPC came back");

if (failures > 0) {
  console.error(`${failures} checks failed`);
  process.exit(1);
}
console.log("monitor_chain: all checks passed");
