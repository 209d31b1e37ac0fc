// Peer of benchmarks/abi_bench.cpp: ethers v6 Interface.encodeFunctionData for the same
// Pool.repay(address,uint256,uint256,address) call. Prints JSON lines {"name","ns_per_op","peer"}:
// the one measurement under the names of liquidbot's typed and dynamic benchmarks, so the report
// pairs each with the same ethers figure.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");

const iface = new ethers.Interface(["function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf)"]);
const args = ["0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", 123456789012345678901234567890n, 2n,
  "0x1111111111111111111111111111111111111111"];
const expected = "0x573ade81";

function measure(iterations) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += iface.encodeFunctionData("repay", args).length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink !== iterations * 266) throw new Error("unexpected calldata length");
  return elapsed / iterations;
}

if (!iface.encodeFunctionData("repay", args).startsWith(expected)) throw new Error("wrong selector");
measure(20000);  // warm up the JIT
const samples = [measure(50000), measure(50000), measure(50000)];
const ns = Math.min(...samples);
const peer = `ethers ${ethers.version}`;
for (const name of ["abi_repay_calldata_typed", "abi_repay_calldata_dynamic"]) {
  console.log(JSON.stringify({ name, ns_per_op: ns, peer }));
}
