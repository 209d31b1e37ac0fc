// Integration: liquidbot-executor under faults, on the local chain's raw node (automine off: nothing
// is mined unless this script mines). Run under the test bed:
//   node tests/js/testbed.mjs run --borrowers 100 --seed 3 -- node tests/integration/executor_faults.mjs <liquidbot-executor>
// A. SIGKILL mid-flight: the repay is broadcast but not mined, the executor is killed with SIGKILL and
//    restarted; the restart re-broadcasts the recorded bytes (no new transaction), the block includes
//    exactly one protective transaction and it is recorded once.
// B. Dropped from the pool: the repay is removed with hardhat_dropTransaction; after
//    blocks_before_replacement empty blocks the executor sends a replacement on the same nonce with
//    both fee caps >= 110% of the first; the replacement is included and recorded.
// C. Insufficient funds: an executor key without ETH cannot send; the intent fails with an alert line
//    and the program keeps running (then exits 0 on SIGTERM).
// D. Nonce gap while running: a transaction of the executor's key (nonce n) is in the pool when the
//    executor starts, so its nonce manager starts at n+1; then it leaves the pool
//    (hardhat_dropTransaction) and the repay goes out on n+1, queued behind the hole. On the next
//    block the executor sees its tracked repay unmined with n unheld, fills n with a 0-value
//    self-transfer, and the following block includes filler and repay; recorded once.
//    Automine-off semantics this relies on (checked below, not assumed): the pool's
//    eth_getTransactionCount "pending" stops at the first missing nonce; dropping nonce n queues n+1;
//    a transaction sent for n then promotes n+1. Every block the test bed's LB_RPC_URL mines takes
//    all executable pool transactions, so nothing goes through it while the hole must stay open.
// E/F. RPC errors and timeouts: the executor's node is tests/js/faultserver.mjs (upstream: the test
//    bed's RPC front) behind a small router in this file that sends each JSON-RPC method to a fault
//    path of the fault server (or to /pass/<tag>), so faults hit the protection mid-run, not start-up.
//    E: transient faults (503s on eth_sendRawTransaction, a reset eth_estimateGas, stalled eth_calls)
//       are retried: the protection lands once, nothing is recorded as failed.
//    F: eth_estimateGas answered with malformed JSON, then failing for longer than the retries: each
//       intent is recorded failed with the reason (log line + store row), the program keeps running,
//       and once the node answers again it protects on a later block, once.
//    G: eth_sendRawTransaction stalled past the client's timeout but delivered late: retried, one
//       transaction on chain, recorded once. All exit 0 on SIGTERM.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { check, ethers, programArg, tally, tempDir, testBed } from "./common.mjs";

const { Sender, iface } = await import("../js/lib/aave.mjs");
const { rpc } = await import("../js/lib/rpc.mjs");
const { mineBlock } = await import("../js/lib/chain.mjs");
const { userSnapshot, setPrice } = await import("../js/lib/scenario.mjs");

const EXE = programArg("executor_faults.mjs <liquidbot-executor>");
const { url, deployment, ctx, LB_NODE_RPC_URL: nodeUrl } = testBed(["LB_NODE_RPC_URL"]);
const TOKEN = iface("MintableERC20");
const WAD = 10n ** 18n;
const tmp = tempDir("lb-exec-faults-");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Single-collateral borrowers grouped by collateral.
const byCollateral = {};
for (const b of deployment.borrowers) {
  const { snapshot, accountData } = await userSnapshot(ctx, b.address);
  const cfg = BigInt(snapshot.user.configuration);
  const colls = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id + 1)) & 1n) === 1n);
  const debts = snapshot.reserves.filter((r) => ((cfg >> BigInt(2 * r.id)) & 1n) === 1n);
  const hf = BigInt(accountData.healthFactor);
  if (colls.length !== 1 || debts.some((d) => d.asset === colls[0].asset) || hf < (WAD * 104n) / 100n || hf > 3n * WAD) continue;
  (byCollateral[colls[0].asset] ??= []).push({ address: b.address, hf, price: BigInt(colls[0].price) });
}
const groups = Object.entries(byCollateral).sort((a, b) => b[1].length - a[1].length);
if (groups.length < 4) throw new Error(`need single-collateral borrowers on 4 collateral assets, found ${groups.length}`);
const reserveOf = (asset) => deployment.reserves.find((r) => r.underlying === asset);
const round4 = (x) => (x / 10n ** 14n) * 10n ** 14n;

