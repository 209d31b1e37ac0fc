// The README's main job: a local chain with the real Aave V3 and the subgraph stand-in, demo
// positions enrolled with liquidbot-executor, the executor running (its monitor discovers every
// borrower through the stand-in and watches the enrolled ones), a price drop, and the executor
// protecting the positions (strategy chosen by the engine, tx hash, HF before -> after, gas + L1 fee,
// service fee), then everything stopped by PID. Run by scripts/demo-executor.sh; needs the test-bed
// packages (tests/js/node_modules).
//   node apps/executor/demo.mjs <liquidbot-executor> [--verbose]
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
const lib = (name) => import(pathToFileURL(path.join(JS, "lib", name)).href);
const { startTestbed } = await lib("testbed.mjs");
const { Sender, iface } = await lib("aave.mjs");
const { rpc } = await lib("rpc.mjs");
const { userSnapshot, setPrice } = await lib("scenario.mjs");
const { deployExecutorContracts } = await lib("executor-fixtures.mjs");

const EXE = process.argv[2];
const VERBOSE = process.argv.includes("--verbose");
if (!EXE) throw new Error("usage: demo.mjs <liquidbot-executor> [--verbose]");
const started = Date.now();
const say = (text) => console.log(`\n== ${text}  [${((Date.now() - started) / 1000).toFixed(1)} s]`);
const WAD = 10n ** 18n;
const hf4 = (wad) => Number(ethers.formatUnits(wad, 18)).toFixed(4);
const MAX_COST = 5_000_000_000n;  // $50 per intervention
const usd = (base) => `$${(Number(base) / 1e8).toFixed(4)}`;  // Aave base currency: USD with 8 decimals

