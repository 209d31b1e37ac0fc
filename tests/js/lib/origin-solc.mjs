// Compiles the Aave V3.6 contracts of @aave-dao/aave-v3-origin 3.6.0 (npm, Solidity sources only;
// BUSL-1.1, used here as a test-only dependency) with the compiler and settings origin pins in its
// foundry.toml: solc 0.8.27, optimizer on with 200 runs, EVM shanghai, no metadata hash. Origin's
// foundry remappings point into git submodules (solidity-utils -> openzeppelin 5.1.0); here they
// point at the same packages from npm (@bgd-labs/solidity-utils 1.1.2, @openzeppelin/* 5.1.0).
//
// The first run pays the compile (solc-js: about 20 s of CPU, minutes of wall time on a loaded
// machine); the artifacts are cached in the OS temp dir (like solc.mjs's, so that fresh clones on
// the same machine, e.g. CI's, share them) under a key hashing the compiler version, the settings,
// the contract list and every .sol file of those packages: any change of sources or settings
// recompiles.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { JS_DIR } from "./chain.mjs";

const require = createRequire(import.meta.url);
const NODE_MODULES = path.join(JS_DIR, "node_modules");
const CACHE_DIR = path.join(os.tmpdir(), "liquidbot-testbed-origin");
const ORIGIN = "@aave-dao/aave-v3-origin/src/contracts";
export const ORIGIN_COMPILER_PACKAGE = "solc-0.8.27";

// Contract name -> source unit (relative to origin's src/contracts).
export const ORIGIN_CONTRACTS = {
  PoolAddressesProvider: "protocol/configuration/PoolAddressesProvider.sol",
  ACLManager: "protocol/configuration/ACLManager.sol",
  PoolInstance: "instances/PoolInstance.sol",
  L2PoolInstance: "instances/L2PoolInstance.sol",
  PoolConfiguratorInstance: "instances/PoolConfiguratorInstance.sol",
  ATokenInstance: "instances/ATokenInstance.sol",
  VariableDebtTokenInstance: "instances/VariableDebtTokenInstance.sol",
  DefaultReserveInterestRateStrategyV2: "misc/DefaultReserveInterestRateStrategyV2.sol",
  AaveOracle: "misc/AaveOracle.sol",
  AaveProtocolDataProvider: "helpers/AaveProtocolDataProvider.sol",
  PriceOracle: "mocks/oracle/PriceOracle.sol",
  MintableERC20: "mocks/tokens/MintableERC20.sol",
};

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "shanghai",
  metadata: { bytecodeHash: "none" },
  remappings: [
    "openzeppelin-contracts/contracts/=@openzeppelin/contracts/",
    "openzeppelin-contracts-upgradeable/contracts/=@openzeppelin/contracts-upgradeable/",
    "solidity-utils/=@bgd-labs/solidity-utils/src/",
  ],
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.bytecode.linkReferences"] } },
};
// Package directories whose Solidity files can reach the compile (all of them are hashed).
const SOURCE_ROOTS = [ORIGIN, "@bgd-labs/solidity-utils/src", "@openzeppelin/contracts", "@openzeppelin/contracts-upgradeable"];

function solFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...solFiles(p));
    else if (e.name.endsWith(".sol")) out.push(p);
  }
  return out;
}

function cacheKey(version) {
  const h = crypto.createHash("sha256");
  h.update(version).update(JSON.stringify(SETTINGS)).update(JSON.stringify(ORIGIN_CONTRACTS));
  for (const root of SOURCE_ROOTS) {
    const dir = path.join(NODE_MODULES, root);
    if (!fs.existsSync(dir)) throw new Error(`origin compile: ${dir} missing (run npm ci in tests/js)`);
    for (const f of solFiles(dir).sort()) h.update(path.relative(NODE_MODULES, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  }
  return h.digest("hex").slice(0, 32);
}

// Returns { contracts: { Name: { abi, bytecode, linkReferences } }, cacheFile, cached, compileMs }.
// Library link references are keyed by bare library name (e.g. "SupplyLogic").
export function compileOrigin() {
  const version = require(`${ORIGIN_COMPILER_PACKAGE}/package.json`).version;
  const key = cacheKey(version);
  const cacheFile = path.join(CACHE_DIR, `aave-v3-origin-${key}.json`);
  if (fs.existsSync(cacheFile)) return { contracts: JSON.parse(fs.readFileSync(cacheFile, "utf8")), cacheFile, cached: true, compileMs: 0 };

  const solc = require(ORIGIN_COMPILER_PACKAGE);
  const sources = {};
  for (const unit of new Set(Object.values(ORIGIN_CONTRACTS))) {
    const name = `${ORIGIN}/${unit}`;
    sources[name] = { content: fs.readFileSync(path.join(NODE_MODULES, name), "utf8") };
  }
  const findImports = (unit) => {
    const file = path.join(NODE_MODULES, unit);
    if (!path.resolve(file).startsWith(NODE_MODULES + path.sep) || !fs.existsSync(file)) return { error: `origin compile: import ${unit} not found under ${NODE_MODULES}` };
    return { contents: fs.readFileSync(file, "utf8") };
  };
  const started = Date.now();
  const output = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources, settings: SETTINGS }), { import: findImports }));
  const compileMs = Date.now() - started;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error("origin compile (solc " + version + "): " + errors.map((e) => e.formattedMessage).join("\n"));
  const contracts = {};
  for (const [name, unit] of Object.entries(ORIGIN_CONTRACTS)) {
    const c = output.contracts?.[`${ORIGIN}/${unit}`]?.[name];
    if (!c) throw new Error(`origin compile: no output for ${name} in ${unit}`);
    contracts[name] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object, linkReferences: c.evm.bytecode.linkReferences ?? {} };
  }
  // Libraries the instances link against, compiled from the same run.
  const pending = Object.values(contracts).flatMap((c) => Object.values(c.linkReferences).flatMap((libs) => Object.keys(libs)));
  const units = Object.fromEntries(Object.entries(output.contracts).flatMap(([unit, cs]) => Object.keys(cs).map((n) => [n, unit])));
  while (pending.length) {
    const lib = pending.pop();
    if (contracts[lib]) continue;
    const c = output.contracts[units[lib]]?.[lib];
    if (!c) throw new Error(`origin compile: no output for linked library ${lib}`);
    contracts[lib] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object, linkReferences: c.evm.bytecode.linkReferences ?? {} };
    pending.push(...Object.values(contracts[lib].linkReferences).flatMap((libs) => Object.keys(libs)));
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(contracts));
  fs.renameSync(tmp, cacheFile);
  return { contracts, cacheFile, cached: false, compileMs };
}

// CLI: `node lib/origin-solc.mjs` compiles (or finds the cache) and prints what and how long.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const t0 = Date.now();
  const r = compileOrigin();
  const sizes = Object.fromEntries(Object.entries(r.contracts).map(([n, c]) => [n, (c.bytecode.length - 2) / 2]));
  console.log(JSON.stringify({ cacheFile: r.cacheFile, cached: r.cached, compileMs: r.compileMs, totalMs: Date.now() - t0, initcodeBytes: sizes }, null, 2));
}