class Executor {
  constructor(name, account, rpcUrl, extraToml = "") {
    this.name = name;
    this.env = { ...process.env, BASE_RPC_URL: rpcUrl, BASE_CHAIN_ID: "8453", WALLET_PRIVATE_KEY: account.privateKey,
      AAVE_V3_POOL_ADDRESSES_PROVIDER: deployment.poolAddressesProvider, FEE_COLLECTOR_ADDRESS: deployment.accounts[5].address,
      LIQUIDBOT_DATABASE: path.join(tmp, `${name}.db`), LOG_LEVEL: "info" };
    this.config = path.join(tmp, `${name}.toml`);
    fs.writeFileSync(this.config, `[executor]\npoll_interval_ms = 100\n[fees]\nservice_fee_bps = 10\n${extraToml}`);
    this.lines = [];
    this.runs = 0;
  }
  cli(args) { return execFileSync(EXE, [...args, "--config", this.config], { env: this.env, encoding: "utf8" }); }
  start() {
    this.runs++;
    const run = this.runs;
    this.stderr = "";
    this.child = spawn(EXE, ["run", "--config", this.config], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (d) => {
      buffered += d;
      let i;
      while ((i = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 1);
        try { this.lines.push({ run, ...JSON.parse(line) }); } catch { check(false, `${this.name}: log line is not JSON: ${line}`); }
      }
    });
    this.child.stderr.on("data", (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
  }
  async waitFor(pred, ms, what) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = this.lines.find(pred);
      if (hit) return hit;
      await sleep(50);
    }
    check(false, `${this.name}: timed out waiting for ${what}; stderr: ${this.stderr}; last log lines:\n` +
      this.lines.slice(-6).map((l) => JSON.stringify(l)).join("\n"));
    return null;
  }
  async stop(signal = "SIGTERM") {
    this.child.kill(signal);
    return this.exited;
  }
}

async function prepare(executorAccount, { approve = true, fundEth = true } = {}) {
  const s = new Sender(url);
  for (const r of deployment.reserves) {
    await s.call(deployment.accounts[0].address, r.underlying, TOKEN, "mint(address,uint256)", [executorAccount.address, 10n ** BigInt(r.decimals + 9)]);
  }
  await s.flush();
  if (approve) {
    const a = new Sender(url);
    for (const r of deployment.reserves) await a.call(executorAccount.address, r.underlying, TOKEN, "approve", [deployment.pool, ethers.MaxUint256]);
    await a.flush();
  }
  if (!fundEth) await rpc(url, "hardhat_setBalance", [executorAccount.address, "0x0"]);
}

// Enrolls u (act below 97% of u.hf, target u.hf rounded) for repay.
function enroll(ex, u) {
  u.target = round4(u.hf);
  ex.cli(["enroll", "--user", u.address, "--act-below", ethers.formatUnits(round4((u.hf * 97n) / 100n), 18),
    "--target-hf", ethers.formatUnits(u.target, 18), "--strategies", "repay"]);
}

// users[index] of a collateral group read now (the price drops of earlier cases may have moved its
// debt side): address, hf and the collateral's current price.
async function freshUser([asset, users], index) {
  const { snapshot, accountData } = await userSnapshot(ctx, users[index].address);
  return { address: users[index].address, hf: BigInt(accountData.healthFactor),
    price: BigInt(snapshot.reserves.find((r) => r.asset === asset).price) };
}

async function enrollAndDrop(ex, group) {
  const [asset, users] = group;
  const u = users[0];
  enroll(ex, u);
  ex.start();
  await ex.waitFor((l) => l.event === "start", 20000, "start");
  await sleep(300);
  await setPrice(ctx, reserveOf(asset).symbol, (u.price * 92n) / 100n);
  return u;
}

const txCountTo = async (from, fromBlock, toBlock) => {
  let n = 0;
  for (let b = fromBlock; b <= toBlock; b++) {
    const block = await rpc(nodeUrl, "eth_getBlockByNumber", ["0x" + b.toString(16), true]);
    n += block.transactions.filter((t) => t.from.toLowerCase() === from.toLowerCase()).length;
  }
  return n;
};

