#!/usr/bin/env node
// liquidbot test bed CLI. See tests/README.md.
//
//   testbed.mjs run   [--aave 3.0|3.6] [--borrowers N] [--seed S] [--l2pool] [--subgraph] [--state-file F] -- <cmd> [args...]
//   testbed.mjs start [same flags] --state-file F      (detached; prints the environment lines)
//   testbed.mjs stop  --state-file F
//   testbed.mjs set-price    --state-file F --asset <symbol|address> --price <USD*1e8>
//   testbed.mjs advance-time --state-file F --seconds N
//   testbed.mjs dump-user    --state-file F --user <address> [--block N]
//   testbed.mjs snapshot     --state-file F --user <address> [--block N]
//   testbed.mjs liquidate    --state-file F --user A --collateral C --debt D [--amount N|max] [--receive-atoken]
//   testbed.mjs repay        --state-file F --user A --asset X [--amount N|max]
// Subgraph fault flags (with --subgraph): --fault-latency MS, --fault-429 RETRY_AFTER_S, --fault-5xx STATUS,
//   --fault-malformed, --fault-truncated, --fault-graphql-errors, --fault-lag BLOCKS, --fault-count K

import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startTestbed, contextFromState, stopFromState, readState } from "./lib/testbed.mjs";
import * as sc from "./lib/scenario.mjs";

const SELF = fileURLToPath(import.meta.url);
const BOOL_FLAGS = new Set(["l2pool", "subgraph", "receive-atoken", "fault-malformed", "fault-truncated", "fault-graphql-errors"]);

class UsageError extends Error {}

function parseArgs(argv) {
  const flags = {};
  let rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { rest = argv.slice(i + 1); break; }
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (BOOL_FLAGS.has(name)) { flags[name] = true; continue; }
    if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
    flags[name] = argv[++i];
  }
  return { flags, rest };
}

function intFlag(flags, name, def) {
  if (flags[name] === undefined) return def;
  if (!/^\d+$/.test(flags[name])) throw new UsageError(`--${name} must be a non-negative integer, got '${flags[name]}'`);
  return Number(flags[name]);
}

function subgraphFaults(flags) {
  const count = flags["fault-count"] === undefined ? null : intFlag(flags, "fault-count");
  const f = {};
  const add = (flag, kind, value) => { if (flags[flag] !== undefined) f[kind] = { value, count }; };
  add("fault-latency", "latencyMs", intFlag(flags, "fault-latency"));
  add("fault-429", "http429", intFlag(flags, "fault-429"));
  add("fault-5xx", "http5xx", intFlag(flags, "fault-5xx"));
  add("fault-malformed", "malformedJson", true);
  add("fault-truncated", "truncatedJson", true);
  add("fault-graphql-errors", "graphqlErrors", true);
  add("fault-lag", "indexingLag", intFlag(flags, "fault-lag"));
  return f;
}

// --aave 3.0 (default: @aave/core-v3 1.19.3) or 3.6 (@aave-dao/aave-v3-origin 3.6.0).
function aaveFlag(flags) {
  const v = flags.aave ?? "3.0";
  if (v !== "3.0" && v !== "3.6") throw new UsageError(`--aave must be 3.0 or 3.6, got '${v}'`);
  return v;
}

function bedOptions(flags) {
  return {
    borrowers: intFlag(flags, "borrowers", 0),
    seed: intFlag(flags, "seed", 1),
    l2pool: !!flags.l2pool,
    aave: aaveFlag(flags),
    subgraph: !!flags.subgraph,
    subgraphOptions: { faults: subgraphFaults(flags) },
    stateFile: flags["state-file"],
    port: flags.port === undefined ? undefined : intFlag(flags, "port"),
  };
}

const envLines = (env) => Object.entries(env).map(([k, v]) => `${k}=${v}`).join("\n");

