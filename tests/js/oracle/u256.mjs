// Oracle for the u256 differential suite: Node BigInt (arbitrary precision) computes every operation
// on seeded random operands biased toward edge values; ethers v6 formatUnits gives the fixed-point
// text. Each case carries about thirty expected results (wrapping and checked arithmetic, shifts,
// bitwise, comparison, the 512-bit product, mul_div floor/ceil, text in both directions, to_double
// and three parse attempts on mutated or junk strings), so count 10000 gives well over 100k checks.
// usage: node u256.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { mulberry32, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand32 = mulberry32(seed);
const below = (n) => rand32() % n;
const pick = (list) => list[below(list.length)];

const TWO = 2n;
const M = TWO ** 256n;
const MASK = M - 1n;
const hex = (v) => "0x" + v.toString(16);

const EDGES = (() => {
  const e = [0n, 1n, 2n, 3n, 10n];
  for (const bits of [32n, 63n, 64n, 65n, 96n, 127n, 128n, 129n, 160n, 191n, 192n, 193n, 224n, 255n]) {
    const p = TWO ** bits;
    e.push(p - 1n, p, p + 1n);
  }
  e.push(MASK, MASK - 1n, (TWO ** 64n - 1n) << 192n, (TWO ** 64n - 1n) << 64n);
  for (let k = 0n; k <= 77n; ++k) e.push(10n ** k);
  const WAD = 10n ** 18n;
  const RAY = 10n ** 27n;
  e.push(WAD, RAY, WAD / 2n, RAY / 2n, 10n ** 9n, 10n ** 4n, 5000n, 10n ** 6n, 10n ** 8n);
  return e;
})();

// Random value of a random bit length; limbs are sometimes all-zero or all-one to reach carries.
function randomBits(bits) {
  let v = 0n;
  for (let i = 0; i < 8; ++i) v = (v << 32n) | BigInt(rand32());
  if (below(4) === 0) {
    // Replace whole 64-bit limbs with 0 or 2^64-1.
    for (let limb = 0n; limb < 4n; ++limb) {
      const r = below(4);
      const m = (TWO ** 64n - 1n) << (64n * limb);
      if (r === 0) v &= ~m & MASK;
      else if (r === 1) v |= m;
    }
  }
  return bits >= 256 ? v & MASK : v & (TWO ** BigInt(bits) - 1n);
}

function operand() {
  const r = below(10);
  if (r < 3) {
    const e = pick(EDGES);
    const tweak = below(4);
    if (tweak === 0) return (e + 1n) & MASK;
    if (tweak === 1) return (e - 1n + M) & MASK;
    return e;
  }
  if (r < 5) return randomBits(pick([64, 128, 192, 256]));
  return randomBits(1 + below(256));
}

function shiftAmount() {
  return below(3) === 0 ? pick([0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257, 300]) : below(300);
}

function decimalsArg() {
  return below(2) === 0 ? pick([0, 1, 2, 6, 8, 18, 27, 77, 78, 80]) : below(81);
}

// Divisor for mul_div: often sized so that the quotient fits, sometimes not, sometimes zero.
function mulDivDivisor(a, b) {
  const r = below(20);
  if (r === 0) return 0n;
  if (r === 1) return pick([1n, 10n ** 18n, 10n ** 27n, 10000n, MASK]);
  const productBits = (a * b).toString(2).length;
  const minBits = Math.max(1, productBits - 256);
  const bits = Math.min(256, minBits + below(257 - minBits));
  const d = randomBits(bits) | (TWO ** BigInt(bits - 1));
  return d & MASK;
}

function mulDiv(a, b, d, ceil) {
  if (d === 0n) return "division_by_zero";
  let q = (a * b) / d;
  if (ceil && (a * b) % d !== 0n) q += 1n;
  return q > MASK ? "overflow" : hex(q);
}

// ---- parse cases: mutated valid text and junk; expected outcome from a regex spec plus BigInt ----
const JUNK = ["-", "+", " ", "\t", "\n", "_", ".", ",", "x", "X", "g", "G", "z", "e", "0x", "\u00e9",
  "\u0660", "\uff11", "\u0000", "/", ":", "@", "`", "[", "\u{1f600}"];

