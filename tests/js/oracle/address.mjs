// Oracle for the Address differential suite: ethers v6 getAddress on seeded random addresses
// written in lower case, upper case, EIP-55 form and with randomly changed letter case (which
// ethers rejects with "bad address checksum" unless the result happens to be valid).
// usage: node address.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { mulberry32, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand32 = mulberry32(seed);
const below = (n) => rand32() % n;

function randomAddressBytes() {
  const b = Uint8Array.from({ length: 20 }, () => below(256));
  // Some addresses are mostly zero or mostly digits: few letters make few checksum bits.
  if (below(10) === 0) for (let i = 0; i < 20; ++i) if (below(4) !== 0) b[i] = 0;
  if (below(10) === 0) for (let i = 0; i < 20; ++i) b[i] = (below(10) << 4) | below(10);
  return b;
}

// Changes the case of one randomly chosen letter (the text is returned unchanged without letters).
function flipOneLetter(text) {
  const letters = [...text.slice(2)].map((c, i) => (/[a-fA-F]/.test(c) ? i + 2 : -1)).filter((i) => i >= 0);
  if (letters.length === 0) return text;
  const at = letters[below(letters.length)];
  const c = text[at];
  return text.slice(0, at) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + text.slice(at + 1);
}

function flipCase(text, probability) {
  let outText = "0x";
  for (const c of text.slice(2)) {
    const isLetter = /[a-fA-F]/.test(c);
    const flip = isLetter && rand32() / 2 ** 32 < probability;
    outText += flip ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c;
  }
  return outText;
}

const cases = [];
for (let i = 0; i < count; ++i) {
  const lower = ethers.hexlify(randomAddressBytes());
  const checksum = ethers.getAddress(lower);
  let input;
  switch (i % 5) {
    case 0: input = lower; break;
    case 1: input = "0x" + lower.slice(2).toUpperCase(); break;
    case 2: input = checksum; break;
    case 3: input = flipOneLetter(checksum); break;
    default: input = flipCase(lower, 0.5); break;        // random mixed case
  }
  let expected = null;
  let error = null;
  try {
    expected = ethers.getAddress(input);
  } catch (e) {
    error = e.shortMessage ?? e.message;
  }
  cases.push({ input, lower, checksum: expected, error });
}
writeJson(out, { seed, count, cases });
