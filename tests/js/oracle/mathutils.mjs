// @aave/math-utils 1.38.0 as a health-factor oracle for liquidbot snapshots.
//   node tests/js/oracle/mathutils.mjs [--in FILE]    (default: JSON on stdin)
// Input: one liquidbot.snapshot/1 object, an array of them, or objects { snapshot: {...} } such as
// userSnapshot() returns. Output (stdout): a JSON array, one entry per snapshot, with the
// formatUserSummary-derived healthFactor (decimal string, "-1" = no debt),
// totalCollateralMarketReferenceCurrency, totalBorrowsMarketReferenceCurrency,
// currentLiquidationThreshold, currentLoanToValue and availableBorrowsMarketReferenceCurrency.
// For revisions before 3.2 (eMode category in the reserve configuration, bits 168-175) the eMode
// bitmaps that math-utils expects are derived from the reserves' categories.
import fs from "node:fs";
import { formatMarket, userSummary } from "./aave_mathutils.mjs";

const category = (r) => Number((BigInt(r.configuration) >> 168n) & 0xffn);

export function withEModeBitmaps(s) {
  const eModes = s.eModes.map((e) => {
    if (e.collateralBitmap !== undefined) return e;
    const bitmap = s.reserves.filter((r) => category(r) === e.id).reduce((m, r) => m | (1n << BigInt(r.id)), 0n).toString();
    return { ...e, collateralBitmap: bitmap, borrowableBitmap: bitmap, ltvzeroBitmap: "0" };
  });
  return { ...s, eModes };
}

export function summarize(input) {
  const s = withEModeBitmaps(input.snapshot ?? input);
  if (s.format !== "liquidbot.snapshot/1") throw new Error(`mathutils: expected format liquidbot.snapshot/1, got ${JSON.stringify(s.format)}`);
  const u = userSummary(s, formatMarket(s));
  return {
    user: s.user.address,
    healthFactor: u.healthFactor,
    totalCollateralMarketReferenceCurrency: u.totalCollateralMarketReferenceCurrency,
    totalBorrowsMarketReferenceCurrency: u.totalBorrowsMarketReferenceCurrency,
    currentLiquidationThreshold: u.currentLiquidationThreshold,
    currentLoanToValue: u.currentLoanToValue,
    availableBorrowsMarketReferenceCurrency: u.availableBorrowsMarketReferenceCurrency,
  };
}

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--in");
  if (args.length && (i !== 0 || args.length !== 2)) {
    process.stderr.write("usage: mathutils.mjs [--in FILE]  (JSON snapshot(s) on stdin otherwise)\n");
    process.exit(2);
  }
  let text;
  try {
    text = fs.readFileSync(i === 0 ? args[1] : 0, "utf8");
  } catch (e) {
    process.stderr.write(`mathutils: cannot read input: ${e.message}\n`);
    process.exit(2);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`mathutils: input is not JSON: ${e.message}\n`);
    process.exit(2);
  }
  try {
    const list = Array.isArray(data) ? data : [data];
    process.stdout.write(JSON.stringify(list.map(summarize)) + "\n");
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}

main();
