// Shared helpers for the test bed's own tests.
import { execFileSync } from "node:child_process";
import { pidAlive } from "../lib/chain.mjs";
import { rpcBatch } from "../lib/rpc.mjs";
import { iface } from "../lib/aave.mjs";

const POOL = iface("Pool");

// getUserAccountData of every address at one block, in one JSON-RPC batch.
export async function accountDataAll(url, pool, users, blockNumber) {
  const raw = await rpcBatch(url, users.map((u) => ["eth_call", [{ to: pool, data: POOL.encodeFunctionData("getUserAccountData", [u]) }, "0x" + blockNumber.toString(16)]]));
  return raw.map((r) => POOL.decodeFunctionResult("getUserAccountData", r).map((x) => x.toString()));
}

// Processes whose command line mentions `needle` and whose PID is one of `pids` (never kills anything).
export function leftover(pids) {
  const alive = pids.filter((p) => p && pidAlive(p));
  const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  const listed = ps.split("\n").map((l) => l.trim()).filter((l) => pids.includes(Number(l.split(/\s+/)[0])));
  return { alive, listed };
}

export async function gql(url, query, variables) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
