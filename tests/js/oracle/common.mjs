// Pieces shared by the oracle scripts: command-line options, the seeded generators (reproducible
// without external packages) and the JSON output.
import { writeFileSync } from "node:fs";

const M64 = 0xffffffffffffffffn;

// The value after `--<name>` on the command line, or `fallback` when the option is absent.
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

// The usual oracle options: --seed S (default 1), --count N (default `defaultCount`), --out FILE
// (required).
export function oracleArgs(defaultCount = "10000") {
  const seed = Number(arg("seed", "1"));
  const count = Number(arg("count", defaultCount));
  const out = arg("out");
  if (!out) throw new Error("--out is required");
  return { seed, count, out };
}

// 32-bit mulberry-style generator; returns rand32().
export function mulberry32(seed) {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// splitmix64 from the BigInt state `initial` (taken mod 2^64); returns rand64().
export function splitmix64(initial) {
  let state = BigInt(initial) & M64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & M64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
}

// xorshift128+ seeded through splitmix64(seed); returns rand64().
export function xorshift128plus(seed) {
  const next = splitmix64(seed);
  let s0 = next();
  let s1 = next();
  return () => {
    let a = s0;
    const b = s1;
    s0 = b;
    a ^= (a << 23n) & M64;
    s1 = a ^ b ^ (a >> 17n) ^ (b >> 26n);
    return (s1 + b) & M64;
  };
}

// xorshift64 (13, 7, 17) from the BigInt state `initial` (taken mod 2^64); returns rand64().
export function xorshift64(initial) {
  let x = BigInt(initial) & M64;
  return () => {
    x ^= x << 13n; x &= M64; x ^= x >> 7n; x ^= x << 17n; x &= M64;
    return x;
  };
}

// A secp256k1 private key (0x + 64 lower-case hex digits, 0 < key < n) drawn from
// `randomBytes(32)`, redrawn until it is in range.
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export function randomPrivateKey(randomBytes) {
  for (;;) {
    const key = "0x" + Buffer.from(randomBytes(32)).toString("hex");
    const k = BigInt(key);
    if (k > 0n && k < SECP256K1_N) return key;
  }
}

// Writes `value` as compact JSON to `path`.
export function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value));
}
