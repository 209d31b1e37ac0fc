// Peer of benchmarks/rlp_bench.cpp: ethers v6 encodeRlp on the same EIP-1559-shaped field list
// (numeric fields through toBeArray, as ethers' own transaction serializer does) and decodeRlp of the
// result, converting the numeric fields back to bigint. Prints JSON lines {"name","ns_per_op","peer"}.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");

const tx = {
  chainId: 8453n, nonce: 42n, tip: 1000000n, fee: 2000000000n, gas: 250000n, to: "0x" + "35".repeat(20),
  value: 0n, data: "0x" + "ab".repeat(68), yParity: 1n,
  r: 0x9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9n,
  s: 0x1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809n,
};
const int = (v) => ethers.toBeArray(v);

function encode() {
  return ethers.encodeRlp([
    int(tx.chainId), int(tx.nonce), int(tx.tip), int(tx.fee), int(tx.gas), tx.to, int(tx.value), tx.data, [],
    int(tx.yParity), int(tx.r), int(tx.s),
  ]);
}

function decode(raw) {
  const f = ethers.decodeRlp(raw);
  const big = (hex) => (hex === "0x" ? 0n : BigInt(hex));
  return [big(f[0]), big(f[1]), big(f[2]), big(f[3]), big(f[4]), f[5], big(f[6]), f[7], f[8], big(f[9]),
    big(f[10]), big(f[11])];
}

function measure(fn, iterations) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += fn().length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === 0) throw new Error("no output");
  return elapsed / iterations;
}

const raw = encode();
if (decode(raw)[10] !== tx.r) throw new Error("round trip failed");
measure(encode, 20000);  // warm up the JIT
measure(() => decode(raw), 20000);
const enc = Math.min(measure(encode, 50000), measure(encode, 50000), measure(encode, 50000));
const dec = Math.min(measure(() => decode(raw), 50000), measure(() => decode(raw), 50000),
  measure(() => decode(raw), 50000));
const peer = `ethers ${ethers.version}`;
console.log(JSON.stringify({ name: "rlp_encode_tx", ns_per_op: enc, peer }));
console.log(JSON.stringify({ name: "rlp_decode_tx", ns_per_op: dec, peer }));
