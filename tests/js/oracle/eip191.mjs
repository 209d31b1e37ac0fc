// Oracle for the EIP-191 differential suite: ethers v6 hashMessage, Wallet.signMessage and
// verifyMessage on seeded random byte and text messages.
// usage: node eip191.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { oracleArgs, randomPrivateKey, writeJson, xorshift128plus } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand64 = xorshift128plus(seed);
const below = (n) => Number(rand64() % BigInt(n));
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));

const randomKey = () => randomPrivateKey(randomBytes);

function randomLength() {
  switch (below(5)) {
    case 0: return 0;
    case 1: return below(8);
    case 2: return below(200);
    case 3: return 130 + below(20);  // around the keccak rate (136 bytes)
    default: return below(3000);
  }
}

const alphabet = ["a", "Z", "0", "x", " ", "\n", "\u00e9", "\u4e2d", "\u{1f600}", "\u0000", "\u00ff", "~"];
function randomText() {
  const n = randomLength();
  let text = below(6) === 0 ? "0x" : "";  // text that looks like hex must still hash as text
  for (let i = 0; i < n; ++i) {
    text += below(3) === 0 ? alphabet[below(alphabet.length)] : String.fromCharCode(32 + below(95));
  }
  return text;
}

const cases = [];
for (let i = 0; i < count; ++i) {
  const isText = below(2) === 0;
  const message = isText ? randomText() : randomBytes(randomLength());
  const bytes = isText ? ethers.toUtf8Bytes(message) : message;
  const wallet = new ethers.Wallet(randomKey());
  const signed = await wallet.signMessage(message);
  // A signature over other bytes still recovers to some address: checks recovery on any digest.
  const otherSignature = wallet.signingKey.sign(ethers.hashMessage(randomBytes(1 + below(40)))).serialized;
  cases.push({
    text: isText,
    message: ethers.hexlify(bytes),
    key: wallet.privateKey,
    address: wallet.address,
    hash: ethers.hashMessage(message),
    signed,
    other_signature: otherSignature,
    other_recovered: ethers.verifyMessage(message, otherSignature),
    recovered: ethers.verifyMessage(message, signed),
  });
}
writeJson(out, { seed, count, cases });
