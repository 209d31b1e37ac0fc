// Starting/stopping the Hardhat (EDR) node and deterministic block production.
//
// The node runs with automine off (hardhat.config.cjs). Every block is mined by this module with an
// explicit timestamp: the previous block's timestamp plus BLOCK_TIME (or plus the requested amount for
// advanceTime). The JSON-RPC front (startRpcFront) given to programs under test forwards every request
// to the node and, after a request that submitted transactions, mines until all of them are included,
// so clients see ordinary "transaction mined" behaviour with reproducible timestamps.

import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rpc, rpcBatch, toQuantity } from "./rpc.mjs";

export const JS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHAIN_ID = 8453;
export const BLOCK_TIME = 2;
export const GENESIS_TIMESTAMP = 1759740800;
const HARDHAT_CLI = path.join(JS_DIR, "node_modules", "hardhat", "internal", "cli", "cli.js");
const HARDHAT_CONFIG = path.join(JS_DIR, "hardhat.config.cjs");

// Resolves to a port on 127.0.0.1 that was free at the time of the check.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Rejects if `port` on 127.0.0.1 is already taken (never reuse a foreign server).
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", (e) =>
      reject(new Error(`port 127.0.0.1:${port} is not available (${e.code}); refusing to reuse it`)));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// Sends SIGTERM to pid, waits up to graceMs, then SIGKILL. Only ever the given pid.
export async function stopPid(pid, graceMs = 3000) {
  if (!pid || !pidAlive(pid)) return;
  try { process.kill(pid, "SIGTERM"); } catch { return; }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return;
    await sleep(25);
  }
  try { process.kill(pid, "SIGKILL"); } catch { return; }
  while (pidAlive(pid)) await sleep(25);
}

// Starts `hardhat node` on 127.0.0.1:port (a free port if none given). Returns
// { url, port, pid, child, stop() }. The node's output goes to logFile (or is discarded).
export async function startChain({ port, logFile, timeoutMs = 30000 } = {}) {
  if (port === undefined) port = await freePort();
  else await assertPortFree(port);
  const out = logFile ? fs.openSync(logFile, "a") : "ignore";
  const child = spawn(process.execPath,
    [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port), "--config", HARDHAT_CONFIG],
    { cwd: JS_DIR, stdio: ["ignore", out, out], env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" } });
  if (typeof out === "number") fs.closeSync(out);
  let exited = null;
  child.once("exit", (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`hardhat node exited during start-up (code ${exited.code}, signal ${exited.signal})` + (logFile ? `; see ${logFile}` : ""));
    try {
      const id = await rpc(url, "eth_chainId");
      if (Number(id) !== CHAIN_ID) {
        await stopPid(child.pid);
        throw new Error(`node on ${url} reports chain id ${Number(id)}, expected ${CHAIN_ID}`);
      }
      break;
    } catch (e) {
      if (e.message.includes("reports chain id")) throw e;
      if (Date.now() > deadline) {
        await stopPid(child.pid);
        throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms`);
      }
      await sleep(100);
    }
  }
  return { url, port, pid: child.pid, child, stop: () => stopPid(child.pid) };
}

export async function latestTimestamp(url) {
  const b = await rpc(url, "eth_getBlockByNumber", ["latest", false]);
  return Number(b.timestamp);
}

// Mines one block at latest.timestamp + seconds.
export async function mineBlock(url, seconds = BLOCK_TIME) {
  const ts = (await latestTimestamp(url)) + seconds;
  await rpc(url, "evm_mine", [ts]);
  await pinPendingTimestamp(url, ts);
  return ts;
}

// Gives the pending block the next deterministic timestamp (latest + BLOCK_TIME). Without it the node
// dates "pending" by the wall clock (latest + seconds since that block was mined), so eth_call and
// eth_estimateGas at "pending" would run at a later chain time than the block the transaction is
// then mined in, by as much as the machine is slow. An explicit evm_mine timestamp still wins.
async function pinPendingTimestamp(url, latest) {
  await rpc(url, "evm_setNextBlockTimestamp", [latest + BLOCK_TIME]);
}

// Mines blocks until every hash has a receipt; returns the receipts (in hash order). After
// maxBlocks blocks it throws, or with allowPending returns (null for transactions still pending,
// e.g. a fee cap below the base fee, which stay in the mempool as on a real chain).
export async function mineUntilIncluded(url, hashes, { maxBlocks = 1000, allowPending = false } = {}) {
  let receipts = [];
  for (let i = 0; ; i++) {
    receipts = await rpcBatch(url, hashes.map((h) => ["eth_getTransactionReceipt", [h]]));
    if (receipts.every((r) => r !== null)) return receipts;
    if (i === maxBlocks) break;
    await mineBlock(url);
  }
  if (allowPending) return receipts;
  throw new Error(`transactions not included after ${maxBlocks} blocks`);
}

// Advances chain time by `seconds` in one block (interest accrues over the gap).
export async function advanceTime(url, seconds) {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`advanceTime: seconds must be a positive integer, got ${seconds}`);
  return mineBlock(url, seconds);
}

const SEND_METHODS = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

// One serial queue so that mining after one client's request never interleaves with another's.
function serialQueue() {
  let tail = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

// HTTP JSON-RPC front for the node: forwards requests verbatim; after requests that submitted
// transactions, mines until they are included; an `evm_mine` without a timestamp gets the next
// deterministic one. Returns { url, port, server, close() }.
export async function startRpcFront(nodeUrl, { port } = {}) {
  if (port === undefined) port = await freePort();
  else await assertPortFree(port);
  const enqueue = serialQueue();
  const handle = async (bodyText) => {
    let body;
    try { body = JSON.parse(bodyText); } catch {
      return { status: 200, text: JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }) };
    }
    const reqs = Array.isArray(body) ? body : [body];
    for (const r of reqs) {
      if (r && r.method === "evm_mine" && (!r.params || r.params.length === 0)) {
        r.params = [(await latestTimestamp(nodeUrl)) + BLOCK_TIME];
      }
    }
    const res = await fetch(nodeUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    if (reqs.some((r) => r && r.method === "evm_mine")) await pinPendingTimestamp(nodeUrl, await latestTimestamp(nodeUrl));
    if (reqs.some((r) => r && SEND_METHODS.has(r.method))) {
      let reply;
      try { reply = JSON.parse(text); } catch { reply = null; }
      const replies = Array.isArray(reply) ? reply : [reply];
      const ids = new Set(reqs.filter((r) => r && SEND_METHODS.has(r.method)).map((r) => r.id));
      const hashes = replies.filter((x) => x && ids.has(x.id) && typeof x.result === "string").map((x) => x.result);
      if (hashes.length) await mineUntilIncluded(nodeUrl, hashes, { maxBlocks: 3, allowPending: true });
    }
    return { status: res.status, text };
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      enqueue(() => handle(Buffer.concat(chunks).toString("utf8"))).then(
        ({ status, text }) => { res.writeHead(status, { "content-type": "application/json" }); res.end(text); },
        (e) => { res.writeHead(502, { "content-type": "text/plain" }); res.end(`rpc front: ${e.message}`); });
    });
  });
  await new Promise((resolve, reject) => { server.once("error", reject); server.listen(port, "127.0.0.1", resolve); });
  server.keepAliveTimeout = 1000;
  return {
    url: `http://127.0.0.1:${port}`, port, server,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

export { toQuantity };
