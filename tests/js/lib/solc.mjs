// Compiles the test bed's own Solidity sources (tests/js/contracts/*.sol) with solc-js from npm.
// Output is cached in the OS temp dir, keyed by the sources' hash and the compiler version.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { JS_DIR } from "./chain.mjs";

const require = createRequire(import.meta.url);
const CONTRACTS_DIR = path.join(JS_DIR, "contracts");

export function compileContracts(names = ["Multicall3", "GasPriceOracle"]) {
  const sources = {};
  for (const n of names) sources[`${n}.sol`] = { content: fs.readFileSync(path.join(CONTRACTS_DIR, `${n}.sol`), "utf8") };
  const solcPkg = require("solc/package.json");
  const key = crypto.createHash("sha256").update(solcPkg.version).update(JSON.stringify(sources)).digest("hex").slice(0, 24);
  const cacheFile = path.join(os.tmpdir(), `liquidbot-testbed-solc-${key}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, "utf8"));
  const solc = require("solc");
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.deployedBytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error("solc: " + errors.map((e) => e.formattedMessage).join("\n"));
  const result = {};
  for (const n of names) {
    const c = output.contracts[`${n}.sol`][n];
    result[n] = { abi: c.abi, runtime: "0x" + c.evm.deployedBytecode.object };
  }
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result));
  fs.renameSync(tmp, cacheFile);
  return result;
}
