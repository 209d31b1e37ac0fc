// Oracle for the ABI differential suite: ethers v6 AbiCoder.defaultAbiCoder() encodings of seeded
// random type trees (up to 3 levels of arrays/tuples) and values, FunctionFragment/EventFragment
// canonical forms, selectors and topics, and Interface-encoded revert data (Error, Panic, custom).
// usage: node abi.mjs --seed S --count N --out FILE
// Integers are decimal strings, bytes and addresses 0x-hex, arrays and tuples JSON arrays.
import { ethers } from "ethers";
import { xorshift128plus, oracleArgs, writeJson } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand64 = xorshift128plus(seed);
const below = (n) => Number(rand64() % BigInt(n));
const chance = (p) => below(1000) < p * 1000;
const pick = (list) => list[below(list.length)];
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));
function randomBits(bits) {
  let v = 0n;
  for (let i = 0; i < bits; i += 64) v = (v << 64n) | rand64();
  return v & ((1n << BigInt(bits)) - 1n);
}

// ---- random types ---------------------------------------------------------------------------------
// Type nodes: {kind, size, length, components}; `canonical` spells them like Solidity.
function randomLeaf() {
  switch (below(7)) {
    case 0: return { kind: "uint", size: 8 * (1 + below(32)) };
    case 1: return { kind: "int", size: 8 * (1 + below(32)) };
    case 2: return { kind: "address" };
    case 3: return { kind: "bool" };
    case 4: return { kind: "bytesN", size: 1 + below(32) };
    case 5: return { kind: "bytes" };
    default: return { kind: "string" };
  }
}
function randomType(depth) {
  if (depth >= 3 || chance(0.45)) return randomLeaf();
  switch (below(3)) {
    case 0: return { kind: "fixed", length: 1 + below(3), components: [randomType(depth + 1)] };
    case 1: return { kind: "array", components: [randomType(depth + 1)] };
    default: {
      const n = 1 + below(4);
      return { kind: "tuple", components: Array.from({ length: n }, () => randomType(depth + 1)) };
    }
  }
}
function canonical(t) {
  switch (t.kind) {
    case "uint": return `uint${t.size}`;
    case "int": return `int${t.size}`;
    case "bytesN": return `bytes${t.size}`;
    case "fixed": return `${canonical(t.components[0])}[${t.length}]`;
    case "array": return `${canonical(t.components[0])}[]`;
    case "tuple": return `(${t.components.map(canonical).join(",")})`;
    default: return t.kind;
  }
}
// A human-readable spelling with optional aliases, tuple keyword, member names and whitespace.
function humanType(t, ws) {
  const sp = () => (ws && chance(0.3) ? " " : "");
  switch (t.kind) {
    case "uint": return t.size === 256 && chance(0.5) ? "uint" : `uint${t.size}`;
    case "int": return t.size === 256 && chance(0.5) ? "int" : `int${t.size}`;
    case "fixed": return `${humanType(t.components[0], ws)}${sp()}[${sp()}${t.length}${sp()}]`;
    case "array": return `${humanType(t.components[0], ws)}${sp()}[${sp()}]`;
    case "tuple": {
      const members = t.components.map((c, i) => humanType(c, ws) + (chance(0.4) ? ` m${i}` : ""));
      return `${chance(0.3) ? "tuple" : ""}(${sp()}${members.join(`,${sp()}`)}${sp()})`;
    }
    default: return canonical(t);
  }
}