// ---- A. SIGKILL mid-flight ---------------------------------------------------------------------------
{
  const account = deployment.accounts[6];
  await prepare(account);
  const ex = new Executor("kill", account, nodeUrl);
  const startBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  const u = await enrollAndDrop(ex, groups[0]);
  const sent = await ex.waitFor((l) => l.event === "sent" && l.strategy === "repay", 20000, "the repay to be sent");
  const { signal } = await ex.stop("SIGKILL");
  check(signal === "SIGKILL", `A: not killed (${signal})`);
  check(sent && (await rpc(nodeUrl, "eth_getTransactionReceipt", [sent.tx])) === null, "A: the repay was mined before the kill");
  ex.start();
  await ex.waitFor((l) => l.run === 2 && l.event === "start", 20000, "restart");
  const reconciled = await ex.waitFor((l) => l.run === 2 && l.event === "reconciled", 10000, "reconcile");
  check(reconciled && reconciled.state === "pending", `A: reconcile state ${reconciled?.state}`);
  await mineBlock(nodeUrl);
  const prot = await ex.waitFor((l) => l.run === 2 && l.event === "protected", 20000, "protection after restart");
  check(prot && sent && prot.tx === sent.tx, `A: included ${prot?.tx}, sent ${sent?.tx}`);
  await mineBlock(nodeUrl);
  await mineBlock(nodeUrl);
  await sleep(800);
  const endBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  check(await txCountTo(account.address, startBlock + 1, endBlock) === 1, "A: not exactly one executor transaction on chain");
  check(!ex.lines.some((l) => l.run === 2 && l.event === "sent"), "A: the restarted executor sent a new transaction");
  const hf = BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor);
  check(hf >= (u.target * 999n) / 1000n, `A: HF ${hf} after protection, target ${u.target}`);
  const { code } = await ex.stop();
  check(code === 0, `A: exit ${code}`);
  const status = ex.cli(["status"]).trim().split("\n").filter(Boolean);
  check(status.length === 1, `A: ${status.length} interventions recorded`);
}

// ---- B. dropped from the pool: replacement with bumped fees -----------------------------------------
{
  const account = deployment.accounts[7];
  await prepare(account);
  const ex = new Executor("drop", account, nodeUrl, "[sender]\nblocks_before_replacement = 2\n");
  await enrollAndDrop(ex, groups[1]);
  const sent = await ex.waitFor((l) => l.event === "sent" && l.strategy === "repay", 20000, "the repay to be sent");
  if (sent) {
    const first = await rpc(nodeUrl, "eth_getTransactionByHash", [sent.tx]);
    await rpc(nodeUrl, "hardhat_dropTransaction", [sent.tx]);
    check((await rpc(nodeUrl, "eth_getTransactionByHash", [sent.tx])) === null, "B: the transaction was not dropped");
    await mineBlock(nodeUrl);
    await sleep(400);
    await mineBlock(nodeUrl);
    const rep = await ex.waitFor((l) => l.event === "replaced", 20000, "a replacement");
    if (rep) {
      check(Number(rep.nonce) === Number(first.nonce), `B: replacement nonce ${rep.nonce} != ${Number(first.nonce)}`);
      check(BigInt(rep.maxFeePerGas) * 100n >= BigInt(first.maxFeePerGas) * 110n, `B: maxFee ${rep.maxFeePerGas} vs ${first.maxFeePerGas}`);
      check(BigInt(rep.maxPriorityFeePerGas) * 100n >= BigInt(first.maxPriorityFeePerGas) * 110n,
        `B: tip ${rep.maxPriorityFeePerGas} vs ${first.maxPriorityFeePerGas}`);
      await mineBlock(nodeUrl);
      const prot = await ex.waitFor((l) => l.event === "protected", 20000, "the replacement to be recorded");
      check(prot && prot.tx === rep.tx, `B: included ${prot?.tx}, replacement ${rep.tx}`);
    }
  }
  const { code } = await ex.stop();
  check(code === 0, `B: exit ${code}`);
}

