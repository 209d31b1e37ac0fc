// Integration: Borrow-event discovery against a node that refuses wide eth_getLogs ranges. The
// subgraph stand-in is down (502 on every request); `liquidbot monitor --once --all` talks to the
// chain through tests/js/faultserver.mjs on a /logrange/<max> path, which answers every eth_getLogs
// spanning more than <max> blocks with Infura's -32005 "query returned more than 10000 results" and
// forwards the rest. The monitor must halve its windows until the node accepts them and still find
// every seeded borrower exactly once; the proxy's record proves the refusals, that every accepted
// window is within the limit, and that the accepted windows cover the chain without gaps.
// Run under the test bed: node tests/js/testbed.mjs run --subgraph --borrowers N --seed S -- \
//   node tests/integration/monitor_events.mjs <path to liquidbot>
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { check, programArg, tally, testBed } from "./common.mjs";
import { rpc } from "../js/lib/rpc.mjs";

const run = promisify(execFile);
const CLI = programArg("monitor_events.mjs <liquidbot>");
const { url, deployment: d, LB_SUBGRAPH_URL: subgraph } = testBed(["LB_SUBGRAPH_URL"]);
const admin = subgraph.replace(/^(http:\/\/[^/]*).*$/, "$1") + "/admin/faults";
const MAX_RANGE = 4;

const faultserver = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), "../js/faultserver.mjs"), "--upstream", url],
  { stdio: ["ignore", "pipe", "inherit"] });
const proxy = await new Promise((resolve, reject) => {
  let text = "";
  faultserver.stdout.on("data", (c) => {
    text += c;
    const m = /FAULTSERVER_URL=(\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  faultserver.once("exit", (code) => reject(new Error(`faultserver exited with ${code}`)));
});
const logPath = `/logrange/${MAX_RANGE}/monitor-events`;

// Empty blocks after the seeding, so that the scanned range needs several halvings.
for (let i = 0; i < 40; i++) await rpc(url, "evm_mine", []);

try {
  const down = await fetch(admin, { method: "POST", body: JSON.stringify({ http5xx: { value: 502 } }) });
  if (!down.ok) throw new Error(`fault knob: HTTP ${down.status}`);
  const started = Date.now();
  const { stdout, stderr } = await run(CLI, ["monitor", "--rpc", proxy + logPath, "--addresses-provider", d.poolAddressesProvider,
    "--subgraph", subgraph, "--log-range", "100000", "--once", "--all", "--json", "--timeout-ms", "60000"], { maxBuffer: 1 << 26 });
  const seconds = (Date.now() - started) / 1000;
  const out = JSON.parse(stdout);
  const seeded = d.borrowers.map((b) => b.address.toLowerCase()).sort();
  const found = out.users.map((u) => u.user);
  check(out.source === "events", `source ${out.source}, expected events`);
  check(/subgraph unavailable/.test(stderr), `no fallback warning on stderr: ${stderr}`);
  check(new Set(found).size === found.length, "a borrower is listed twice");
  check(JSON.stringify([...found].sort()) === JSON.stringify(seeded), `${found.length} borrowers found, ${seeded.length} seeded (or a different set)`);
  check(out.users.every((u) => u.matchesChain === true), "engine differs from getUserAccountData for a user");

  const record = await (await fetch(`${proxy}/refused${logPath}`)).json();
  const accepted = record.ranges.filter(([from, to]) => to - from + 1 <= MAX_RANGE);
  check(record.refused >= 3, `the node refused ${record.refused} ranges: expected repeated halving`);
  check(record.refused === record.ranges.length - accepted.length, `refusals ${record.refused} vs ranges over the limit ${record.ranges.length - accepted.length}`);
  const sorted = [...accepted].sort((a, b) => a[0] - b[0]);
  check(sorted.length > 0 && sorted[0][0] === 0, `accepted windows start at ${sorted[0]?.[0]}, expected block 0`);
  check(sorted.every((r, i) => i === 0 || r[0] === sorted[i - 1][1] + 1), "accepted windows leave a gap or overlap");
  check(sorted.length > 0 && sorted[sorted.length - 1][1] === out.block, `accepted windows end at ${sorted[sorted.length - 1]?.[1]}, cycle block ${out.block}`);
  console.log(`events behind a ${MAX_RANGE}-block getLogs limit: ${found.length} borrowers in ${seconds.toFixed(2)} s; ` +
    `${record.ranges.length} eth_getLogs, ${record.refused} refused (-32005) and halved, ${accepted.length} accepted covering 0..${out.block}`);
} finally {
  await fetch(admin, { method: "DELETE" }).catch(() => {});
  faultserver.kill("SIGTERM");
}

if (tally.failures > 0) {
  console.error(`${tally.failures} of ${tally.checks} checks failed`);
  process.exit(1);
}
console.log(`monitor_events: all ${tally.checks} checks passed`);
