// Seeds a running test bed (LB_NODE_RPC_URL, LB_DEPLOYMENT) with more borrowers in chunks of 2,000
// (tests/js/lib/scenario.mjs seedBorrowers: real Pool transactions), so one JSON-RPC batch stays a
// size the node accepts. Usage: node benchmarks/monitor_seed.mjs <count> <seed>
import fs from "node:fs";
import { seedBorrowers } from "../tests/js/lib/scenario.mjs";

const [count, seed] = process.argv.slice(2).map(Number);
if (!Number.isInteger(count) || !Number.isInteger(seed)) throw new Error("usage: monitor_seed.mjs <count> <seed>");
const deployment = JSON.parse(fs.readFileSync(process.env.LB_DEPLOYMENT, "utf8"));
const ctx = { url: process.env.LB_NODE_RPC_URL, deployment };
const started = Date.now();
for (let done = 0; done < count; done += 2000) {
  await seedBorrowers(ctx, { count: Math.min(2000, count - done), seed });
  process.stderr.write(`seeded ${Math.min(done + 2000, count)} borrowers in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
