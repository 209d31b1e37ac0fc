// What blocks a liquidation besides the health factor, on chain: the PriceOracleSentinel (3.0 test
// bed: Aave's own PriceOracleSentinel and SequencerOracle from @aave/core-v3, sequencer reported
// down) and a reserve's liquidation grace period (3.6 test bed: PoolConfigurator.setReservePause
// with a grace period). For each borrower with HF < 1, `liquidbot snapshot` (the reader reads the
// sentinel's verdict and the grace periods) and `liquidbot liquidation` say whether liquidationCall
// goes through at the next block; liquidationCall(max) simulated there (eth_call at "pending",
// whose timestamp the test bed pins to latest + 2 s) succeeds exactly when the engine says so, and
// a refusal the engine attributes to a sentinel is the pool's sentinel error.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { check, ethers, headBlock, nextBlockSnapshot, tally } from "./common.mjs";
import { Sender, artifact, iface } from "../js/lib/aave.mjs";
import { rpc } from "../js/lib/rpc.mjs";
import { accountData, advanceTime, setPrice } from "../js/lib/scenario.mjs";

const WAD = 10n ** 18n;
const TOKEN = new ethers.Interface(["function mint(uint256)", "function approve(address,uint256) returns (bool)"]);
const POOL = new ethers.Interface(["function liquidationCall(address,address,address,uint256,bool)"]);
const ORACLE = new ethers.Interface(["function getAssetPrice(address) view returns (uint256)"]);
const bit = (cfg, i) => ((cfg >> BigInt(i)) & 1n) === 1n;

// The engine's and the chain's answer for one borrower's first collateral / debt pair (null when the
// borrower has no such pair).
async function compare({ url, deployment, cli, tmp, user, liquidator }) {
  const snap = await nextBlockSnapshot(cli, url, deployment, user);
  const cfg = BigInt(snap.user.configuration);
  const coll = snap.reserves.find((r) => bit(cfg, 2 * r.id + 1));
  const debt = snap.reserves.find((r) => bit(cfg, 2 * r.id));
  if (!coll || !debt) return null;
  const file = path.join(tmp, `liq-${tally.checks}.json`);
  fs.writeFileSync(file, JSON.stringify(snap));
  const engine = JSON.parse(execFileSync(cli, ["liquidation", "--snapshot", file, "--collateral", coll.asset, "--debt", debt.asset], { encoding: "utf8" }));
  let chain = "ok";
  try {
    await rpc(url, "eth_call", [{ from: liquidator, to: deployment.pool,
      data: POOL.encodeFunctionData("liquidationCall", [coll.asset, debt.asset, user, ethers.MaxUint256, false]) }, "pending"]);
  } catch (e) {
    chain = e.revertData ?? String(e.message);
  }
  check(engine.liquidatable === (chain === "ok"), `${user}: engine liquidatable=${engine.liquidatable} (blockedBy ${engine.blockedBy}), chain liquidationCall: ${chain}`);
  return { engine, chain, snap, coll, debt };
}

async function fundLiquidator(url, deployment, liquidator) {
  const s = new Sender(url);
  for (const r of deployment.reserves) {
    await s.call(liquidator, r.underlying, TOKEN, "mint", [10n ** BigInt(r.decimals + 12)]);
    await s.call(liquidator, r.underlying, TOKEN, "approve", [deployment.pool, ethers.MaxUint256]);
  }
  await s.flush();
}

async function healthFactors(ctx, deployment) {
  const block = await headBlock(ctx.url);
  const out = [];
  for (const b of deployment.borrowers) out.push({ user: b.address, hf: BigInt((await accountData(ctx, b.address, block)).healthFactor) });
  return out;
}

// Lowers `asset`'s price step by step until some borrower is in [0.95, 1) and another below 0.95.
async function dropUntilBothBands(ctx, deployment, asset) {
  const start = BigInt(await rpc(ctx.url, "eth_call", [{ to: deployment.oracle, data: ORACLE.encodeFunctionData("getAssetPrice", [asset]) }, "latest"]));
  for (let percent = 95n; percent >= 30n; percent -= 5n) {
    await setPrice(ctx, asset, (start * percent) / 100n);
    const hfs = await healthFactors(ctx, deployment);
    const between = hfs.filter((x) => x.hf >= (95n * WAD) / 100n && x.hf < WAD);
    const below = hfs.filter((x) => x.hf < (95n * WAD) / 100n);
    if (between.length > 0 && below.length > 0) return { start, hfs };
  }
  return { start, hfs: null };
}

