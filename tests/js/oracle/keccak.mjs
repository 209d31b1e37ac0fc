// Oracle for the Keccak-256 differential suite: ethers v6 keccak256 on seeded random inputs of
// every length 0..300 (several per length), some long inputs, and UTF-8 text.
// usage: node keccak.mjs --seed S --count N --out FILE
import { writeFileSync } from "node:fs";
import { ethers } from "ethers";

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const seed = Number(arg("seed", "1"));
const count = Number(arg("count", "10000"));
const out = arg("out");
if (!out) throw new Error("--out is required");

// 32-bit mulberry-style generator: reproducible per seed without external packages.
let state = (seed * 0x9e3779b9) >>> 0;
function rand32() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
const below = (n) => rand32() % n;
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));

const alphabet = ["a", "Z", "0", " ", "\n", "\u00e9", "\u4e2d", "\u{1f600}", "\u0000", "(", ")", ","];
function randomText(n) {
  let text = below(4) === 0 ? "0x" : "";  // hex-looking text still hashes as text
  while (text.length < n) {
    text += below(3) === 0 ? alphabet[below(alphabet.length)] : String.fromCharCode(32 + below(95));
  }
  return text;
}

const kMaxCycled = 300;
const cases = [];
for (let i = 0; i < count; ++i) {
  // Lengths cycle through 0..300 so every length gets count/301 cases; every 97th case is long.
  const length = i % 97 === 96 ? 301 + below(4000) : i % (kMaxCycled + 1);
  const isText = i % 13 === 5;
  const bytes = isText ? ethers.toUtf8Bytes(randomText(length)) : randomBytes(length);
  cases.push({
    text: isText,
    data: ethers.hexlify(bytes),
    // The checker also hashes incrementally in chunks of this size.
    chunk: 1 + below(200),
    hash: ethers.keccak256(bytes),
  });
}
writeFileSync(out, JSON.stringify({ seed, count, cases }));
