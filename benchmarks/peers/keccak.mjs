// Peer of benchmarks/keccak_bench.cpp: ethers v6 keccak256 on 32, 136 and 300 bytes (bytes
// i*7+1 mod 256, as in the C++ benchmark) and getAddress (EIP-55) of a lowercase address.
// Prints JSON lines {"name","ns_per_op","peer"} named like liquidbot's benchmarks.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");

const inputOf = (size) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 1) & 0xff);

function measure(fn, iterations) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += fn().length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error("no output");
  return elapsed / iterations;
}

function best(fn, iterations) {
  measure(fn, iterations);  // warm up the JIT
  return Math.min(measure(fn, iterations), measure(fn, iterations), measure(fn, iterations));
}

const peer = `ethers ${ethers.version}`;
for (const size of [32, 136, 300]) {
  const data = inputOf(size);
  console.log(JSON.stringify({ name: `keccak_${size}`, ns_per_op: best(() => ethers.keccak256(data), 100000), peer }));
}
const lower = ethers.hexlify(inputOf(20));
console.log(JSON.stringify({ name: "address_checksum", ns_per_op: best(() => ethers.getAddress(lower), 100000), peer }));
