// Peer of benchmarks/rpc_bench.cpp: ethers 6.17.0 JsonRpcProvider on loopback against the hardhat
// node: one eth_blockNumber round trip (batching off, so each send is one HTTP request), and 100
// eth_blockNumber sends batched into one request (batchMaxCount 100). Starts its own node with the
// test-bed CLI unless LB_NODE_RPC_URL is set. Prints JSON lines {"name","ns_per_op","peer"}.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");
const testbed = fileURLToPath(new URL("../../tests/js/testbed.mjs", import.meta.url));

let url = process.env.LB_NODE_RPC_URL;
const stateFile = `/tmp/liquidbot-rpc-peer-${process.pid}.json`;
if (!url) {
  const env = execFileSync(process.execPath, [testbed, "start", "--borrowers", "0", "--state-file", stateFile], { encoding: "utf8" });
  url = /LB_NODE_RPC_URL=(\S+)/.exec(env)[1];
}

const network = ethers.Network.from(8453);
const single = new ethers.JsonRpcProvider(url, network, { staticNetwork: network, batchMaxCount: 1, batchStallTime: 0 });
const batched = new ethers.JsonRpcProvider(url, network, { staticNetwork: network, batchMaxCount: 100, batchStallTime: 0 });

async function measure(fn, seconds = 2) {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(seconds * 1e9);
  while (process.hrtime.bigint() - start < limit) { await fn(); n++; }
  return Number(process.hrtime.bigint() - start) / n;
}

const peer = "ethers 6.17.0";
const round = await measure(() => single.send("eth_blockNumber", []));
console.log(JSON.stringify({ name: "rpc_round_trip_block_number", ns_per_op: round, peer }));
const batch = await measure(async () => {
  const all = await Promise.all(Array.from({ length: 100 }, () => batched.send("eth_blockNumber", [])));
  if (all.length !== 100) throw new Error("batch lost replies");
});
console.log(JSON.stringify({ name: "rpc_batch_100_calls", ns_per_op: batch, peer }));
single.destroy();
batched.destroy();
if (!process.env.LB_NODE_RPC_URL) execFileSync(process.execPath, [testbed, "stop", "--state-file", stateFile]);
