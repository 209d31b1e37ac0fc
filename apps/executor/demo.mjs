// The README's main job: a local chain with the real Aave V3 and the subgraph stand-in, demo
// positions enrolled with liquidbot-executor, the executor running, a price drop, and the executor
// protecting the positions (tx hash, HF before -> after, gas + L1 fee, service fee), then everything
// stopped. Run by scripts/demo-executor.sh; needs the test-bed packages (tests/js/node_modules).
//   node apps/executor/demo.mjs <liquidbot-executor>
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const JS = path.join(REPO, "tests", "js");
const requireFromJs = createRequire(path.join(JS, "package.json"));
const ethersModule = await import(pathToFileURL(requireFromJs.resolve("ethers")).href);
const ethers = ethersModule.ethers ?? ethersModule.default.ethers;
const { startTestbed } = await import(pathToFileURL(path.join(JS, "lib", "testbed.mjs")).href);
const { Sender, iface } = await import(pathToFileURL(path.join(JS, "lib", "aave.mjs")).href);
const { userSnapshot, setPrice } = await import(pathToFileURL(path.join(JS, "lib", "scenario.mjs")).href);

const EXE = process.argv[2];
if (!EXE) throw new Error("usage: demo.mjs <liquidbot-executor>");
const say = (text) => console.log(`\n== ${text}`);
const WAD = 10n ** 18n;
const fmt = (wad) => Number(ethers.formatUnits(wad, 18)).toFixed(4);

say("starting the local chain (Hardhat, chain 8453, real Aave V3) and the subgraph stand-in");
const bed = await startTestbed({ borrowers: 60, seed: 3, subgraph: true });
let child;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-demo-"));
try {
  const deployment = bed.deployment;
  const ctx = { url: bed.env.LB_RPC_URL, deployment };
  console.log(`RPC ${bed.env.LB_RPC_URL}  subgraph ${bed.env.LB_SUBGRAPH_URL}  pool ${deployment.pool}`);

  const executor = deployment.accounts[6];
  const env = { ...process.env, BASE_RPC_URL: ctx.url, BASE_CHAIN_ID: "8453", WALLET_PRIVATE_KEY: executor.privateKey,
    AAVE_V3_POOL_ADDRESSES_PROVIDER: deployment.poolAddressesProvider, AAVE_V3_BASE_SUBGRAPH_URL: bed.env.LB_SUBGRAPH_URL,
    FEE_COLLECTOR_ADDRESS: deployment.accounts[5].address, LIQUIDBOT_DATABASE: path.join(tmp, "executor.db"), LOG_LEVEL: "info" };
  const config = path.join(tmp, "executor.toml");
  fs.writeFileSync(config, "[executor]\npoll_interval_ms = 100\n[fees]\nservice_fee_bps = 10\n");

  // Demo positions: single-collateral borrowers on the most common collateral.
  const groups = {};
  for (const b of deployment.borrowers) {
    const { snapshot, accountData } = await userSnapshot(ctx, b.address);
    const cfg = BigInt(snapshot.user.configuration);
    const colls = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n);
    const debts = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id)) & 1n) === 1n);
    const hf = BigInt(accountData.healthFactor);
    if (colls.length !== 1 || debts.some((d) => d.asset === colls[0].asset) || hf < (WAD * 104n) / 100n || hf > 3n * WAD) continue;
    (groups[colls[0].asset] ??= []).push({ address: b.address, hf, price: BigInt(colls[0].price) });
  }
  const [asset, users] = Object.entries(groups).sort((a, b) => b[1].length - a[1].length)[0];
  const reserve = deployment.reserves.find((r) => r.underlying === asset);
  const demo = users.slice(0, 3);
  say(`enrolling ${demo.length} positions (collateral ${reserve.symbol}): act below 97% of today's HF, restore to today's HF`);
  for (const u of demo) {
    const act = ((u.hf * 97n) / 100n / 10n ** 14n) * 10n ** 14n;
    const target = (u.hf / 10n ** 14n) * 10n ** 14n;
    execFileSync(EXE, ["enroll", "--config", config, "--user", u.address, "--act-below", ethers.formatUnits(act, 18),
      "--target-hf", ethers.formatUnits(target, 18), "--strategies", "repay,supply"], { env, stdio: "inherit" });
  }
  const s = new Sender(ctx.url);
  for (const r of deployment.reserves)
    await s.call(deployment.accounts[0].address, r.underlying, iface("MintableERC20"), "mint(address,uint256)", [executor.address, 10n ** BigInt(r.decimals + 9)]);
  await s.flush();

  say("starting liquidbot-executor");
  child = spawn(EXE, ["run", "--config", config], { env, stdio: ["ignore", "pipe", "inherit"] });
  const events = [];
  let buffered = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d) => {
    buffered += d;
    let i;
    while ((i = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      console.log(`  executor | ${line}`);
      try { events.push(JSON.parse(line)); } catch { /* printed as is */ }
    }
  });
  const until = async (pred, ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end && !pred()) await new Promise((r) => setTimeout(r, 50));
    return pred();
  };
  await until(() => events.some((e) => e.event === "start"), 20000);

  say(`dropping the ${reserve.symbol} price by 8%`);
  await setPrice(ctx, reserve.symbol, (demo[0].price * 92n) / 100n);
  const ok = await until(() => demo.every((u) => events.some((e) => e.event === "protected" && e.user === u.address)), 30000);

  say("result");
  for (const u of demo) {
    const e = events.find((x) => x.event === "protected" && x.user === u.address);
    if (!e) { console.log(`${u.address}: NOT protected`); continue; }
    const now = BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor);
    console.log(`${u.address}  ${e.strategy}  tx ${e.tx}  block ${e.block}\n` +
      `    HF ${e.hfBefore} -> ${e.hfAfter} (now ${fmt(now)})  gas ${e.gasUsed} @ ${e.effectiveGasPrice} wei  ` +
      `L1 fee ${e.l1Fee} wei  total ${e.totalCostWei} wei  service fee ${e.serviceFee} (asset units)`);
  }
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  child = undefined;
  process.exitCode = ok ? 0 : 1;
} finally {
  if (child) child.kill("SIGKILL");
  say("stopping everything");
  await bed.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
