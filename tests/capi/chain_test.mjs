// Runs capi_chain_test with the test bed's PoolAddressesProvider and borrowers (LB_DEPLOYMENT is
// the deployment JSON or a path to it; run under tests/js/testbed.mjs).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const program = process.argv[2];
const text = process.env.LB_DEPLOYMENT;
if (!program || !text || !process.env.LB_RPC_URL)
  throw new Error("usage: chain_test.mjs <capi_chain_test> (under testbed.mjs with LB_RPC_URL and LB_DEPLOYMENT)");
const deployment = JSON.parse(text.trim().startsWith("{") ? text : fs.readFileSync(text, "utf8"));
const users = deployment.borrowers.slice(0, 8).map((b) => b.address);
const run = spawnSync(program, [deployment.poolAddressesProvider, ...users], { stdio: "inherit" });
process.exit(run.status ?? 1);
