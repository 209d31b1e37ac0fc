// Peer of benchmarks/tx_bench.cpp: ethers v6 Wallet.signTransaction for the same EIP-1559
// transaction (build + sign + serialize), and Transaction.from(raw).from (decode + recover).
// Prints JSON lines {"name","ns_per_op","peer"} named like liquidbot's benchmarks.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");

const wallet = new ethers.Wallet("0x" + "46".repeat(32));
const tx = {
  type: 2, chainId: 8453n, nonce: 42, maxPriorityFeePerGas: 1000000n, maxFeePerGas: 2000000000n,
  gasLimit: 250000n, to: "0x" + "35".repeat(20), value: 0n, data: "0x" + "ab".repeat(68), accessList: [],
};

async function measureSign(iterations) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += (await wallet.signTransaction(tx)).length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error("no output");
  return elapsed / iterations;
}

function measureRecover(raw, iterations) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += ethers.Transaction.from(raw).from.length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink !== 42 * iterations) throw new Error("unexpected sender");
  return elapsed / iterations;
}

const raw = await wallet.signTransaction(tx);
if (ethers.Transaction.from(raw).from !== wallet.address) throw new Error("wrong sender");
await measureSign(200);  // warm up the JIT
const sign = Math.min(await measureSign(1000), await measureSign(1000), await measureSign(1000));
measureRecover(raw, 100);
const recover = Math.min(measureRecover(raw, 500), measureRecover(raw, 500), measureRecover(raw, 500));
const peer = `ethers ${ethers.version}`;
console.log(JSON.stringify({ name: "tx_build_sign_serialize_1559", ns_per_op: sign, peer }));
console.log(JSON.stringify({ name: "tx_recover_sender", ns_per_op: recover, peer }));