// ---- C. insufficient funds -------------------------------------------------------------------------
{
  const wallet = ethers.Wallet.createRandom();
  const account = { address: wallet.address, privateKey: wallet.privateKey };
  await prepare(account, { approve: false, fundEth: false });
  const ex = new Executor("poor", account, url);
  await enrollAndDrop(ex, groups[2]);
  const alert = await ex.waitFor((l) => l.event === "sent" && l.state === "failed", 20000, "the failed send");
  check(alert && /funds/i.test(alert.reason), `C: reason ${alert?.reason}`);
  await sleep(500);
  check(ex.child.exitCode === null, "C: the executor exited after the refusal");
  check(!ex.lines.some((l) => l.event === "protected"), "C: protected without funds");
  const { code } = await ex.stop();
  check(code === 0, `C: exit ${code}`);
}

// ---- D. nonce gap while running ---------------------------------------------------------------------
{
  const account = deployment.accounts[8];
  await prepare(account);
  const wallet = new ethers.Wallet(account.privateKey);
  const pendingCount = async () => Number(await rpc(nodeUrl, "eth_getTransactionCount", [account.address, "pending"]));
  const n = await pendingCount();
  const head = await rpc(nodeUrl, "eth_getBlockByNumber", ["latest", false]);
  const blocker = await wallet.signTransaction({ type: 2, chainId: 8453, nonce: n, to: account.address, value: 0n, gasLimit: 21000n,
    maxFeePerGas: 2n * BigInt(head.baseFeePerGas) + 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n });
  const blockerHash = await rpc(nodeUrl, "eth_sendRawTransaction", [blocker]);
  check(await pendingCount() === n + 1, "D: the blocker is not counted as pending");
  const ex = new Executor("gap", account, nodeUrl, "[sender]\nblocks_before_replacement = 3\n");
  const startBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  const asset = groups[3][0];
  const u = await freshUser(groups[3], 0);
  enroll(ex, u);
  ex.start();
  await ex.waitFor((l) => l.event === "start", 20000, "start");
  await sleep(300);
  // The hole opens while the executor runs: nonce n is no longer in the pool.
  check(await rpc(nodeUrl, "hardhat_dropTransaction", [blockerHash]) === true, "D: the blocker was not dropped");
  check(await pendingCount() === n, "D: pending count after the drop");
  await setPrice(ctx, reserveOf(asset).symbol, (u.price * 92n) / 100n);
  const sent = await ex.waitFor((l) => l.event === "sent" && l.strategy === "repay", 20000, "the repay to be sent");
  if (sent) {
    const repay = await rpc(nodeUrl, "eth_getTransactionByHash", [sent.tx]);
    check(repay && Number(repay.nonce) === n + 1, `D: repay nonce ${repay?.nonce}, expected ${n + 1}`);
    check(await pendingCount() === n, "D: the repay is not queued behind the hole");
    await mineBlock(nodeUrl);
    check((await rpc(nodeUrl, "eth_getTransactionReceipt", [sent.tx])) === null, "D: the repay was mined across the hole");
    const gap = await ex.waitFor((l) => l.event === "gap_filled", 20000, "the gap to be filled");
    check(gap && Number(gap.nonce) === n, `D: filled nonce ${gap?.nonce}, expected ${n}`);
    if (gap) {
      const filler = await rpc(nodeUrl, "eth_getTransactionByHash", [gap.tx]);
      check(filler && filler.from.toLowerCase() === account.address.toLowerCase() && filler.to.toLowerCase() === account.address.toLowerCase() &&
        BigInt(filler.value) === 0n && Number(filler.nonce) === n && BigInt(filler.gas) === 21000n, "D: the filler is not a 0-value self-transfer on n");
      check(await pendingCount() === n + 2, "D: pending count after the fill");
    }
    await mineBlock(nodeUrl);
    const prot = await ex.waitFor((l) => l.event === "protected", 20000, "the repay to be recorded");
    check(prot && prot.tx === sent.tx, `D: included ${prot?.tx}, sent ${sent.tx}`);
    const fillerReceipt = gap && (await rpc(nodeUrl, "eth_getTransactionReceipt", [gap.tx]));
    const repayReceipt = await rpc(nodeUrl, "eth_getTransactionReceipt", [sent.tx]);
    check(fillerReceipt && repayReceipt && fillerReceipt.blockNumber === repayReceipt.blockNumber, "D: filler and repay not in one block");
    await mineBlock(nodeUrl);
    await sleep(800);
    const endBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
    check(await txCountTo(account.address, startBlock + 1, endBlock) === 2, "D: not exactly filler + repay on chain");
    check(ex.lines.filter((l) => l.event === "gap_filled").length === 1, "D: the gap was filled more than once");
    check(!ex.lines.some((l) => l.event === "replaced"), "D: the repay was replaced");
    const hf = BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor);
    check(hf >= (u.target * 999n) / 1000n, `D: HF ${hf} after protection, target ${u.target}`);
  }
  const { code } = await ex.stop();
  check(code === 0, `D: exit ${code}`);
  const status = ex.cli(["status"]).trim().split("\n").filter(Boolean);
  check(status.length === 1, `D: ${status.length} interventions recorded`);
}

