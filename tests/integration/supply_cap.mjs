// Supply caps on chain, shared by the Aave 3.0 and 3.6 chain tests. A cap is set a few tokens above
// a reserve's current supply; then `liquidbot snapshot` (the reader fills the reserve's totals) and
// `liquidbot supply-cap` give the headroom H for the next block, and Pool.supply simulated there
// (eth_call at "pending", whose timestamp the test bed pins to latest + 2 s) accepts H and refuses
// H + 1 with the pool's supply-cap error. `plan --action supply` refuses targets beyond the headroom.
// The cap is removed at the end.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { check, ethers, nextBlockSnapshot, tally } from "./common.mjs";
import { Sender } from "../js/lib/aave.mjs";
import { rpc } from "../js/lib/rpc.mjs";
import { advanceTime } from "../js/lib/scenario.mjs";

const TOKEN = new ethers.Interface(["function mint(uint256)", "function approve(address,uint256) returns (bool)",
  "function totalSupply() view returns (uint256)"]);
const POOL = new ethers.Interface(["function supply(address,uint256,address,uint16)"]);
const CONFIGURATOR = new ethers.Interface(["function setSupplyCap(address,uint256)"]);

// isCapError(revertData) tells the pool's supply-cap error: Error("51") on 3.0, SupplyCapExceeded() on 3.6.
// The reserve is the first whose supply in whole tokens fits under the largest cap (2^36 - 1).
export async function checkSupplyCap({ url, ctx, deployment, cli, tmp, isCapError }) {
  const aTokenSupply = async (r) => BigInt(await rpc(url, "eth_call", [{ to: r.aToken, data: TOKEN.encodeFunctionData("totalSupply") }, "latest"]));
  let reserve;
  for (const r of deployment.reserves)
    if (!reserve && (await aTokenSupply(r)) / 10n ** BigInt(r.decimals) + 10n < (1n << 36n) - 1n) reserve = r;
  check(reserve !== undefined, "no reserve's supply fits under the largest supply cap");
  if (reserve === undefined) return { checked: 0, refused: 0 };
  const symbol = reserve.symbol;
  const admin = deployment.accounts[0].address;
  const supplier = deployment.accounts[2].address;
  const unit = 10n ** BigInt(reserve.decimals);
  const file = (name) => path.join(tmp, `cap-${name}-${tally.checks}.json`);
  const run = (args) => {
    try {
      return { out: JSON.parse(execFileSync(cli, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) };
    } catch (e) {
      return { status: e.status, error: String(e.stderr ?? e.message) };
    }
  };
  const snapshotFor = async (user) => {
    const snap = await nextBlockSnapshot(cli, url, deployment, user);
    const f = file("snap");
    fs.writeFileSync(f, JSON.stringify(snap));
    return { snap, f };
  };
  const simulateSupply = async (amount) => {
    try {
      await rpc(url, "eth_call", [{ from: supplier, to: deployment.pool, data: POOL.encodeFunctionData("supply", [reserve.underlying, amount, supplier, 0]) }, "pending"]);
      return null;
    } catch (e) {
      return e.revertData ?? String(e.message);
    }
  };
  const setCap = async (tokens) => {
    const s = new Sender(url);
    await s.call(admin, deployment.poolConfigurator, CONFIGURATOR, "setSupplyCap", [reserve.underlying, tokens]);
    await s.flush();
  };

  // Interest accrues for a day, so the reserve's update mints a visible treasury share.
  await advanceTime(ctx, 86400);
  const funding = new Sender(url);
  await funding.call(supplier, reserve.underlying, TOKEN, "mint", [1000n * unit]);
  await funding.call(supplier, reserve.underlying, TOKEN, "approve", [deployment.pool, ethers.MaxUint256]);
  await funding.flush();
  const capTokens = (await aTokenSupply(reserve)) / unit + 3n;
  await setCap(capTokens);

  const user = deployment.borrowers[0].address;
  const { snap, f } = await snapshotFor(user);
  const capped = snap.reserves.find((r) => r.asset.toLowerCase() === reserve.underlying.toLowerCase());
  check(capped.totals !== undefined, `${symbol}: the reader's snapshot has no totals for the capped reserve`);
  const headroom = run(["supply-cap", "--snapshot", f, "--asset", reserve.underlying]);
  check(headroom.out !== undefined, `supply-cap failed: ${headroom.error}`);
  if (headroom.out === undefined) return { checked: 0, refused: 0 };
  check(headroom.out.supplyCap === String(capTokens), `supply-cap reports cap ${headroom.out.supplyCap}, set ${capTokens}`);
  const h = BigInt(headroom.out.headroomRaw);
  check(h > 0n && h <= 4n * unit, `${symbol}: headroom ${h} is not within the few tokens left under the cap`);
  const atH = await simulateSupply(h);
  check(atH === null, `${symbol}: supply(${h}), the engine's headroom, reverts on chain: ${atH}`);
  const above = await simulateSupply(h + 1n);
  check(above !== null && isCapError(above), `${symbol}: supply(${h + 1n}), one more than the headroom, gives ${above} (expected the supply-cap error)`);

  // A target that needs more than the headroom is refused, naming the cap.
  let refused = 0;
  for (const b of deployment.borrowers.slice(0, 10)) {
    const s = await snapshotFor(b.address);
    const hf = BigInt(JSON.parse(execFileSync(cli, ["account-data", "--snapshot", s.f], { encoding: "utf8" })).healthFactor);
    if (hf >= 10n ** 30n) continue; // no debt
    const target = ethers.formatUnits((hf * 3n) / 2n, 18);
    const plan = run(["plan", "--snapshot", s.f, "--action", "supply", "--asset", reserve.underlying, "--target-hf", target]);
    if (plan.status === 1 && plan.error.includes("supply cap's headroom")) refused++;
    else check(plan.status === 1, `${b.address}: plan supply to ${target} under a cap with ${h} headroom: ${JSON.stringify(plan)}`);
  }
  check(refused > 0, `${symbol}: no supply plan was refused for the cap`);
  await setCap(0n);
  console.log(`supply cap: ${symbol} capped at ${capTokens} tokens, headroom ${h} accepted by Pool.supply and ${h + 1n} refused; ${refused} supply plans refused for the cap`);
  return { checked: 1, refused };
}
