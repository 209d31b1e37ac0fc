// Test fixtures for the executor: compiles contracts/FlashLoanOrchestrator.sol (the product
// contract) and tests/js/contracts/TestDex.sol with solc-js, deploys them on the test bed, sets the
// DEX rates from the oracle prices and funds its inventory with minted test tokens.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { ethers } from "ethers";
import { JS_DIR } from "./chain.mjs";
import { Sender, iface, ethCall } from "./aave.mjs";

const require = createRequire(import.meta.url);
const REPO = path.resolve(JS_DIR, "..", "..");
const SOURCES = {
  "FlashLoanOrchestrator.sol": path.join(REPO, "contracts", "FlashLoanOrchestrator.sol"),
  "TestDex.sol": path.join(JS_DIR, "contracts", "TestDex.sol"),
};

/// { FlashLoanOrchestrator: {abi, bytecode}, TestDex: {abi, bytecode} } (cached by source hash).
export function compileExecutorContracts() {
  const sources = {};
  for (const [name, file] of Object.entries(SOURCES)) sources[name] = { content: fs.readFileSync(file, "utf8") };
  const version = require("solc/package.json").version;
  const key = crypto.createHash("sha256").update(version).update(JSON.stringify(sources)).digest("hex").slice(0, 24);
  const cacheFile = path.join(os.tmpdir(), `liquidbot-executor-solc-${key}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, "utf8"));
  const solc = require("solc");
  const output = JSON.parse(solc.compile(JSON.stringify({
    language: "Solidity",
    sources,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  })));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error("solc: " + errors.map((e) => e.formattedMessage).join("\n"));
  const result = {};
  for (const file of Object.keys(SOURCES)) {
    const name = file.replace(/\.sol$/, "");
    const c = output.contracts[file][name];
    result[name] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
  }
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result));
  fs.renameSync(tmp, cacheFile);
  return result;
}

const WAD = 10n ** 18n;

/// DEX rate (raw units of `to` per 1e18 raw units of `from`) at oracle prices less `discountBps`,
/// rounded down to a multiple of 10^(decimals of from) so that quotes are exact integers per unit.
export function dexRate(fromPrice, fromDecimals, toPrice, toDecimals, discountBps = 100n) {
  return (BigInt(fromPrice) * 10n ** BigInt(toDecimals) * WAD * (10000n - discountBps)) /
    (BigInt(toPrice) * 10n ** BigInt(fromDecimals) * 10000n);
}

/// Deploys TestDex and FlashLoanOrchestrator from `owner` (an unlocked account); the owner is the
/// first keeper, `keepers` are added. Rates between every pair of reserves are set at oracle prices
/// less `discountBps`, and the DEX holds `inventoryUnits` whole tokens of every reserve.
export async function deployExecutorContracts(ctx, { owner, keepers = [], feeCollector, feeBpsCap = 100,
  feeCap = 2n ** 255n, discountBps = 100n, inventoryUnits = 10n ** 9n } = {}) {
  const { url, deployment } = ctx;
  const built = compileExecutorContracts();
  const s = new Sender(url);
  const dex = await s.add({ from: owner, data: built.TestDex.bytecode, gas: 6000000, label: "deploy TestDex" });
  const orchArgs = ethers.AbiCoder.defaultAbiCoder().encode(
    ["address", "address", "address", "uint16", "uint256"], [deployment.pool, dex, feeCollector, feeBpsCap, feeCap]);
  const orchestrator = await s.add({ from: owner, data: built.FlashLoanOrchestrator.bytecode + orchArgs.slice(2),
    gas: 6000000, label: "deploy FlashLoanOrchestrator" });
  await s.flush();
  const DEX = new ethers.Interface(built.TestDex.abi);
  const ORCH = new ethers.Interface(built.FlashLoanOrchestrator.abi);
  const TOKEN = iface("MintableERC20");
  const ORACLE = iface("AaveOracle");
  const prices = {};
  for (const r of deployment.reserves) prices[r.underlying] = await ethCall(url, deployment.oracle, ORACLE, "getAssetPrice", [r.underlying]);
  const t = new Sender(url);
  for (const a of deployment.reserves) {
    await t.call(owner, a.underlying, TOKEN, "mint(address,uint256)", [dex, inventoryUnits * 10n ** BigInt(a.decimals)]);
    for (const b of deployment.reserves) {
      if (a === b) continue;
      await t.call(owner, dex, DEX, "setRate", [a.underlying, b.underlying,
        dexRate(prices[a.underlying], a.decimals, prices[b.underlying], b.decimals, discountBps)]);
    }
  }
  for (const k of keepers) await t.call(owner, orchestrator, ORCH, "setKeeper", [k, true]);
  await t.flush();
  return { dex, orchestrator, DEX, ORCH, prices, abi: built };
}
