// Oracle for the RLP differential suite: ethers v6 encodeRlp/decodeRlp on seeded random nested
// structures (depth up to 4, string and list lengths around the 55/56 and 255/256 boundaries), plus
// decode cases built by a deliberately loose encoder (non-canonical headers) and by byte mutations.
// ethers' decoder is lenient, so the verdict for a decode case is: valid exactly when ethers decodes
// it AND re-encoding the result with ethers gives back the same bytes (the canonical form); integers
// come from ethers toBeArray (minimal big-endian) through encodeRlp.
// usage: node rlp.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { mulberry32, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand32 = mulberry32(seed);
const below = (n) => rand32() % n;
const pick = (list) => list[below(list.length)];
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));

function stringLength() {
  const r = below(10);
  if (r < 3) return pick([0, 1, 1, 1, 2, 54, 55, 56, 57]);
  if (r === 3) return pick([255, 256, 300]);
  return below(60);
}

function randomString() {
  const n = stringLength();
  const bytes = randomBytes(n);
  if (n === 1 && below(2) === 0) bytes[0] = below(0x80);  // the single-byte form
  return ethers.hexlify(bytes);
}

// Nested values stay small: long lists (to cross the 55-byte list payload) only near the top, and a
// node budget per case keeps depth-4 trees from multiplying out.
let budget = 0;
function randomValue(depth) {
  if (depth >= 4 || budget <= 0 || below(3) === 0) {
    --budget;
    return randomString();
  }
  const r = below(10);
  const n = r < 2 ? 0 : r < 6 ? 1 + below(3) : depth === 0 ? 5 + below(15) : below(5);
  const list = [];
  for (let i = 0; i < n; ++i) list.push(randomValue(depth + 1));
  return list;
}

// ---- a loose encoder: valid lengths, but sometimes a non-canonical header -------------------------
function beBytes(n) {
  const out = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return out;
}

function header(base, length, loose) {
  const mode = loose ? below(12) : 99;
  if (mode === 0 || (length > 55 && mode === 1)) {
    // long form, possibly for a short payload, sometimes with a leading zero length byte
    const len = beBytes(length);
    if (len.length === 0 || mode === 1) len.unshift(0);
    return [base + 55 + len.length, ...len];
  }
  if (length <= 55) return [base + length];
  const len = beBytes(length);
  return [base + 55 + len.length, ...len];
}

function looseEncode(value, loose) {
  if (Array.isArray(value)) {
    const payload = value.flatMap((v) => looseEncode(v, loose));
    return [...header(0xc0, payload.length, loose), ...payload];
  }
  const bytes = Array.from(ethers.getBytes(value));
  if (bytes.length === 1 && bytes[0] < 0x80 && !(loose && below(6) === 0)) return bytes;
  return [...header(0x80, bytes.length, loose), ...bytes];
}

function mutate(bytes) {
  const b = bytes.slice();
  const r = below(5);
  if (r === 0 && b.length > 0) b[below(b.length)] = below(256);
  else if (r === 1 && b.length > 0) b.length = below(b.length);        // truncate
  else if (r === 2) b.push(below(256));                               // trailing byte
  else if (r === 3 && b.length > 0) b[0] = (b[0] + pick([1, -1, 8, -8, 0x40])) & 0xff;
  else b.splice(below(b.length + 1), 0, below(256));
  return b;
}

function verdict(bytes) {
  const hex = ethers.hexlify(Uint8Array.from(bytes));
  let decoded;
  try {
    decoded = ethers.decodeRlp(hex);
  } catch {
    return { input: hex, valid: false, reason: "ethers rejects" };
  }
  if (ethers.encodeRlp(decoded) !== hex) return { input: hex, valid: false, reason: "non-canonical" };
  return { input: hex, valid: true, value: decoded };
}

const M = 2n ** 256n;
function randomInteger() {
  const r = below(4);
  if (r === 0) return BigInt(pick([0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff]));
  if (r === 1) return (1n << BigInt(below(256))) + BigInt(below(3)) - 1n;
  let v = 0n;
  for (let i = 0; i < 8; ++i) v = (v << 32n) | BigInt(rand32());
  return v >> BigInt(below(256));
}

const cases = [];
for (let i = 0; i < count; ++i) {
  budget = 40;
  // Every 1000th case is one string with a three-byte length; the rest are random trees.
  const value = i % 1000 === 7 ? ethers.hexlify(randomBytes(65536 + below(10))) : randomValue(0);
  const encoded = ethers.encodeRlp(value);
  if (ethers.hexlify(Uint8Array.from(looseEncode(value, false))) !== encoded)
    throw new Error("loose encoder disagrees with ethers in strict mode");
  const decodeBytes = below(2) === 0 ? looseEncode(value, true) : mutate(Array.from(ethers.getBytes(encoded)));
  const integer = randomInteger() % M;
  cases.push({
    value,
    encoded,
    decode: verdict(decodeBytes),
    integer: "0x" + integer.toString(16),
    integer_encoded: ethers.encodeRlp(ethers.toBeArray(integer)),
  });
}
writeJson(out, { seed, count, cases });
