// Oracle for the keystore tests (Web3 Secret Storage v3).
//   node keystore.mjs --seed S --count N --out FILE
//     writes keystores made independently of liquidbot: scrypt ones by ethers v6
//     encryptKeystoreJsonSync (small N for speed, plus one with ethers' default N = 2^17), pbkdf2 ones
//     by node:crypto (pbkdf2Sync + aes-128-ctr) and ethers keccak256 (ethers cannot write pbkdf2).
//     [{kdf, password, privateKey, address, json}]
//   node keystore.mjs --decrypt IN --out FILE
//     decrypts liquidbot-made keystores [{json, password}] with ethers decryptKeystoreJsonSync:
//     [{address, privateKey} | {error}]
import { readFileSync } from "node:fs";
import { createCipheriv, pbkdf2Sync } from "node:crypto";
import { ethers } from "ethers";
import { arg, splitmix64, writeJson } from "./common.mjs";

const out = arg("out");
if (!out) throw new Error("--out is required");

const decryptIn = arg("decrypt");
if (decryptIn) {
  const items = JSON.parse(readFileSync(decryptIn, "utf8"));
  const results = items.map(({ json, password }) => {
    try {
      const account = ethers.decryptKeystoreJsonSync(json, password);
      return { address: account.address, privateKey: account.privateKey };
    } catch (e) {
      return { error: String(e.shortMessage ?? e.message) };
    }
  });
  writeJson(out, results);
  process.exit(0);
}

const seed = BigInt(arg("seed", "1"));
const count = Number(arg("count", "20"));
const rand64 = splitmix64(seed * 0x9e3779b97f4a7c15n + 1n);
const below = (n) => Number(rand64() % BigInt(n));
const bytes = (n) => Uint8Array.from({ length: n }, () => below(256));
const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()*+,-./:;<=>?@[]^_{|}~\"'\\äöüéß€中文";
function password() {
  const n = below(24);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[below(alphabet.length)];
  return s.normalize("NFKC");
}
function privateKey() {
  while (true) {
    const k = bytes(32);
    const v = BigInt(ethers.hexlify(k));
    if (v > 0n && v < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n) return ethers.hexlify(k);
  }
}
function pbkdf2Keystore(key, pass, c, saltLen) {
  const salt = bytes(saltLen);
  const iv = bytes(16);
  const dk = pbkdf2Sync(Buffer.from(pass, "utf8"), salt, c, 32, "sha256");
  const cipher = createCipheriv("aes-128-ctr", dk.subarray(0, 16), iv);
  const ct = Buffer.concat([cipher.update(ethers.getBytes(key)), cipher.final()]);
  const mac = ethers.keccak256(Buffer.concat([dk.subarray(16, 32), ct])).slice(2);
  const wallet = new ethers.Wallet(key);
  return JSON.stringify({
    address: wallet.address.slice(2).toLowerCase(), id: "3198bc9c-6672-5ab3-d995-4942343ae5b6", version: 3,
    crypto: { cipher: "aes-128-ctr", cipherparams: { iv: Buffer.from(iv).toString("hex") }, ciphertext: ct.toString("hex"),
      kdf: "pbkdf2", kdfparams: { c, dklen: 32, prf: "hmac-sha256", salt: Buffer.from(salt).toString("hex") }, mac },
  });
}

const vectors = [];
for (let i = 0; i < count; i++) {
  const key = privateKey();
  const pass = password();
  const address = new ethers.Wallet(key).address;
  if (i % 2 === 0) {
    const N = i === 0 ? 131072 : 1 << (1 + below(10)); // i = 0: ethers' default parameters
    const json = ethers.encryptKeystoreJsonSync({ address, privateKey: key }, pass,
      i === 0 ? {} : { scrypt: { N, r: 1 + below(8), p: 1 + below(2) } });
    vectors.push({ kdf: "scrypt", password: pass, privateKey: key, address, json });
  } else {
    vectors.push({ kdf: "pbkdf2", password: pass, privateKey: key, address,
      json: pbkdf2Keystore(key, pass, 1 + below(2000), 16 + below(17)) });
  }
}
writeJson(out, vectors);
