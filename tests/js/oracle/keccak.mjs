// Oracle for the Keccak-256 differential suite: ethers v6 keccak256 on seeded random inputs of
// every length 0..300 (several per length), some long inputs, and UTF-8 text.
// usage: node keccak.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { mulberry32, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand32 = mulberry32(seed);
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
writeJson(out, { seed, count, cases });