// 3.0 test bed: Aave's PriceOracleSentinel with the sequencer down blocks HF in [0.95, 1) only.
export async function checkSentinel({ url, ctx, deployment, cli, tmp }) {
  const admin = deployment.accounts[0].address;
  const liquidator = deployment.accounts[2].address;
  await fundLiquidator(url, deployment, liquidator);
  const deploy = new Sender(url);
  const sequencer = await deploy.add({ from: admin, data: ethers.concat([artifact("SequencerOracle").bytecode, iface("SequencerOracle").encodeDeploy([admin])]), label: "deploy SequencerOracle" });
  const sentinel = await deploy.add({ from: admin, data: ethers.concat([artifact("PriceOracleSentinel").bytecode,
    iface("PriceOracleSentinel").encodeDeploy([deployment.poolAddressesProvider, sequencer, 3600])]), label: "deploy PriceOracleSentinel" });
  await deploy.flush();
  const now = async () => Number(BigInt((await rpc(url, "eth_getBlockByNumber", ["latest", false])).timestamp));
  const setup = new Sender(url);
  await setup.call(admin, sequencer, iface("SequencerOracle"), "setAnswer", [true, await now()]);
  await setup.call(admin, deployment.poolAddressesProvider, iface("PoolAddressesProvider"), "setPriceOracleSentinel", [sentinel]);
  await setup.flush();

  const weth = deployment.reserves.find((r) => r.symbol === "WETH");
  const { start, hfs } = await dropUntilBothBands(ctx, deployment, weth.underlying);
  check(hfs !== null, "no WETH price drop put one borrower in [0.95, 1) and another below 0.95");
  const seen = { blocked: 0, bypassed: 0, afterRecovery: 0 };
  const sentinelError = (data) => typeof data === "string" && data.startsWith("0x08c379a0") &&
    ethers.AbiCoder.defaultAbiCoder().decode(["string"], "0x" + data.slice(10))[0] === "59";
  const between = [];
  for (const { user, hf } of hfs ?? []) {
    if (hf >= WAD) continue;
    const r = await compare({ url, deployment, cli, tmp, user, liquidator });
    if (!r) continue;
    if (r.engine.blockedBy !== null) {
      check(r.engine.blockedBy.includes("PriceOracleSentinel") && sentinelError(r.chain), `${user}: blocked by ${r.engine.blockedBy}, chain ${r.chain}`);
      seen.blocked++;
      between.push(user);
    } else if (r.engine.liquidatable && hf < (95n * WAD) / 100n) {
      seen.bypassed++;
    }
  }
  // The sequencer back up for longer than the sentinel's grace period: liquidations open again.
  const back = new Sender(url);
  await back.call(admin, sequencer, iface("SequencerOracle"), "setAnswer", [false, (await now()) - 7200]);
  await back.flush();
  for (const user of between) {
    const r = await compare({ url, deployment, cli, tmp, user, liquidator });
    if (r && r.engine.liquidatable) seen.afterRecovery++;
  }
  const reset = new Sender(url);
  await reset.call(admin, deployment.poolAddressesProvider, iface("PoolAddressesProvider"), "setPriceOracleSentinel", [ethers.ZeroAddress]);
  await reset.flush();
  await setPrice(ctx, weth.underlying, start);
  console.log(`sentinel: ${seen.blocked} liquidations blocked by the PriceOracleSentinel as on chain, ${seen.bypassed} with HF < 0.95 let through, ${seen.afterRecovery} open again after the sequencer's grace period`);
  check(seen.blocked > 0 && seen.bypassed > 0 && seen.afterRecovery === seen.blocked, `sentinel cases: ${JSON.stringify(seen)}`);
  return seen;
}

// 3.6 test bed: a reserve unpaused with a grace period blocks liquidations involving it until then.
export async function checkGracePeriod({ url, ctx, deployment, cli, tmp }) {
  const admin = deployment.accounts[0].address;
  const liquidator = deployment.accounts[2].address;
  await fundLiquidator(url, deployment, liquidator);
  const weth = deployment.reserves.find((r) => r.symbol === "WETH");
  const { start, hfs } = await dropUntilBothBands(ctx, deployment, weth.underlying);
  const underwater = (hfs ?? (await healthFactors(ctx, deployment))).filter((x) => x.hf < WAD).map((x) => x.user);
  check(underwater.length > 0, "no borrower with HF < 1 for the grace-period check");
  const graceError = ethers.id("LiquidationGraceSentinelCheckFailed()").slice(0, 10);
  const CONFIGURATOR = new ethers.Interface(["function setReservePause(address,bool,uint40)"]);
  const pause = new Sender(url);
  await pause.call(admin, deployment.poolConfigurator, CONFIGURATOR, "setReservePause", [weth.underlying, false, 3600]);
  await pause.flush();
  const seen = { blocked: 0, open: 0, reopened: 0 };
  const blockedUsers = [];
  for (const user of underwater) {
    const r = await compare({ url, deployment, cli, tmp, user, liquidator });
    if (!r) continue;
    const involvesWeth = [r.coll.asset, r.debt.asset].some((a) => a.toLowerCase() === weth.underlying.toLowerCase());
    if (involvesWeth) {
      check(r.engine.blockedBy !== null && r.engine.blockedBy.includes("grace period") && r.chain.startsWith(graceError),
        `${user}: WETH in its grace period: engine ${r.engine.blockedBy}, chain ${r.chain}`);
      seen.blocked++;
      blockedUsers.push(user);
    } else if (r.engine.liquidatable) {
      seen.open++;
    }
  }
  await advanceTime(ctx, 3601);
  for (const user of blockedUsers) {
    const r = await compare({ url, deployment, cli, tmp, user, liquidator });
    if (r && r.engine.liquidatable && r.engine.blockedBy === null) seen.reopened++;
  }
  await setPrice(ctx, weth.underlying, start);
  console.log(`grace period: ${seen.blocked} liquidations blocked by WETH's grace period as on chain, ${seen.open} others open, ${seen.reopened} open again after it`);
  check(seen.blocked > 0 && seen.reopened === seen.blocked, `grace-period cases: ${JSON.stringify(seen)}`);
  return seen;
}
