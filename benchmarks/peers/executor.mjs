// Peer of benchmarks/executor_bench.cpp: the non-engine part of the same trigger -> node pipeline
// with ethers 6.17.0: Interface.encodeFunctionData (repay), the service fee and the total cost in base
// currency checked against a cap in BigInt (gas x max fee + an L1 fee, at an ETH price, plus the fee
// at the asset price, rounded up as the executor does), Wallet.signTransaction (EIP-1559, chain
// 8453) and JsonRpcProvider.send("eth_sendRawTransaction") over HTTP keep-alive to an in-process
// loopback responder that answers every request with a fixed hash. No strategy choice or sizing
// (ethers has no Aave engine), so the C++ side does strictly more work per intervention. p50 and
// p99 over 1,000 interventions. Prints JSON lines {"name","ns_per_op","peer"}.
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/js/package.json", import.meta.url));
const { ethers } = require("ethers");

const hash = "0x" + "1".repeat(64);
const server = http.createServer({ keepAlive: true }, (req, res) => {
  let body = "";
  req.on("data", (d) => { body += d; });
  req.on("end", () => {
    const { id } = JSON.parse(body);
    const reply = JSON.stringify({ jsonrpc: "2.0", id, result: hash });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;
const network = ethers.Network.from(8453);
const provider = new ethers.JsonRpcProvider(url, network, { staticNetwork: network, batchMaxCount: 1, batchStallTime: 0 });
const wallet = new ethers.Wallet("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
const pool = new ethers.Interface(["function repay(address,uint256,uint256,address) returns (uint256)"]);
const POOL = "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5";
const USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const USER = "0x1111111111111111111111111111111111111111";
let nonce = 0;

const ceilDiv = (a, b) => (a + b - 1n) / b;
const ETH_PRICE = 300000000000n;  // base currency (1e8) per ETH
const USDC_PRICE = 100000000n;
const MAX_COST = 1000000000000n;
const L1_FEE = 2142342729n;

async function intervention() {
  const amount = 1234567890n;
  const fee = ceilDiv(amount * 10n, 10000n);
  const networkWei = 300000n * 2000000000n + L1_FEE;
  const total = ceilDiv(networkWei * ETH_PRICE, 10n ** 18n) + ceilDiv(fee * USDC_PRICE, 10n ** 6n);
  if (total > MAX_COST) throw new Error("cost cap");
  const data = pool.encodeFunctionData("repay", [USDC, amount, 2, USER]);
  const raw = await wallet.signTransaction({ type: 2, chainId: 8453, nonce: nonce++, maxPriorityFeePerGas: 1000000n,
    maxFeePerGas: 2000000000n, gasLimit: 300000n, to: POOL, data, value: 0n });
  await provider.send("eth_sendRawTransaction", [raw]);
}

for (let i = 0; i < 50; i++) await intervention();
const samples = [];
for (let i = 0; i < 1000; i++) {
  const t0 = process.hrtime.bigint();
  await intervention();
  samples.push(Number(process.hrtime.bigint() - t0));
}
samples.sort((a, b) => a - b);
const peer = "ethers 6.17.0";
console.log(JSON.stringify({ name: "executor_trigger_to_node_p50", ns_per_op: samples[500], peer }));
console.log(JSON.stringify({ name: "executor_trigger_to_node_p99", ns_per_op: samples[990], peer }));
provider.destroy();
server.close();