// ---- E/F. RPC errors and timeouts through the fault server --------------------------------------------
const fault = spawn(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), "..", "js", "faultserver.mjs"),
  "--upstream", url], { stdio: ["ignore", "pipe", "inherit"] });
const faultUrl = await new Promise((resolve, reject) => {
  let text = "";
  fault.stdout.setEncoding("utf8");
  fault.stdout.on("data", (d) => {
    text += d;
    const m = /FAULTSERVER_URL=(\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  fault.on("exit", (code) => reject(new Error(`faultserver exited with ${code}`)));
});
const faultCount = async (p) => (await (await fetch(`${faultUrl}/count${p}`)).json()).count;

// Forwards each request to faultUrl + routes.get(method) for the first method of the request (or
// batch) that has a route, else to /pass/<tag>. A reset from the fault server resets the client too.
async function startRouter(tag) {
  const routes = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let methods = [];
      try {
        const parsed = JSON.parse(body);
        methods = (Array.isArray(parsed) ? parsed : [parsed]).map((r) => r?.method);
      } catch { methods = []; }
      const hit = methods.find((m) => routes.has(m));
      try {
        const r = await fetch(faultUrl + (hit ? routes.get(hit) : `/pass/${tag}`), { method: "POST",
          headers: { "content-type": "application/json" }, body });
        const text = await r.text();
        res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
        res.end(text);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, routes,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

const intentsOf = (ex) => JSON.parse(execFileSync("/usr/bin/python3", ["-c",
  "import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); " +
  "print(json.dumps(c.execute('SELECT id, state, reason FROM intents ORDER BY created_at_ms').fetchall()))",
  ex.env.LIQUIDBOT_DATABASE], { encoding: "utf8" }));

// E. transient faults: retried, the protection lands once.
{
  const account = deployment.accounts[3];
  await prepare(account);
  const router = await startRouter("e6a-E");
  const ex = new Executor("flaky", account, router.url);
  const asset = groups[0][0];
  const u = await freshUser(groups[0], 1);
  enroll(ex, u);
  ex.start();
  await ex.waitFor((l) => l.event === "start", 20000, "start");
  const paths = { eth_sendRawTransaction: "/5xx/2/503/e6a-E-send", eth_estimateGas: "/reset/1/e6a-E-estimate",
    eth_call: "/stall/2/1500/e6a-E-call" };
  for (const [method, p] of Object.entries(paths)) router.routes.set(method, p);
  const startBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  await setPrice(ctx, reserveOf(asset).symbol, (u.price * 92n) / 100n);
  const prot = await ex.waitFor((l) => l.event === "protected", 30000, "the protection through transient faults");
  for (const [method, p] of Object.entries(paths)) {
    const n = Number(p.split("/")[2]);
    check(await faultCount(p) > n, `E: ${method} on ${p}: ${await faultCount(p)} requests, the faults were not retried`);
  }
  await sleep(800);
  const endBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  check(await txCountTo(account.address, startBlock + 1, endBlock) === 1, "E: not exactly one executor transaction on chain");
  check(ex.lines.filter((l) => l.event === "protected").length === 1, "E: protected more than once");
  check(!ex.lines.some((l) => l.event === "simulation_failed" || l.event === "protect_failed" || l.level === "error"),
    "E: a transient fault was recorded as a failure");
  check(prot && BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor) >= (u.target * 999n) / 1000n, "E: HF below target");
  check(ex.child.exitCode === null, "E: the executor exited");
  const { code } = await ex.stop();
  check(code === 0, `E: exit ${code}`);
  check(ex.cli(["status"]).trim().split("\n").filter(Boolean).length === 1, "E: not one intervention recorded");
  await router.close();
}

// F. a fault outlasting the retries: recorded, the executor keeps running and protects later.
{
  const account = deployment.accounts[4];
  await prepare(account);
  const router = await startRouter("e6a-F");
  const ex = new Executor("down", account, router.url);
  const asset = groups[1][0];
  const u = await freshUser(groups[1], 1);
  enroll(ex, u);
  ex.start();
  await ex.waitFor((l) => l.event === "start", 20000, "start");
  // A malformed answer is not retried (the client has no other endpoint): recorded at once.
  router.routes.set("eth_estimateGas", "/malformed/1/e6a-F-malformed");
  await setPrice(ctx, reserveOf(asset).symbol, (u.price * 92n) / 100n);
  const bad = await ex.waitFor((l) => l.event === "simulation_failed", 30000, "the malformed answer to be logged");
  check(bad && /invalid JSON/.test(bad.reason), `F: logged reason ${bad?.reason}`);
  // Then 503s for longer than the client's retries, on the next block's trigger.
  router.routes.set("eth_estimateGas", "/5xx/1000/503/e6a-F-estimate");
  await mineBlock(nodeUrl);
  const failed = await ex.waitFor((l) => l.event === "simulation_failed" && l !== bad, 30000, "the failed simulation to be logged");
  check(failed && /503/.test(failed.reason) && /after 4 attempts/.test(failed.reason), `F: logged reason ${failed?.reason}`);
  const rows = intentsOf(ex);
  check(rows.length === 2 && rows.every((r) => r[1] === "failed") && /invalid JSON/.test(rows[0][2]) && /503/.test(rows[1][2]),
    `F: store rows ${JSON.stringify(rows)}`);
  await sleep(500);
  check(ex.child.exitCode === null, "F: the executor exited after the failures");
  check(!ex.lines.some((l) => l.event === "sent"), "F: sent without a gas estimate");
  // The node answers again; the next block is a new trigger.
  router.routes.clear();
  const startBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  await mineBlock(nodeUrl);
  const prot = await ex.waitFor((l) => l.event === "protected", 30000, "the protection on a later block");
  await sleep(800);
  const endBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  check(await txCountTo(account.address, startBlock + 1, endBlock) === 1, "F: not exactly one executor transaction on chain");
  check(prot && BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor) >= (u.target * 999n) / 1000n, "F: HF below target");
  const after = intentsOf(ex);
  check(after.length === 3 && after[2][1] === "included", `F: store rows ${JSON.stringify(after)}`);
  const { code } = await ex.stop();
  check(code === 0, `F: exit ${code}`);
  check(ex.cli(["status"]).trim().split("\n").filter(Boolean).length === 1, "F: not one intervention recorded");
  await router.close();
}
// G. a timeout on the broadcast that was delivered anyway: the first eth_sendRawTransaction stalls past
// the client's 10 s per-attempt timeout and is then forwarded; the client's retry reaches the node
// first. One transaction lands, recorded once (the late copy is the same bytes).
{
  const account = deployment.accounts[2];
  await prepare(account);
  const router = await startRouter("e6a-G");
  const ex = new Executor("slow", account, router.url);
  const asset = groups[2][0];
  const u = await freshUser(groups[2], 1);
  enroll(ex, u);
  ex.start();
  await ex.waitFor((l) => l.event === "start", 20000, "start");
  router.routes.set("eth_sendRawTransaction", "/stall/1/11000/e6a-G-send");
  const startBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  await setPrice(ctx, reserveOf(asset).symbol, (u.price * 92n) / 100n);
  const prot = await ex.waitFor((l) => l.event === "protected", 40000, "the protection after a send timeout");
  await sleep(2500);  // past the stalled copy's delivery
  check(await faultCount("/stall/1/11000/e6a-G-send") >= 2, "G: the timed-out send was not retried");
  const endBlock = Number(await rpc(nodeUrl, "eth_blockNumber"));
  check(await txCountTo(account.address, startBlock + 1, endBlock) === 1, "G: not exactly one executor transaction on chain");
  check(prot && BigInt((await userSnapshot(ctx, u.address)).accountData.healthFactor) >= (u.target * 999n) / 1000n, "G: HF below target");
  const { code } = await ex.stop();
  check(code === 0, `G: exit ${code}`);
  check(ex.cli(["status"]).trim().split("\n").filter(Boolean).length === 1, "G: not one intervention recorded");
  await router.close();
}
fault.kill("SIGTERM");

console.log(JSON.stringify(tally));
process.exit(tally.failures === 0 ? 0 : 1);
