// Runs capi_chain_test under the test bed (tests/js/testbed.mjs run --subgraph) and checks its mined
// transactions with ethers v6 as the independent reference. It prepares:
//   - a v3 keystore made by ethers Wallet.encrypt for test-bed account #5 (the C side must derive
//     the same address: LB_KEYSTORE_ADDRESS is ethers' checksummed address);
//   - a JSON-RPC signing service on 127.0.0.1 answering eth_signTransaction with ethers
//     Wallet.signTransaction for account #6 (hardhat's EDR node does not implement the method);
//   - account #7's key for the sender and a scratch SQLite path for its store.
// Every "mined <kind> <hash> <from> <nonce>" line of the program is then looked up with ethers: the
// receipt must exist with status 1, and the transaction's from and nonce must be the printed ones.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { check, ethers, programArg, tally, tempDir, testBed } from "../integration/common.mjs";

const program = programArg("chain_test.mjs <capi_chain_test> (under testbed.mjs --subgraph)");
const { url, deployment, LB_SUBGRAPH_URL } = testBed(["LB_SUBGRAPH_URL"]);
const users = deployment.borrowers.slice(0, 8).map((b) => b.address);
const account = (i) => new ethers.Wallet(deployment.accounts[i].privateKey);
const keystoreWallet = account(5);
const remoteWallet = account(6);
const senderWallet = account(7);
const dir = tempDir("liquidbot-capi-chain-");
const password = "capi chain test password";

// Keystore: scrypt with a small N keeps the Debug build's decryption short (the format is the same).
const keystorePath = path.join(dir, "keystore.json");
const keystoreJson = await ethers.encryptKeystoreJson(
  { address: keystoreWallet.address, privateKey: keystoreWallet.privateKey }, password, { scrypt: { N: 1024 } });
fs.writeFileSync(keystorePath, keystoreJson, { mode: 0o600 });

// The signing service: eth_chainId and eth_signTransaction for remoteWallet only.
async function signTransaction(request) {
  if (String(request.from).toLowerCase() !== remoteWallet.address.toLowerCase())
    return { error: { code: -32000, message: `account ${request.from} is not held here` } };
  const tx = {
    type: Number(request.type), chainId: BigInt(request.chainId), nonce: Number(BigInt(request.nonce)),
    gasLimit: BigInt(request.gas), to: request.to ?? null, value: BigInt(request.value), data: request.data ?? "0x",
    maxFeePerGas: BigInt(request.maxFeePerGas), maxPriorityFeePerGas: BigInt(request.maxPriorityFeePerGas),
    accessList: request.accessList ?? [],
  };
  return { result: await remoteWallet.signTransaction(tx) };
}
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let body = {};
    let reply;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (body.method === "eth_chainId") reply = { result: "0x2105" };
      else if (body.method === "eth_signTransaction") reply = await signTransaction(body.params[0]);
      else reply = { error: { code: -32601, message: `method ${body.method} not found` } };
    } catch (e) {
      reply = { error: { code: -32602, message: String(e.shortMessage ?? e.message) } };
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: body.id ?? null, ...reply }));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const env = {
  ...process.env,
  LB_SUBGRAPH_URL,
  LB_KEYSTORE_PATH: keystorePath,
  LB_KEYSTORE_PASSWORD: password,
  LB_KEYSTORE_ADDRESS: keystoreWallet.address,
  LB_SIGNER_URL: `http://127.0.0.1:${server.address().port}`,
  LB_SIGNER_ADDRESS: remoteWallet.address,
  LB_SENDER_KEY: senderWallet.privateKey,
  LB_STORE_PATH: path.join(dir, "store.db"),
};
const child = spawn(program, [deployment.poolAddressesProvider, ...users], { env, stdio: ["ignore", "pipe", "inherit"] });
let output = "";
child.stdout.on("data", (d) => {
  output += d;
  process.stdout.write(d);
});
const status = await new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
server.close();
server.closeAllConnections?.();
check(status === 0, `capi_chain_test exited with ${status}`);

// Independent check of every mined transaction.
const provider = new ethers.JsonRpcProvider(url, 8453, { staticNetwork: true });
const expectedFrom = { keystore: keystoreWallet.address, "remote-url": remoteWallet.address,
  "remote-rpc": remoteWallet.address, sender: senderWallet.address };
const mined = [...output.matchAll(/^mined (\S+) (0x[0-9a-f]{64}) (0x[0-9a-fA-F]{40}) (\d+)$/gm)];
check(mined.length === 4, `4 mined transactions reported, got ${mined.length}`);
for (const [, kind, hash, from, nonce] of mined) {
  const receipt = await provider.getTransactionReceipt(hash);
  const tx = await provider.getTransaction(hash);
  check(receipt !== null && receipt.status === 1, `${kind} ${hash}: receipt with status 1`);
  check(tx !== null && tx.from === from && tx.from === expectedFrom[kind], `${kind} ${hash}: from ${tx?.from}, expected ${expectedFrom[kind]}`);
  check(tx !== null && tx.nonce === Number(nonce), `${kind} ${hash}: nonce ${tx?.nonce}, printed ${nonce}`);
}
provider.destroy();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`chain_test.mjs: ${tally.checks} checks, ${tally.failures} failed`);
process.exit(tally.failures === 0 ? 0 : 1);
