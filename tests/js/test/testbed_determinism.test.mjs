// Two test beds with the same seed (started side by side) must give identical chains: the same
// block hash at the head and the same getUserAccountData for every borrower.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestbed } from "../lib/testbed.mjs";
import { rpc } from "../lib/rpc.mjs";
import { accountDataAll, leftover } from "./helpers.mjs";

async function run(seed) {
  const bed = await startTestbed({ borrowers: 200, seed });
  try {
    const url = bed.env.LB_RPC_URL;
    const head = await rpc(url, "eth_getBlockByNumber", ["latest", false]);
    const users = bed.deployment.borrowers.map((b) => b.address);
    const data = await accountDataAll(url, bed.deployment.pool, users, Number(head.number));
    return { users, data, hash: head.hash, timestamp: Number(head.timestamp), pid: bed.state.nodePid };
  } finally {
    await bed.stop();
  }
}

test("same seed, same chain and account data for all 200 borrowers", async () => {
  const [a, b] = await Promise.all([run(42), run(42)]);
  assert.deepEqual(leftover([a.pid, b.pid]).alive, []);
  assert.equal(a.users.length, 200);
  assert.deepEqual(a.users, b.users);
  assert.equal(a.timestamp, b.timestamp);
  assert.equal(a.hash, b.hash);
  assert.deepEqual(a.data, b.data);
  assert.equal(new Set(a.data.map((x) => x[5])).size > 150, true, "health factors suspiciously uniform");
});