function randomDigits(alphabet, n) {
  let s = "";
  for (let i = 0; i < n; ++i) s += alphabet[below(alphabet.length)];
  return s;
}

function parseText() {
  const r = below(12);
  let text;
  if (r === 0) text = pick(["", "0x", "0X", "0", "00", "0x0", "0x00", "x", "-0", "+0"]);
  else if (r === 1) text = (MASK + BigInt(below(3))).toString();            // around the limit
  else if (r === 2) text = (below(2) ? "0x" : "") + (MASK + BigInt(below(3))).toString(16);
  else if (r === 3) text = "0x" + "0".repeat(below(80)) + operand().toString(16);  // leading zeros
  else if (r === 4) text = "0".repeat(below(80)) + operand().toString();
  else if (r === 5) text = randomDigits("0123456789", 1 + below(90));
  else if (r === 6) text = (below(2) ? "0x" : "0X") + randomDigits("0123456789abcdefABCDEF", 1 + below(70));
  else if (r === 7) text = randomDigits("0123456789abcdefABCDEFxX-+ ", below(20));
  else text = below(2) ? operand().toString() : "0x" + operand().toString(16);
  // Mutations: insert or replace with junk, or drop a character.
  const m = below(3);
  if (m === 0 && text.length > 0) {
    const at = below(text.length + 1);
    text = text.slice(0, at) + pick(JUNK) + text.slice(at);
  } else if (m === 1 && text.length > 1 && below(3) === 0) {
    const at = below(text.length);
    text = text.slice(0, at) + text.slice(at + 1);
  }
  return text;
}

// Expected result of from_dec / from_hex / from_string: "0x..." value, or the error code name.
// Invalid characters (or empty digits) are "invalid_argument" even when the digits would overflow.
function expectParse(kind, text) {
  const asDec = () => {
    if (!/^[0-9]+$/.test(text)) return "invalid_argument";
    const v = BigInt(text);
    return v > MASK ? "overflow" : hex(v);
  };
  const asHex = () => {
    const m = /^(?:0[xX])?([0-9a-fA-F]+)$/.exec(text);
    if (!m) return "invalid_argument";
    const v = BigInt("0x" + m[1]);
    return v > MASK ? "overflow" : hex(v);
  };
  if (kind === "dec") return asDec();
  if (kind === "hex") return asHex();
  return /^0[xX]/.test(text) ? asHex() : asDec();
}

const cases = [];
for (let i = 0; i < count; ++i) {
  const a = operand();
  let b = operand();
  if (below(25) === 0) b = 0n;
  if (below(8) === 0) b = a === 0n ? b : (a / (1n + BigInt(below(1000)))) & MASK;  // near-divisors
  const s = shiftAmount();
  const k = decimalsArg();
  const d = mulDivDivisor(a, b);
  const product = a * b;
  const parses = [];
  for (let j = 0; j < 3; ++j) {
    const kind = pick(["dec", "hex", "str"]);
    const text = parseText();
    parses.push({ kind, text, want: expectParse(kind, text) });
  }
  const shl = (a << BigInt(s));
  cases.push({
    a: hex(a),
    b: hex(b),
    s,
    k,
    d: hex(d),
    add: hex((a + b) & MASK),
    sub: hex((a - b + M) & MASK),
    mul: hex(product & MASK),
    div: hex(b === 0n ? 0n : a / b),
    mod: hex(b === 0n ? 0n : a % b),
    and: hex(a & b),
    or: hex(a | b),
    xor: hex(a ^ b),
    not: hex(~a & MASK),
    shl: hex(shl & MASK),
    shr: hex(a >> BigInt(s)),
    cmp: a < b ? -1 : a > b ? 1 : 0,
    add_overflow: a + b > MASK,
    sub_overflow: a < b,
    mul_overflow: product > MASK,
    checked_shl: shl > MASK ? "overflow" : hex(shl),
    wide: hex(product),
    mul_div_floor: mulDiv(a, b, d, false),
    mul_div_ceil: mulDiv(a, b, d, true),
    dec: a.toString(),
    fixed: ethers.formatUnits(a, k),
    double: Number(a).toString(),
    parses,
  });
}
writeJson(out, { seed, count, cases });