// ---- random values --------------------------------------------------------------------------------
const CHARS = [..."abcXYZ019 _-,;:[](){}\"'\\\t\nรé€😀"];
function randomString() {
  const n = pick([0, 1, 5, 31, 32, 33, below(70)]);
  return Array.from({ length: n }, () => pick(CHARS)).join("");
}
function randomInt(t) {
  const bits = t.size;
  if (t.kind === "uint") {
    switch (below(5)) {
      case 0: return 0n;
      case 1: return (1n << BigInt(bits)) - 1n;
      default: return randomBits(1 + below(bits));
    }
  }
  const half = 1n << BigInt(bits - 1);
  switch (below(6)) {
    case 0: return -half;
    case 1: return half - 1n;
    case 2: return -1n;
    case 3: return 0n;
    default: {
      const magnitude = randomBits(1 + below(bits - 1));
      return chance(0.5) ? -magnitude - 1n : magnitude;
    }
  }
}
// Returns {ethers, json}: the ethers input and the JSON form the checker reads.
function randomValue(t) {
  switch (t.kind) {
    case "uint":
    case "int": {
      const v = randomInt(t);
      return { ethers: v, json: v.toString() };
    }
    case "address": {
      const a = ethers.getAddress(ethers.hexlify(randomBytes(20)));
      return { ethers: a, json: a };
    }
    case "bool": {
      const b = chance(0.5);
      return { ethers: b, json: b };
    }
    case "bytesN": {
      const h = ethers.hexlify(randomBytes(t.size));
      return { ethers: h, json: h };
    }
    case "bytes": {
      const h = ethers.hexlify(randomBytes(pick([0, 1, 31, 32, 33, below(100)])));
      return { ethers: h, json: h };
    }
    case "string": {
      const s = randomString();
      return { ethers: s, json: s };
    }
    default: {
      const n = t.kind === "fixed" ? t.length : t.kind === "array" ? below(4) : t.components.length;
      const items = Array.from({ length: n }, (_, i) => randomValue(t.kind === "tuple" ? t.components[i] : t.components[0]));
      return { ethers: items.map((x) => x.ethers), json: items.map((x) => x.json) };
    }
  }
}
// The CLI-style text parse_value reads (nested strings quoted, whitespace varied).
function valueText(t, json, nested) {
  const sp = () => (chance(0.3) ? " " : "");
  switch (t.kind) {
    case "uint": return chance(0.3) ? "0x" + BigInt(json).toString(16) : json;
    case "int": {
      const v = BigInt(json);
      if (!chance(0.3)) return json;
      return v < 0n ? "-0x" + (-v).toString(16) : "0x" + v.toString(16);
    }
    case "address": return chance(0.5) ? json.toLowerCase() : json;
    case "bool": return String(json);
    case "bytesN":
    case "bytes": return chance(0.3) ? "0x" + json.slice(2).toUpperCase() : json;
    case "string":
      return nested ? `"${json.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : json;
    default: {
      const items = json.map((x, i) => sp() + valueText(t.kind === "tuple" ? t.components[i] : t.components[0], x, true) + sp());
      return t.kind === "tuple" ? `(${items.join(",")})` : `[${items.join(",")}]`;
    }
  }
}
// The cast-style output format_value must print.
function formatted(t, json) {
  switch (t.kind) {
    case "uint":
    case "int": return BigInt(json).toString();
    case "address": return ethers.getAddress(json);
    case "bool": return String(json);
    case "bytesN":
    case "bytes": return json.toLowerCase();
    case "string": return json;
    default: {
      const items = json.map((x, i) => formatted(t.kind === "tuple" ? t.components[i] : t.components[0], x));
      return t.kind === "tuple" ? `(${items.join(", ")})` : `[${items.join(", ")}]`;
    }
  }
}

const coder = ethers.AbiCoder.defaultAbiCoder();

// ---- codec cases ----------------------------------------------------------------------------------
const codec = [];
for (let i = 0; i < count; ++i) {
  const types = Array.from({ length: 1 + below(4) }, () => randomType(0));
  const values = types.map(randomValue);
  const names = types.map(canonical);
  for (const name of names) {
    if (ethers.ParamType.from(name).format("sighash") !== name) throw new Error(`oracle type mismatch ${name}`);
  }
  const encoded = coder.encode(names, values.map((v) => v.ethers));
  codec.push({
    types: names,
    values: values.map((v) => v.json),
    texts: types.map((t, k) => valueText(t, values[k].json, false)),
    formatted: types.map((t, k) => formatted(t, values[k].json)),
    encoded,
  });
}

// ---- signatures -----------------------------------------------------------------------------------
const randomName = () => pick(["f", "get", "set", "Transfer", "_x", "$y", "do"]) + "_" + below(1000).toString(36);
const signatures = [];
for (let i = 0; i < Math.max(1, count / 4); ++i) {
  const inputs = Array.from({ length: below(5) }, () => randomType(0));
  const outputs = Array.from({ length: below(3) }, () => randomType(0));
  const name = randomName();
  const isEvent = chance(0.3);
  const ws = chance(0.5);
  const param = (t, k, withIndexed) =>
    humanType(t, false) + (withIndexed && chance(0.3) ? " indexed" : "") + (chance(0.5) ? ` p${k}` : "");
  const ethersParams = inputs.map((t, k) => param(t, k, isEvent));
  const ethersOutputs = outputs.map((t, k) => param(t, k, false));
  let ethersText, canonicalText, selector, topic = null;
  if (isEvent) {
    ethersText = `event ${name}(${ethersParams.join(", ")})`;
    const fragment = ethers.EventFragment.from(ethersText);
    canonicalText = fragment.format("sighash");
    topic = fragment.topicHash;
    selector = topic.slice(0, 10);
  } else {
    ethersText = `function ${name}(${ethersParams.join(", ")})` + (outputs.length ? ` returns (${ethersOutputs.join(", ")})` : "");
    const fragment = ethers.FunctionFragment.from(ethersText);
    canonicalText = fragment.format("sighash");
    selector = fragment.selector;
    topic = ethers.id(canonicalText);
  }
  const outputTypes = isEvent ? [] : ethers.FunctionFragment.from(ethersText).outputs.map((p) => p.format("sighash"));
  // Our text: the ethers text without the keyword, sometimes with extra whitespace and `(out)` outputs.
  const pad = () => (ws ? pick(["", " ", "  ", "\t"]) : "");
  let ours = `${pad()}${name}${pad()}(${pad()}${ethersParams.join(`${pad()},${pad()}`)}${pad()})`;
  if (!isEvent && outputs.length) ours += chance(0.5) ? `${pad()}(${ethersOutputs.join(",")})` : ` returns (${ethersOutputs.join(", ")})`;
  if (chance(0.2)) ours = (isEvent ? "event " : "function ") + ours;
  signatures.push({ text: ours, ethers: ethersText, canonical: canonicalText, selector, topic, outputs: outputTypes });
}

// ---- revert data ----------------------------------------------------------------------------------
const PANICS = [0x00, 0x01, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32, 0x41, 0x51];
const reverts = [];
for (let i = 0; i < Math.max(1, count / 4); ++i) {
  const errorCount = below(4);
  const errorTypes = Array.from({ length: errorCount }, () => Array.from({ length: below(4) }, () => randomType(1)));
  const errorSigs = errorTypes.map((types, k) => `E${k}_${below(1e6)}(${types.map(canonical).join(",")})`);
  const iface = new ethers.Interface(errorSigs.map((s) => `error ${s}`));
  const mode = below(5);
  const entry = { errors: errorSigs };
  if (mode === 0) {
    const message = randomString();
    entry.data = ethers.concat(["0x08c379a0", coder.encode(["string"], [message])]);
    Object.assign(entry, { kind: "error", message });
    if (iface.parseError(entry.data)?.args[0] !== message) throw new Error("oracle: Error(string) mismatch");
  } else if (mode === 1) {
    const code = chance(0.8) ? BigInt(pick(PANICS)) : randomBits(below(256) + 1);
    entry.data = ethers.concat(["0x4e487b71", coder.encode(["uint256"], [code])]);
    Object.assign(entry, { kind: "panic", code: code.toString() });
    if (iface.parseError(entry.data)?.args[0] !== code) throw new Error("oracle: Panic mismatch");
  } else if (mode === 2 && errorCount > 0) {
    const index = below(errorCount);
    const values = errorTypes[index].map(randomValue);
    const fragment = iface.getError(errorSigs[index].split("(")[0]);
    entry.data = iface.encodeErrorResult(fragment, values.map((v) => v.ethers));
    Object.assign(entry, { kind: "custom", index, types: errorTypes[index].map(canonical), args: values.map((v) => v.json) });
    if (iface.parseError(entry.data)?.name !== fragment.name) throw new Error("oracle: custom error mismatch");
  } else if (mode === 3) {
    entry.data = "0x";
    entry.kind = "empty";
  } else {
    let data;
    do {
      data = ethers.hexlify(randomBytes(4 + 32 * below(3)));
    } while (iface.parseError(data) !== null);
    entry.data = data;
    entry.kind = "unknown";
  }
  reverts.push(entry);
}

writeJson(out, { seed, codec, signatures, reverts });
