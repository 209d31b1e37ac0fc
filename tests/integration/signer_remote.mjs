// Remote-signer stand-in for tests/integration/signer_chain.cpp. Hardhat's EDR node does not
// implement eth_signTransaction (-32004), so this JSON-RPC server does, with ethers v6
// Wallet.signTransaction and hardhat's published account #0 key; then it runs the given command with
// LB_SIGNER_URL set and exits with its status. Paths pick the behaviour:
//   /        honest, answers the raw hex string (hardhat/Clef style)
//   /geth    honest, answers {raw, tx} (geth style)
//   /wrongkey signs with another key        /tamper  signs a transaction with value + 1
// usage: node signer_remote.mjs -- <cmd> [args...]
import http from "node:http";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
const { ethers } = createRequire(new URL("../js/package.json", import.meta.url))("ethers");

const HARDHAT_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OTHER = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const wallet = new ethers.Wallet(HARDHAT_0);
const other = new ethers.Wallet(OTHER);

async function signTransaction(path, t) {
  if (t.from.toLowerCase() !== wallet.address.toLowerCase()) {
    return { error: { code: -32000, message: `unknown account ${t.from}` } };
  }
  const tx = {
    type: Number(t.type), chainId: BigInt(t.chainId), nonce: Number(BigInt(t.nonce)), gasLimit: BigInt(t.gas),
    to: t.to ?? null, value: BigInt(t.value), data: t.data,
    ...(t.maxFeePerGas !== undefined ? { maxFeePerGas: BigInt(t.maxFeePerGas), maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas) }
      : { gasPrice: BigInt(t.gasPrice) }),
    ...(t.accessList !== undefined ? { accessList: t.accessList } : {}),
  };
  if (path === "/tamper") tx.value += 1n;
  const raw = await (path === "/wrongkey" ? other : wallet).signTransaction(tx);
  return { result: path === "/geth" ? { raw, tx: ethers.Transaction.from(raw).toJSON() } : raw };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    let reply;
    try {
      if (body.method === "eth_chainId") reply = { result: "0x2105" };
      else if (body.method === "eth_signTransaction") reply = await signTransaction(req.url, body.params[0]);
      else reply = { error: { code: -32601, message: `method ${body.method} not found` } };
    } catch (e) {
      reply = { error: { code: -32602, message: String(e.shortMessage ?? e.message) } };
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: body.id, ...reply }));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}`;
const dash = process.argv.indexOf("--");
if (dash < 0 || dash + 1 >= process.argv.length) throw new Error("usage: node signer_remote.mjs -- <cmd> [args...]");
const child = spawn(process.argv[dash + 1], process.argv.slice(dash + 2), { stdio: "inherit", env: { ...process.env, LB_SIGNER_URL: url } });
const stop = (signal) => child.kill(signal);
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
child.on("exit", (code, signal) => {
  server.close();
  server.closeAllConnections?.();
  process.exit(code ?? (signal ? 1 : 0));
});
