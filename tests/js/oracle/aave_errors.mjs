// Oracle for the Aave 3.2+ custom error suite: the `error X(...)` declarations are read from
// Errors.sol of the installed @aave-dao/aave-v3-origin 3.6.0 sources (not from liquidbot's table),
// ethers v6 Interface gives each selector and builds revert data with encodeErrorResult from seeded
// random arguments; the expected description is `Name(arg, ...)` with addresses checksummed
// (getAddress) and integers in decimal. Truncated revert data of errors with arguments is listed as
// invalid after checking that ethers' decodeErrorResult rejects it too.
// usage: node aave_errors.mjs --seed S --count N --out FILE
import fs from "node:fs";
import { createRequire } from "node:module";
import { ethers } from "ethers";
import { oracleArgs, writeJson, xorshift128plus } from "./common.mjs";

const { seed, count, out } = oracleArgs("2000");
const rand64 = xorshift128plus(seed);
const below = (n) => Number(rand64() % BigInt(n));
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));

const require = createRequire(import.meta.url);
const originDir = require.resolve("@aave-dao/aave-v3-origin/package.json").replace(/package\.json$/, "");
const source = fs.readFileSync(`${originDir}src/contracts/protocol/libraries/helpers/Errors.sol`, "utf8");
const declarations = [...source.matchAll(/^\s*error\s+(\w+\s*\([^)]*\))\s*;/gm)].map((m) => `error ${m[1]}`);
if (declarations.length < 90) throw new Error(`Errors.sol: only ${declarations.length} error declarations found`);
const iface = new ethers.Interface(declarations);
const fragments = [];
iface.forEachError((f) => fragments.push(f));
if (fragments.length !== declarations.length) throw new Error("duplicate error names in Errors.sol");

function randomUint() {
  switch (below(4)) {
    case 0: return BigInt(below(10));
    case 1: return rand64();
    case 2: return (1n << 256n) - 1n - BigInt(below(3));
    default: return BigInt(ethers.hexlify(randomBytes(1 + below(32))));
  }
}
function randomArg(type) {
  if (type === "address") return ethers.getAddress(ethers.hexlify(randomBytes(20)));
  if (type === "uint256") return randomUint();
  throw new Error(`no generator for ${type}`);
}
const text = (type, value) => (type === "address" ? ethers.getAddress(value) : value.toString());

const errors = fragments.map((f) => ({ signature: f.format("sighash"), selector: f.selector }));
const cases = [];
const withArgs = fragments.filter((f) => f.inputs.length > 0);
for (let i = 0; i < count; ++i) {
  // Every error at least once; then a bias towards the ones with arguments.
  const f = i < fragments.length ? fragments[i] : below(3) === 0 ? withArgs[below(withArgs.length)] : fragments[below(fragments.length)];
  const args = f.inputs.map((p) => randomArg(p.type));
  const data = iface.encodeErrorResult(f, args);
  const decoded = iface.decodeErrorResult(f, data);
  const expected = `${f.name}(${f.inputs.map((p, k) => text(p.type, decoded[k])).join(", ")})`;
  cases.push({ data, valid: true, signature: f.format("sighash"), description: expected });
  if (f.inputs.length > 0 && below(2) === 0) {
    const bytes = ethers.getBytes(data);
    const cut = ethers.hexlify(bytes.slice(0, 4 + below(bytes.length - 4)));
    let rejected = false;
    try { iface.decodeErrorResult(f, cut); } catch { rejected = true; }
    if (!rejected) throw new Error(`ethers accepted truncated ${f.name} data ${cut}`);
    cases.push({ data: cut, valid: false, signature: f.format("sighash"), description: "" });
  }
}
writeJson(out, { errors, cases });