async function cmdRun(flags, rest) {
  if (rest.length === 0) throw new UsageError("run needs a command after --");
  const bed = await startTestbed(bedOptions(flags));
  let child = null;
  let stopping = false;
  const finish = async (code) => {
    if (stopping) return;
    stopping = true;
    await bed.stop();
    process.exit(code);
  };
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      if (child && child.exitCode === null) { try { process.kill(child.pid, sig); } catch { /* already gone */ } }
      finish(sig === "SIGINT" ? 130 : 143);
    });
  }
  child = spawn(rest[0], rest.slice(1), { stdio: "inherit", env: { ...process.env, ...bed.env } });
  child.on("error", (e) => { process.stderr.write(`testbed run: cannot start '${rest[0]}': ${e.message}\n`); finish(127); });
  child.on("exit", (code, signal) => finish(code ?? (signal ? 128 + 15 : 1)));
}

async function cmdServe(flags) {
  const bed = await startTestbed(bedOptions(flags));
  const shutdown = async () => { await bed.stop(); process.exit(0); };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  setInterval(() => {}, 1 << 30);
}

async function cmdStart(flags) {
  const stateFile = flags["state-file"];
  if (!stateFile) throw new UsageError("start needs --state-file F");
  const abs = path.resolve(stateFile);
  if (fs.existsSync(abs)) {
    const s = readState(abs);
    throw new Error(`state file ${abs} already exists (host pid ${s.hostPid}); run 'stop' first or remove it`);
  }
  const logFile = `${abs}.log`;
  const out = fs.openSync(logFile, "w");
  const args = [SELF, "serve", ...process.argv.slice(3).flatMap((a, i, all) => (a === "--state-file" ? [] : all[i - 1] === "--state-file" ? [] : [a])), "--state-file", abs];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  child.unref();
  const deadline = Date.now() + 180000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || (child.pid && !isAlive(child.pid))) break;
    if (fs.existsSync(abs)) {
      const s = readState(abs);
      if (s.ready) { process.stdout.write(envLines(s.env) + "\n"); return; }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`test bed did not become ready; see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; }
}

const json = (v) => process.stdout.write(JSON.stringify(v, null, 2) + "\n");
const need = (flags, name) => {
  if (flags[name] === undefined) throw new UsageError(`--${name} is required`);
  return flags[name];
};
const blockFlag = (flags) => (flags.block === undefined ? "latest" : intFlag(flags, "block"));
const receiptSummary = (r) => ({ transactionHash: r.transactionHash, blockNumber: Number(r.blockNumber), status: Number(r.status), gasUsed: Number(r.gasUsed) });

async function main() {
  const [verb, ...argv] = process.argv.slice(2);
  const { flags, rest } = parseArgs(argv);
  const ctx = () => contextFromState(need(flags, "state-file"));
  switch (verb) {
    case "run": return cmdRun(flags, rest);
    case "serve": return cmdServe(flags);
    case "start": return cmdStart(flags);
    case "stop": return stopFromState(path.resolve(need(flags, "state-file")));
    case "set-price": return json(receiptSummary(await sc.setPrice(ctx(), need(flags, "asset"), BigInt(need(flags, "price")))));
    case "advance-time": return json({ timestamp: await sc.advanceTime(ctx(), intFlag(flags, "seconds")) });
    case "dump-user": return json(await sc.dumpUser(ctx(), need(flags, "user"), blockFlag(flags)));
    case "snapshot": return json(await sc.userSnapshot(ctx(), need(flags, "user"), blockFlag(flags)));
    case "liquidate": return json(receiptSummary(await sc.liquidate(ctx(), { user: need(flags, "user"), collateral: need(flags, "collateral"),
      debt: need(flags, "debt"), debtToCover: flags.amount ?? "max", receiveAToken: !!flags["receive-atoken"] })));
    case "repay": return json(receiptSummary(await sc.repayOnBehalf(ctx(), { user: need(flags, "user"), asset: need(flags, "asset"), amount: flags.amount ?? "max" })));
    default: throw new UsageError(`unknown verb '${verb ?? ""}' (run, start, stop, set-price, advance-time, dump-user, snapshot, liquidate, repay)`);
  }
}

main().catch((e) => {
  process.stderr.write(`testbed: ${e.message}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
