// The GasPriceOracle stand-in (Solidity, compiled with solc-js) against an independent JS FastLZ
// compressor and the Fjord fee formula, on random byte strings, plus op-geth's published vectors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { startChain } from "../lib/chain.mjs";
import { rpc, rpcBatch } from "../lib/rpc.mjs";
import { compileContracts } from "../lib/solc.mjs";
import { GAS_PRICE_ORACLE_ADDRESS } from "../lib/aave.mjs";
import { compress, decompress, fjordL1Fee } from "../lib/fastlz.mjs";
import { prng } from "../lib/scenario.mjs";

let chain;
let GPO;
const call = async (fn, args = []) => GPO.decodeFunctionResult(fn, await rpc(chain.url, "eth_call", [{ to: GAS_PRICE_ORACLE_ADDRESS, data: GPO.encodeFunctionData(fn, args) }, "latest"]))[0];
async function setParams(p) {
  const [from] = await rpc(chain.url, "eth_accounts");
  await rpc(chain.url, "eth_sendTransaction", [{ from, to: GAS_PRICE_ORACLE_ADDRESS, gas: "0x100000",
    data: GPO.encodeFunctionData("setL1FeeParams", [p.l1BaseFee, p.blobBaseFee, p.baseFeeScalar, p.blobBaseFeeScalar]) }]);
  await rpc(chain.url, "evm_mine", []);
}

before(async () => {
  const own = compileContracts();
  GPO = new ethers.Interface(own.GasPriceOracle.abi);
  chain = await startChain({});
  await rpc(chain.url, "hardhat_setCode", [GAS_PRICE_ORACLE_ADDRESS, own.GasPriceOracle.runtime]);
});
after(async () => { await chain?.stop(); });

test("JS FastLZ: op-geth FlzCompressLen vectors and round trips", () => {
  assert.equal(compress([]).length, 0);
  assert.equal(compress(new Uint8Array(1000).fill(1)).length, 21);
  assert.equal(compress(new Uint8Array(1000)).length, 21);
  const rng = prng(9);
  for (let i = 0; i < 300; i++) {
    const data = randomBytes(rng);
    assert.deepEqual(decompress(compress(data)), data);
  }
});

function randomBytes(rng) {
  const n = rng.int(0, 900);
  const b = new Uint8Array(n);
  const style = rng.int(0, 3);
  for (let i = 0; i < n; i++) {
    if (style === 0) b[i] = rng.int(0, 255);
    else if (style === 1) b[i] = rng.float() < 0.7 ? 0 : rng.int(0, 255); // calldata-like, zero heavy
    else if (style === 2) b[i] = i >= 40 && rng.float() < 0.8 ? b[i - rng.int(1, 40)] : rng.int(0, 255); // repeats
    else b[i] = rng.int(0, 3);
  }
  return b;
}

test("getL1Fee matches the Fjord formula over the JS FastLZ size (random byte strings)", async () => {
  const p = { l1BaseFee: 7123456789n, blobBaseFee: 3n, baseFeeScalar: 2269n, blobBaseFeeScalar: 1055778n };
  await setParams(p);
  assert.equal(await call("isFjord"), true);
  assert.equal(await call("decimals"), 6n);
  assert.equal(await call("l1BaseFee"), p.l1BaseFee);
  assert.equal(await call("blobBaseFee"), p.blobBaseFee);
  assert.equal(await call("baseFeeScalar"), p.baseFeeScalar);
  assert.equal(await call("blobBaseFeeScalar"), p.blobBaseFeeScalar);
  const rng = prng(2026);
  const cases = Array.from({ length: 48 }, () => randomBytes(rng));
  cases.push(new Uint8Array(0), new Uint8Array(12).fill(7), new Uint8Array(13).fill(7), new Uint8Array(3000).fill(0xab));
  const raw = await rpcBatch(chain.url, cases.map((c) => ["eth_call", [{ to: GAS_PRICE_ORACLE_ADDRESS, data: GPO.encodeFunctionData("getL1Fee", [c]) }, "latest"]]));
  cases.forEach((c, i) => {
    const got = GPO.decodeFunctionResult("getL1Fee", raw[i])[0];
    const want = fjordL1Fee({ fastLzSize: compress(c).length + 68, ...p });
    assert.equal(got, want, `case ${i} (${c.length} bytes)`);
  });
  const lens = await rpcBatch(chain.url, cases.slice(0, 12).map((c) => ["eth_call", [{ to: GAS_PRICE_ORACLE_ADDRESS, data: GPO.encodeFunctionData("flzCompressLen", [c]) }, "latest"]]));
  lens.forEach((r, i) => assert.equal(Number(GPO.decodeFunctionResult("flzCompressLen", r)[0]), compress(cases[i]).length));
});

test("op-geth Fjord vectors through getL1FeeUpperBound and getL1GasUsed", async () => {
  await setParams({ l1BaseFee: 2000000n, blobBaseFee: 3000000n, baseFeeScalar: 20n, blobBaseFeeScalar: 15n });
  // unsigned size 151 -> txSize 219 -> upper bound 219 + 0 + 16 = 235 (op-geth: fee 105484).
  assert.equal(await call("getL1FeeUpperBound", [151n]), 105484n);
  await setParams({ l1BaseFee: 1000000000n, blobBaseFee: 10000000n, baseFeeScalar: 2n, blobBaseFeeScalar: 3n });
  // sizes 100..170 sit on the 100e6 floor (op-geth: 3203000).
  for (const unsigned of [16n, 40n, 86n]) assert.equal(await call("getL1FeeUpperBound", [unsigned]), 3203000n);
  const data = new Uint8Array(300).map((_, i) => (i * 7919) & 255);
  const size = BigInt(compress(data).length + 68);
  const est = -42585600n + 836500n * size;
  assert.equal(await call("getL1GasUsed", [data]), ((est < 100000000n ? 100000000n : est) * 16n) / 1000000n);
});
