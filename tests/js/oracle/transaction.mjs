// Oracle for the transaction differential suite: ethers v6 builds, signs (Wallet.signTransaction),
// hashes and decodes (Transaction.from(raw)) seeded random legacy, EIP-155, EIP-2930 and EIP-1559
// transactions, and derives addresses from random keys (Wallet).
// usage: node transaction.mjs --seed S --count N --out FILE
import { ethers } from "ethers";
import { oracleArgs, randomPrivateKey, writeJson, xorshift128plus } from "./common.mjs";

const { seed, count, out } = oracleArgs();
const rand64 = xorshift128plus(seed);
const below = (n) => Number(rand64() % BigInt(n));
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));

// A random integer of a random bit width up to `bits`, with the edges 0 and 2^bits-1 on purpose.
function randomUint(bits) {
  switch (below(8)) {
    case 0: return 0n;
    case 1: return (1n << BigInt(bits)) - 1n;
    case 2: return BigInt(below(256));
    default: {
      const width = 1 + below(bits);
      let v = 0n;
      for (let i = 0; i < width; i += 64) v = (v << 64n) | rand64();
      return v & ((1n << BigInt(width)) - 1n);
    }
  }
}

const randomKey = () => randomPrivateKey(randomBytes);

function randomDataLength() {
  switch (below(4)) {
    case 0: return 0;
    case 1: return below(56);
    case 2: return 50 + below(20);  // around the RLP short/long string boundary (55 bytes)
    default: return below(601);
  }
}

function randomAccessList() {
  const entries = below(3) === 0 ? 0 : below(5);
  const list = [];
  for (let i = 0; i < entries; ++i) {
    const keys = below(4);
    list.push({
      address: ethers.getAddress(ethers.hexlify(randomBytes(20))),
      storageKeys: Array.from({ length: keys }, () => ethers.hexlify(randomBytes(32))),
    });
  }
  return list;
}

const chainIds = [1n, 8453n, 84532n, 31337n];
function randomChainId() {
  return below(2) === 0 ? chainIds[below(chainIds.length)] : randomUint(below(2) === 0 ? 32 : 62) + 1n;
}

const str = (v) => v.toString();
const cases = [];
for (let i = 0; i < count; ++i) {
  const wallet = new ethers.Wallet(randomKey());
  const kind = below(4);  // 0 pre-155 legacy, 1 EIP-155, 2 EIP-2930, 3 EIP-1559
  const type = kind <= 1 ? 0 : kind - 1;
  const tx = {
    type,
    chainId: kind === 0 ? 0n : randomChainId(),
    // ethers keeps nonce as a JS number, so the differential range stops at 2^53-1; the
    // 2^64-1 edge is covered by the unit tests.
    nonce: Number(randomUint(53)),
    gasLimit: randomUint(64),
    to: below(4) === 0 ? null : ethers.getAddress(ethers.hexlify(randomBytes(20))),
    value: randomUint(256),
    data: ethers.hexlify(randomBytes(randomDataLength())),
  };
  if (type === 2) {
    const a = randomUint(256);
    const b = randomUint(256);
    tx.maxPriorityFeePerGas = a < b ? a : b;  // ethers (like every node) wants priority <= max
    tx.maxFeePerGas = a < b ? b : a;
  } else {
    tx.gasPrice = randomUint(256);
  }
  if (type !== 0) tx.accessList = randomAccessList();

  const unsigned = ethers.Transaction.from(tx);
  const signed = await wallet.signTransaction(tx);
  const decoded = ethers.Transaction.from(signed);
  const sig = decoded.signature;
  cases.push({
    key: wallet.privateKey,
    address: wallet.address,
    type,
    chainId: str(tx.chainId),
    nonce: str(tx.nonce),
    gasLimit: str(tx.gasLimit),
    gasPrice: type === 2 ? null : str(tx.gasPrice),
    maxPriorityFeePerGas: type === 2 ? str(tx.maxPriorityFeePerGas) : null,
    maxFeePerGas: type === 2 ? str(tx.maxFeePerGas) : null,
    to: tx.to,
    value: str(tx.value),
    data: tx.data,
    accessList: tx.accessList ?? [],
    unsigned: unsigned.unsignedSerialized,
    signingHash: unsigned.unsignedHash,
    signed,
    hash: decoded.hash,
    from: decoded.from,
    yParity: sig.yParity,
    v: str(sig.v),
    networkV: sig.networkV === null ? null : str(sig.networkV),
    r: sig.r,
    s: sig.s,
  });
}
writeJson(out, { seed, count, cases });
