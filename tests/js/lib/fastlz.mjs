// FastLZ level-1 compressor and decompressor (format of ariya/FastLZ), written from the C reference
// semantics for the test bed's independent check of the GasPriceOracle stand-in: the Fjord L1 fee
// uses the length of this compression. compress() emits real bytes; decompress() inverts them.

const HASH_MASK = 0x1fff;
const MAX_DISTANCE = 8192;
const MAX_LEN = 264;

const hash = (v) => ((Math.imul(v, 2654435769 | 0) >>> 0) >>> 19) & HASH_MASK;
const u24 = (b, i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> 0;

function literals(out, src, from, count) {
  while (count >= 32) {
    out.push(31);
    for (let k = 0; k < 32; k++) out.push(src[from + k]);
    from += 32;
    count -= 32;
  }
  if (count > 0) {
    out.push(count - 1);
    for (let k = 0; k < count; k++) out.push(src[from + k]);
  }
}

function match(out, len, distance) {
  distance -= 1;
  while (len > MAX_LEN - 2) {
    out.push((7 << 5) + (distance >> 8), MAX_LEN - 2 - 7 - 2, distance & 255);
    len -= MAX_LEN - 2;
  }
  if (len < 7) out.push((len << 5) + (distance >> 8), distance & 255);
  else out.push((7 << 5) + (distance >> 8), len - 7, distance & 255);
}

export function compress(input) {
  const src = Uint8Array.from(input);
  const out = [];
  const n = src.length;
  const ipBound = n - 4;
  const ipLimit = n - 13;
  const table = new Int32Array(8192);
  let anchor = 0;
  let ip = 2;
  while (ip < ipLimit) {
    let ref;
    let distance;
    for (;;) {
      const seq = u24(src, ip);
      const h = hash(seq);
      ref = table[h];
      table[h] = ip;
      distance = ip - ref;
      const cmp = distance < MAX_DISTANCE ? u24(src, ref) : 0x1000000;
      if (ip >= ipLimit) break;
      ip++;
      if (seq === cmp) break;
    }
    if (ip >= ipLimit) break;
    ip--;
    if (ip > anchor) literals(out, src, anchor, ip - anchor);
    let p = ref + 3;
    let q = ip + 3;
    const start = p;
    while (q < ipBound) {
      if (src[p++] !== src[q++]) break;
    }
    const len = p - start;
    match(out, len, distance);
    ip += len;
    table[hash(u24(src, ip))] = ip;
    ip++;
    table[hash(u24(src, ip))] = ip;
    ip++;
    anchor = ip;
  }
  literals(out, src, anchor, n - anchor);
  return Uint8Array.from(out);
}

export function decompress(input) {
  const src = Uint8Array.from(input);
  const out = [];
  let ip = 0;
  while (ip < src.length) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const count = ctrl + 1;
      if (ip + count > src.length) throw new Error(`fastlz: literal run of ${count} overruns input at ${ip}`);
      for (let k = 0; k < count; k++) out.push(src[ip++]);
      continue;
    }
    let len = (ctrl >> 5) - 1;
    if (len === 6) len += src[ip++];
    const ofs = ((ctrl & 31) << 8) + src[ip++] + 1;
    len += 3;
    if (ofs > out.length) throw new Error(`fastlz: match offset ${ofs} before start at ${ip}`);
    const from = out.length - ofs;
    for (let k = 0; k < len; k++) out.push(out[from + k]);
  }
  return Uint8Array.from(out);
}

// Fjord L1 fee from the FastLZ size of the unsigned transaction (+68 for the signature).
export function fjordL1Fee({ fastLzSize, l1BaseFee, blobBaseFee, baseFeeScalar, blobBaseFeeScalar }) {
  const scaled = BigInt(baseFeeScalar) * 16n * BigInt(l1BaseFee) + BigInt(blobBaseFeeScalar) * BigInt(blobBaseFee);
  let est = -42585600n + 836500n * BigInt(fastLzSize);
  if (est < 100000000n) est = 100000000n;
  return (est * scaled) / 1000000000000n;
}
