// Whole test bed lifecycle: chain + RPC front + Aave deployment + seeded borrowers (+ subgraph
// stand-in), with a state file recording every PID and port so `testbed.mjs stop` can end exactly
// what was started.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startChain, startRpcFront, stopPid } from "./chain.mjs";
import { deployAave } from "./aave.mjs";
import { seedBorrowers } from "./scenario.mjs";

export function writeJsonAtomic(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

// opts: { aave ("3.0" default | "3.6"), borrowers, seed, l2pool, subgraph, subgraphOptions, stateFile, port, rpcPort, subgraphPort, dir }
export async function startTestbed(opts = {}) {
  // A directory created here (deployment JSON, node log, default state file) is removed by stop()
  // unless LB_TESTBED_KEEP=1; it is kept when start-up fails, for its node.log.
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "liquidbot-testbed-"));
  const stateFile = path.resolve(opts.stateFile ?? path.join(dir, "state.json"));
  const deploymentFile = path.join(dir, "deployment.json");
  const state = { format: "liquidbot.testbed-state/1", ready: false, hostPid: process.pid, dir, deployment: deploymentFile };
  const stops = [];
  const stop = async () => {
    while (stops.length) {
      try { await stops.pop()(); } catch (e) { process.stderr.write(`testbed stop: ${e.message}\n`); }
    }
  };
  const stopAndClean = async () => {
    await stop();
    if (ownDir && process.env.LB_TESTBED_KEEP !== "1") fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const chain = await startChain({ port: opts.port, logFile: path.join(dir, "node.log") });
    stops.push(() => stopPid(chain.pid));
    Object.assign(state, { nodePid: chain.pid, nodePort: chain.port, nodeUrl: chain.url });
    writeJsonAtomic(stateFile, state);
    const front = await startRpcFront(chain.url, { port: opts.rpcPort });
    stops.push(() => front.close());
    Object.assign(state, { rpcUrl: front.url, rpcPort: front.port });
    // opts.aave "3.6": the aave-v3-origin 3.6.0 market (aave36.mjs) instead of @aave/core-v3 1.19.3.
    const aave36 = opts.aave === "3.6" ? await import("./aave36.mjs") : null;
    const deployment = aave36 ? await aave36.deployAave36(chain.url, { l2pool: !!opts.l2pool }) : await deployAave(chain.url, { l2pool: !!opts.l2pool });
    const ctx = { url: chain.url, deployment };
    if (opts.borrowers) await (aave36 ? aave36.seedBorrowers36 : seedBorrowers)(ctx, { count: opts.borrowers, seed: opts.seed ?? 1 });
    deployment.seed = opts.seed ?? 1;
    writeJsonAtomic(deploymentFile, deployment);
    const env = { LB_RPC_URL: front.url, LB_NODE_RPC_URL: chain.url, LB_DEPLOYMENT: deploymentFile, LB_TESTBED_STATE: stateFile };
    if (opts.subgraph) {
      const { startSubgraph } = await import("./subgraph.mjs");
      const sg = await startSubgraph({ rpcUrl: chain.url, deployment, port: opts.subgraphPort, ...(opts.subgraphOptions ?? {}) });
      stops.push(() => sg.close());
      Object.assign(state, { subgraphUrl: sg.url, subgraphPort: sg.port });
      env.LB_SUBGRAPH_URL = sg.url;
    }
    Object.assign(state, { ready: true, env });
    writeJsonAtomic(stateFile, state);
    return { state, stateFile, env, deployment, ctx, stop: stopAndClean };
  } catch (e) {
    await stop();
    e.message += ` (test bed files kept in ${dir})`;
    throw e;
  }
}

export function readState(stateFile) {
  let s;
  try { s = JSON.parse(fs.readFileSync(stateFile, "utf8")); } catch (e) {
    throw new Error(`cannot read test bed state file ${stateFile}: ${e.message}`);
  }
  if (s.format !== "liquidbot.testbed-state/1") throw new Error(`${stateFile} is not a test bed state file`);
  return s;
}

export function contextFromState(stateFile) {
  const s = readState(stateFile);
  if (!s.ready) throw new Error(`test bed in ${stateFile} is not ready`);
  return { url: s.rpcUrl, deployment: JSON.parse(fs.readFileSync(s.deployment, "utf8")), state: s };
}

// Stops the host process (which stops its children) and then, if still alive, the node by its PID.
export async function stopFromState(stateFile) {
  const s = readState(stateFile);
  if (s.hostPid && s.hostPid !== process.pid) await stopPid(s.hostPid, 8000);
  if (s.nodePid) await stopPid(s.nodePid);
  fs.rmSync(stateFile, { force: true });
}
