// Checks an example's output with ethers v6 (an independent implementation): the raw transaction
// decodes to an EIP-1559 transaction on chain 8453 to the Aave Pool, signed by the example's test
// key, whose calldata is Pool.repay(asset, <printed amount>, 2, <snapshot user>), and whose hash is
// the printed one.
//   node check_example_tx.mjs <tests/js dir> <example program> <snapshot.json>
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [jsDir, program, snapshotPath] = process.argv.slice(2);
const { ethers } = createRequire(path.join(jsDir, "package.json"))("ethers");
const run = spawnSync(program, [snapshotPath], { encoding: "utf8" });
if (run.status !== 0) throw new Error(`${program} exited with ${run.status}: ${run.stderr}`);
const field = (label) => {
  const line = run.stdout.split("\n").find((l) => l.startsWith(label));
  if (!line) throw new Error(`no "${label}" line in:\n${run.stdout}`);
  return line.slice(label.length).trim();
};
const snapshot = JSON.parse(fs.readFileSync(snapshotPath, "utf8"));
const tx = ethers.Transaction.from(field("raw transaction:"));
const pool = "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5";
const usdc = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const testKeyAddress = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").address;
const expectedData = new ethers.Interface(["function repay(address,uint256,uint256,address)"]).encodeFunctionData(
  "repay", [usdc, BigInt(field("repay amount:")), 2n, ethers.getAddress(snapshot.user.address)]);
const checks = [
  ["type", tx.type, 2],
  ["chainId", tx.chainId, 8453n],
  ["to", tx.to, pool],
  ["from", tx.from, testKeyAddress],
  ["data", tx.data, expectedData],
  ["hash", tx.hash, field("transaction hash:")],
  ["nonce", tx.nonce, 0],
  ["gasLimit", tx.gasLimit, 300000n],
];
let failures = 0;
for (const [name, actual, expected] of checks) {
  if (actual !== expected) {
    console.error(`${name}: ${actual} != ${expected}`);
    ++failures;
  }
}
if (BigInt(field("repay amount:")) === 0n) {
  console.error("repay amount is 0: the example snapshot no longer needs a repay");
  ++failures;
}
if (failures) process.exit(1);
console.log(`ethers agrees: ${tx.hash} repays ${field("repay amount:")} for ${snapshot.user.address}`);
