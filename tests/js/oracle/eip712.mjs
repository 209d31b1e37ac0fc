// Oracle for the EIP-712 differential suite: seeded random type systems (nested structs, arrays of
// every kind, all atomic types, int/uint aliases) with random values in every accepted spelling,
// hashed and signed by ethers v6 TypedDataEncoder / Wallet.signTypedData. About one case in six is
// mutated (out-of-range value, wrong length, missing field, bad checksum, bad width, unknown or
// unused type); whether ethers throws is recorded.
// usage: node eip712.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { splitmix64, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand64 = splitmix64(seed);
const below = (n) => Number(rand64() % BigInt(n));
const pick = (list) => list[below(list.length)];
const chance = (n) => below(n) === 0;
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));
function randomBig(bits) {
  let v = 0n;
  for (let i = 0; i < bits; i += 64) v = (v << 64n) | rand64();
  return v & ((1n << BigInt(bits)) - 1n);
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
function randomKey() {
  for (;;) {
    const k = randomBig(256);
    if (k > 0n && k < N) return ethers.toBeHex(k, 32);
  }
}

const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function randomName(capital) {
  let s = capital ? letters[below(26)] : letters[26 + below(26)];
  const n = below(8);
  for (let i = 0; i < n; ++i) s += pick([...letters, "0", "1", "_", "9"]);
  return s;
}

const textPieces = ["a", "Z", " ", "0x", "\u00e9", "\u4e2d", "\u{1f600}", "\\", "\"", "\n", "~"];
function randomText() {
  let s = "";
  const n = chance(4) ? 0 : below(40);
  for (let i = 0; i < n; ++i) s += chance(3) ? pick(textPieces) : String.fromCharCode(32 + below(95));
  return s;
}

function randomAtomic() {
  switch (below(9)) {
    case 0: return `uint${8 * (1 + below(32))}`;
    case 1: return `int${8 * (1 + below(32))}`;
    case 2: return pick(["uint", "int", "uint256", "int256", "uint8", "int8"]);
    case 3: return `bytes${1 + below(32)}`;
    case 4: return "bytes";
    case 5: return "string";
    case 6: return "bool";
    default: return "address";
  }
}

function randomDims() {
  if (!chance(3)) return "";
  let dims = "";
  const depth = 1 + (chance(4) ? 1 : 0);
  for (let i = 0; i < depth; ++i) dims += chance(2) ? "[]" : `[${below(4)}]`;
  return dims;
}

// A DAG of structs: struct i references only structs j > i, and every struct j > 0 is referenced.
function randomTypes() {
  const count = 1 + below(5);
  const names = [];
  while (names.length < count) {
    const name = randomName(true);
    if (!names.includes(name) && name !== "EIP712Domain") names.push(name);
  }
  const types = {};
  names.forEach((name) => (types[name] = []));
  const addField = (i, type) => {
    let fieldName;
    do fieldName = randomName(false); while (types[names[i]].some((f) => f.name === fieldName));
    types[names[i]].push({ name: fieldName, type });
  };
  for (let j = 1; j < count; ++j) addField(below(j), names[j] + randomDims());
  for (let i = 0; i < count; ++i) {
    const extra = below(5);
    for (let k = 0; k < extra; ++k) {
      if (i + 1 < count && chance(4)) addField(i, names[i + 1 + below(count - i - 1)] + randomDims());
      else addField(i, randomAtomic() + randomDims());
    }
    // Shuffle the members so references are not always first.
    const fields = types[names[i]];
    for (let k = fields.length - 1; k > 0; --k) {
      const r = below(k + 1);
      [fields[k], fields[r]] = [fields[r], fields[k]];
    }
  }
  return { types, primary: names[0] };
}

function hexCase(hex) {
  const body = hex.slice(2);
  const r = below(4);
  if (r === 0) return "0x" + body.toUpperCase();
  if (r === 1 && body.length > 0) return "0X" + body;
  return hex;
}

function randomInteger(type) {
  const signed = type.startsWith("int");
  const bits = Number(type.replace(/^u?int/, "") || "256");
  let value;
  const edge = below(6);
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  if (edge === 0) value = max;
  else if (edge === 1) value = min;
  else if (edge === 2) {
    value = BigInt(below(1000)) * (signed && chance(2) ? -1n : 1n);
    if (value > max) value = max;
    if (value < min) value = min;
  } else {
    value = randomBig(below(bits) + 1);
    if (value > max) value = max;
    if (signed && chance(2)) value = -value;
    if (value < min) value = min;
  }
  const abs = value < 0n ? -value : value;
  const sign = value < 0n ? "-" : "";
  const form = below(4);
  if (form === 0 && abs <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (form === 1) return sign + hexCase("0x" + abs.toString(16));
  return value.toString();
}

function randomAddress() {
  const address = ethers.getAddress(ethers.hexlify(randomBytes(20)));
  switch (below(4)) {
    case 0: return address.toLowerCase();
    case 1: return address.slice(2).toLowerCase();
    default: return address;
  }
}

function splitDims(type) {
  const m = type.match(/^([^\[]*)((\[\d*\])*)$/);
  const dims = [...m[2].matchAll(/\[(\d*)\]/g)].map((x) => (x[1] === "" ? -1 : Number(x[1])));
  return { base: m[1], dims };
}

function randomValue(types, type) {
  const { base, dims } = splitDims(type);
  if (dims.length > 0) {
    const last = dims[dims.length - 1];
    const inner = base + dims.slice(0, -1).map((d) => (d < 0 ? "[]" : `[${d}]`)).join("");
    const n = last < 0 ? below(4) : last;
    return Array.from({ length: n }, () => randomValue(types, inner));
  }
  if (types[base]) {
    const value = {};
    for (const f of types[base]) value[f.name] = randomValue(types, f.type);
    return value;
  }
  if (/^u?int\d*$/.test(base)) return randomInteger(base);
  if (/^bytes\d+$/.test(base)) return hexCase(ethers.hexlify(randomBytes(Number(base.slice(5)))));
  if (base === "bytes") return hexCase(ethers.hexlify(randomBytes(chance(3) ? 0 : below(100))));
  if (base === "string") return randomText();
  if (base === "bool") return chance(2);
  if (base === "address") return randomAddress();
  throw new Error(`generator: unknown type ${type}`);
}

function randomDomain() {
  const domain = {};
  if (chance(4) === false) domain.name = randomText();
  if (chance(2)) domain.version = pick(["1", "2", randomText()]);
  if (!chance(4)) domain.chainId = pick([1, 8453, "8453", "0x2105", Number(rand64() % 1000000n), randomBig(64).toString()]);
  if (chance(2)) domain.verifyingContract = randomAddress();
  if (chance(5)) domain.salt = ethers.hexlify(randomBytes(32));
  return domain;
}

const domainOrder = [["name", "string"], ["version", "string"], ["chainId", "uint256"],
  ["verifyingContract", "address"], ["salt", "bytes32"]];

// Walks to a random leaf object holding an atomic field; returns [object, field] or null.
function randomLeaf(types, type, value) {
  // bool is left out: ethers reads it by JavaScript truthiness (never rejects), liquidbot requires
  // true/false, a documented difference the suite does not exercise.
  const fields = types[type].filter(
    (f) => !types[splitDims(f.type).base] && splitDims(f.type).dims.length === 0 && f.type !== "bool");
  if (fields.length > 0) return [value, pick(fields)];
  return null;
}

function mutate(doc) {
  const { types, message } = doc;
  const primary = doc.primaryType;
  const leaf = randomLeaf(types, primary, message);
  switch (below(8)) {
    case 0: types[primary].push({ name: "zz", type: pick(["uint7", "int0", "bytes33", "bytes0", "uint08", "Unknown", "uint8[x]"]) }); message.zz = 1; return "type";
    case 1: types["Unused" + below(9)] = [{ name: "a", type: "bool" }]; return "unused";
    case 2: types[primary].push({ name: "self", type: primary + "[]" }); message.self = []; return "cycle";
    case 3:
      if (!leaf) return "none";
      delete leaf[0][leaf[1].name];
      return "missing";
    case 4: {
      if (!leaf) return "none";
      const t = leaf[1].type;
      const { base } = splitDims(t);
      if (/^u?int/.test(base)) {
        const signed = base.startsWith("int");
        const bits = Number(base.replace(/^u?int/, "") || "256");
        leaf[0][leaf[1].name] = (signed ? (chance(2) ? -(1n << BigInt(bits - 1)) - 1n : 1n << BigInt(bits - 1)) : (chance(2) ? -1n : 1n << BigInt(bits))).toString();
      } else if (/^bytes\d+$/.test(base)) {
        leaf[0][leaf[1].name] = ethers.hexlify(randomBytes(Number(base.slice(5)) + 1));
      } else if (base === "address") {
        const a = ethers.getAddress(ethers.hexlify(randomBytes(20)));
        const flipped = a.slice(0, 2) + [...a.slice(2)].map((c) => (/[a-f]/.test(c) ? c.toUpperCase() : /[A-F]/.test(c) ? c.toLowerCase() : c)).join("");
        leaf[0][leaf[1].name] = /[a-fA-F]/.test(a.slice(2)) && flipped !== a.toLowerCase() && flipped !== "0x" + a.slice(2).toUpperCase() ? flipped : "0x1234";
      } else if (base === "bytes") {
        leaf[0][leaf[1].name] = "0x123";
      } else {
        leaf[0][leaf[1].name] = 12.5;  // string: ethers rejects a number
      }
      return "value";
    }
    case 5: {
      const fixed = types[primary].find((f) => /\[\d+\]$/.test(f.type));
      if (!fixed) return "none";
      message[fixed.name] = [...message[fixed.name], message[fixed.name][0] ?? null];
      return "length";
    }
    case 6: {
      if (!leaf) return "none";
      leaf[0][leaf[1].name] = 9007199254740993;
      return "unsafe";
    }
    default:
      types[primary].push({ name: types[primary][0]?.name ?? "a", type: "bool" });
      message[types[primary][0]?.name ?? "a"] = true;
      return "duplicate";
  }
}

const cases = [];
let rejected = 0;
for (let i = 0; i < count; ++i) {
  const { types, primary } = randomTypes();
  const message = randomValue(types, primary);
  const domain = randomDomain();
  const doc = { types, primaryType: primary, domain, message };
  const mutation = chance(6) ? mutate(doc) : "none";
  const withDomainType = chance(2);
  const docTypes = withDomainType
    ? { EIP712Domain: domainOrder.filter(([k]) => domain[k] != null).map(([name, type]) => ({ name, type })), ...types }
    : types;
  const json = JSON.stringify({ types: docTypes, primaryType: primary, domain, message });
  const record = { json, mutation };
  try {
    const encoder = ethers.TypedDataEncoder.from(types);
    const key = randomKey();
    record.hash = ethers.TypedDataEncoder.hash(domain, types, message);
    record.domain_separator = ethers.TypedDataEncoder.hashDomain(domain);
    record.struct_hash = encoder.hash(message);
    record.encode_data = encoder.encodeData(encoder.primaryType, message);
    record.encode_types = Object.fromEntries(Object.keys(types).map((t) => [t, encoder.encodeType(t)]));
    record.key = key;
    const wallet = new ethers.Wallet(key);
    try {
      record.signature = await wallet.signTypedData(domain, types, message);
    } catch (error) {
      // signTypedData resolves addresses without a 0x prefix as ENS names; sign the digest instead.
      if (!String(error.message).includes("ENS")) throw error;
      record.signature = wallet.signingKey.sign(record.hash).serialized;
    }
    record.ok = true;
  } catch (error) {
    record.ok = false;
    record.error = error.shortMessage ?? error.message;
    ++rejected;
  }
  cases.push(record);
}
writeJson(out, { seed, count, rejected, cases });
