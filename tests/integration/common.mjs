// Setup shared by the chain integration scripts run under tests/js/testbed.mjs: ethers from the test
// bed's packages, the test bed's environment (LB_RPC_URL, LB_DEPLOYMENT), a scratch directory and
// the check tally.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { rpc } from "../js/lib/rpc.mjs";

// ethers lives in tests/js/node_modules (the test bed's packages).
const requireFromJs = createRequire(new URL("../js/package.json", import.meta.url));
const ethersModule = await import(pathToFileURL(requireFromJs.resolve("ethers")).href);
export const ethers = ethersModule.ethers ?? ethersModule.default.ethers;

// The program under test (argv[2]); throws `usage: <usage>` without it.
export function programArg(usage) {
  const program = process.argv[2];
  if (!program) throw new Error(`usage: ${usage}`);
  return program;
}

// The test bed's RPC URL and deployment (LB_DEPLOYMENT is inline JSON or a file name), plus the
// { url, deployment } context the tests/js/lib helpers take. `extra` names further required
// variables, whose values are returned under the same names.
export function testBed(extra = []) {
  const names = ["LB_RPC_URL", ...extra, "LB_DEPLOYMENT"];
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) throw new Error(`${names.join(", ")} must be set (run under tests/js/testbed.mjs)`);
  const url = process.env.LB_RPC_URL;
  const text = process.env.LB_DEPLOYMENT;
  const deployment = JSON.parse(text.trim().startsWith("{") ? text : fs.readFileSync(text, "utf8"));
  const env = Object.fromEntries(extra.map((n) => [n, process.env[n]]));
  return { url, deployment, ctx: { url, deployment }, ...env };
}

// A fresh directory under the system temp dir.
export const tempDir = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

// Checks made and failed so far; check() counts one and reports a failure on stderr.
export const tally = { checks: 0, failures: 0 };
export function check(cond, what) {
  tally.checks++;
  if (!cond) {
    tally.failures++;
    console.error(`FAIL: ${what}`);
  }
}

export const headBlock = async (url) => Number(BigInt(await rpc(url, "eth_blockNumber")));

// `liquidbot snapshot` of `user` at the head block, evaluated at the next block's timestamp (the
// test bed mines every block 2 s after the previous one).
export async function nextBlockSnapshot(cli, url, deployment, user) {
  const snap = JSON.parse(execFileSync(cli, ["snapshot", "--rpc", url, "--addresses-provider", deployment.poolAddressesProvider,
    "--user", user, "--block", String(await headBlock(url)), "--chain-id", "8453"], { encoding: "utf8" }));
  return { ...snap, timestamp: snap.timestamp + 2 };
}