say("starting the local chain (Hardhat EDR, chain 8453, real Aave V3 1.19.3) and the subgraph stand-in");
const bed = await startTestbed({ borrowers: 60, seed: 3, subgraph: true });
let child;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-demo-"));
try {
  const deployment = bed.deployment;
  const url = bed.env.LB_RPC_URL;
  const ctx = { url, deployment };
  console.log(`RPC ${url}  subgraph ${bed.env.LB_SUBGRAPH_URL}  Pool ${deployment.pool}  ${deployment.borrowers.length} borrowers`);
  const executor = deployment.accounts[6];
  const feeCollector = deployment.accounts[5].address;
  const fx = await deployExecutorContracts(ctx, { owner: deployment.accounts[0].address, keepers: [executor.address],
    feeCollector, feeBpsCap: 100, discountBps: 20n });
  console.log(`FlashLoanOrchestrator ${fx.orchestrator}  test DEX ${fx.dex}`);
  const reserveOf = (asset) => deployment.reserves.find((r) => r.underlying.toLowerCase() === asset.toLowerCase());
  const weth = deployment.reserves.find((r) => r.symbol === "WETH").underlying;

  const env = { ...process.env, BASE_RPC_URL: url, BASE_CHAIN_ID: "8453", WALLET_PRIVATE_KEY: executor.privateKey,
    AAVE_V3_POOL_ADDRESSES_PROVIDER: deployment.poolAddressesProvider, AAVE_V3_BASE_SUBGRAPH_URL: bed.env.LB_SUBGRAPH_URL,
    FLASH_LOAN_ORCHESTRATOR_ADDRESS: fx.orchestrator, FEE_COLLECTOR_ADDRESS: feeCollector,
    LIQUIDBOT_DATABASE: path.join(tmp, "executor.db"), LOG_LEVEL: "info" };
  const config = path.join(tmp, "executor.toml");
  fs.writeFileSync(config, `[executor]\npoll_interval_ms = 100\n[fees]\nservice_fee_bps = 10\neth_price_asset = "${weth}"\n`);

  // Demo positions: borrowers whose only collateral is the most common one (debt in other assets).
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
  const reserve = reserveOf(asset);
  const demo = users.slice(0, 3);
  demo.forEach((u, i) => { u.strategies = i === demo.length - 1 ? "deleverage" : "repay,supply,deleverage"; });
  say(`enrolling ${demo.length} of the ${users.length} ${reserve.symbol}-collateral borrowers: act below 97% of today's HF, restore to today's HF`);
  for (const u of demo) {
    u.act = ((u.hf * 97n) / 100n / 10n ** 14n) * 10n ** 14n;
    u.target = (u.hf / 10n ** 14n) * 10n ** 14n;
    execFileSync(EXE, ["enroll", "--config", config, "--user", u.address, "--act-below", ethers.formatUnits(u.act, 18),
      "--target-hf", ethers.formatUnits(u.target, 18), "--strategies", u.strategies, "--max-cost", MAX_COST.toString()], { env });
    console.log(`  ${u.address}  HF ${hf4(u.hf)}  act below ${hf4(u.act)}  target ${hf4(u.target)}  strategies ${u.strategies}  max cost ${usd(MAX_COST)}`);
  }
  // The last one may be deleveraged: it approves the orchestrator on its aToken.
  const last = demo[demo.length - 1];
  await rpc(url, "hardhat_impersonateAccount", [last.address]);
  await rpc(url, "hardhat_setBalance", [last.address, "0x56bc75e2d63100000"]);
  const s = new Sender(url);
  await s.call(last.address, reserve.aToken, iface("MintableERC20"), "approve", [fx.orchestrator, ethers.MaxUint256]);
  for (const r of deployment.reserves)
    await s.call(deployment.accounts[0].address, r.underlying, iface("MintableERC20"), "mint(address,uint256)", [executor.address, 10n ** BigInt(r.decimals + 9)]);
  await s.flush();
  console.log(`  ${last.address} approved the orchestrator on a${reserve.symbol}; the executor ${executor.address} holds test tokens`);

  say("starting liquidbot-executor");
  child = spawn(EXE, ["run", "--config", config], { env, stdio: ["ignore", "pipe", "inherit"] });
  const events = [];
  let buffered = "";
  const shown = new Set(["start", "monitor", "trigger", "strategy", "sent", "protected", "cost_cap", "alert", "simulation_failed", "stopped"]);
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d) => {
    buffered += d;
    let i;
    while ((i = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      let e;
      try { e = JSON.parse(line); } catch { console.log(`  executor | ${line}`); continue; }
      events.push(e);
      if (VERBOSE || shown.has(e.event)) console.log(`  executor | ${line}`);
    }
  });
  const until = async (pred, ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end && !pred()) await new Promise((r) => setTimeout(r, 50));
    return pred();
  };
  await until(() => events.some((e) => e.event === "monitor"), 20000);
  await new Promise((r) => setTimeout(r, 1000));  // a cycle or two at the head: nobody is below a threshold yet

  say(`dropping the ${reserve.symbol} oracle price by 8%`);
  const drop = await setPrice(ctx, reserve.symbol, (demo[0].price * 92n) / 100n);
  const dropBlock = Number(drop.blockNumber);
  console.log(`  price set in block ${dropBlock}`);
  const ok = await until(() => demo.every((u) => events.some((e) => e.event === "protected" && e.user === u.address)), 30000);

  say("result");
  const ethPrice = BigInt((await userSnapshot(ctx, demo[0].address)).snapshot.reserves.find((r) => r.asset === weth).price);
  for (const u of demo) {
    const e = events.find((x) => x.event === "protected" && x.user === u.address);
    if (!e) { console.log(`${u.address}: NOT protected`); continue; }
    const choice = events.find((x) => x.event === "strategy" && x.user === u.address);
    const sent = events.find((x) => x.event === "sent" && x.user === u.address && x.strategy === e.strategy);
    const now = BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor);
    const feeReserve = e.feeAsset ? reserveOf(e.feeAsset) : undefined;
    const networkBase = (BigInt(e.totalCostWei) * ethPrice + WAD - 1n) / WAD;
    const reached = (choice?.candidates ?? []).filter((c) => c.costBase !== null).length;
    console.log(`${u.address}  ${e.strategy}: the engine's cheapest of ${reached} candidate(s) reaching the target` +
      `  block ${e.block} (price drop in ${dropBlock})\n` +
      `    tx ${e.tx}\n` +
      `    HF ${e.hfBefore} -> ${e.hfAfter}  (target ${hf4(u.target)}, on chain now ${hf4(now)})\n` +
      `    gas ${e.gasUsed} x ${ethers.formatUnits(e.effectiveGasPrice, "gwei")} gwei + L1 data fee ${ethers.formatEther(e.l1Fee)} ETH` +
      ` = ${ethers.formatEther(e.totalCostWei)} ETH (${usd(networkBase)})\n` +
      `    service fee ${feeReserve ? ethers.formatUnits(e.serviceFee, feeReserve.decimals) + " " + feeReserve.symbol : e.serviceFee}` +
      (e.strategy === "deleverage" ? " (paid to the fee collector by the orchestrator)" : " (recorded)") +
      `\n    worst-case total checked before sending ${usd(sent?.costBase ?? 0)} <= max cost ${usd(MAX_COST)}`);
  }
  const others = users.length - demo.length;
  const touched = events.filter((e) => e.event === "trigger" && !demo.some((u) => u.address === e.user)).length;
  console.log(`\n${others} other ${reserve.symbol}-collateral borrowers are not enrolled: ${touched} of them acted on.`);
  child.kill("SIGTERM");
  const code = await new Promise((r) => child.on("exit", (c) => r(c)));
  child = undefined;
  console.log(`liquidbot-executor stopped (exit code ${code}); interventions recorded in its database:`);
  process.stdout.write(execFileSync(EXE, ["status", "--config", config], { env, encoding: "utf8" }));
  process.exitCode = ok && code === 0 && touched === 0 ? 0 : 1;
} finally {
  if (child) child.kill("SIGKILL");
  say("stopping the executor, the chain and the stand-in (by PID)");
  await bed.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
