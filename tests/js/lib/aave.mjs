// Deploys the real compiled Aave V3 contracts of @aave/core-v3 1.19.3 onto the test chain, plus the
// project's Multicall3 and GasPriceOracle stand-ins at their OP-stack addresses.

import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import { rpc, rpcBatch, toQuantity } from "./rpc.mjs";
import { JS_DIR, CHAIN_ID, mineUntilIncluded } from "./chain.mjs";
import { compileContracts } from "./solc.mjs";

const ARTIFACTS = path.join(JS_DIR, "node_modules", "@aave", "core-v3", "artifacts", "contracts");
export const MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";
export const GAS_PRICE_ORACLE_ADDRESS = "0x420000000000000000000000000000000000000F";
export const MNEMONIC = "test test test test test test test test test test test junk";
export const BASE_CURRENCY_UNIT = 100000000n;
const RAY = 10n ** 27n;
const pct = (p) => (BigInt(Math.round(p * 1e4)) * RAY) / 10000n; // percent as ray

const ARTIFACT_PATHS = {
  PoolAddressesProvider: "protocol/configuration/PoolAddressesProvider.sol",
  ACLManager: "protocol/configuration/ACLManager.sol",
  SupplyLogic: "protocol/libraries/logic/SupplyLogic.sol",
  BorrowLogic: "protocol/libraries/logic/BorrowLogic.sol",
  LiquidationLogic: "protocol/libraries/logic/LiquidationLogic.sol",
  EModeLogic: "protocol/libraries/logic/EModeLogic.sol",
  BridgeLogic: "protocol/libraries/logic/BridgeLogic.sol",
  FlashLoanLogic: "protocol/libraries/logic/FlashLoanLogic.sol",
  PoolLogic: "protocol/libraries/logic/PoolLogic.sol",
  ConfiguratorLogic: "protocol/libraries/logic/ConfiguratorLogic.sol",
  Pool: "protocol/pool/Pool.sol",
  L2Pool: "protocol/pool/L2Pool.sol",
  PoolConfigurator: "protocol/pool/PoolConfigurator.sol",
  AaveProtocolDataProvider: "misc/AaveProtocolDataProvider.sol",
  AaveOracle: "misc/AaveOracle.sol",
  PriceOracle: "mocks/oracle/PriceOracle.sol",
  PriceOracleSentinel: "protocol/configuration/PriceOracleSentinel.sol",
  SequencerOracle: "mocks/oracle/SequencerOracle.sol",
  MintableERC20: "mocks/tokens/MintableERC20.sol",
  AToken: "protocol/tokenization/AToken.sol",
  VariableDebtToken: "protocol/tokenization/VariableDebtToken.sol",
  StableDebtToken: "protocol/tokenization/StableDebtToken.sol",
  DefaultReserveInterestRateStrategy: "protocol/pool/DefaultReserveInterestRateStrategy.sol",
};

const artifactCache = new Map();
export function artifact(name) {
  if (!artifactCache.has(name)) {
    const p = path.join(ARTIFACTS, ARTIFACT_PATHS[name], `${name}.json`);
    artifactCache.set(name, JSON.parse(fs.readFileSync(p, "utf8")));
  }
  return artifactCache.get(name);
}
export const iface = (name) => new ethers.Interface(artifact(name).abi);

// Creation bytecode with the library address slots filled in per the artifact's linkReferences.
export function linkedBytecode(name, libraries) {
  const a = artifact(name);
  let hex = a.bytecode.slice(2);
  for (const [file, libs] of Object.entries(a.linkReferences ?? {})) {
    for (const [lib, refs] of Object.entries(libs)) {
      const addr = libraries[lib];
      if (!addr) throw new Error(`link ${name}: no address for library ${lib} (${file})`);
      for (const { start, length } of refs) {
        if (length !== 20) throw new Error(`link ${name}: unexpected reference length ${length}`);
        hex = hex.slice(0, start * 2) + addr.slice(2).toLowerCase() + hex.slice((start + length) * 2);
      }
    }
  }
  if (hex.includes("__$")) throw new Error(`link ${name}: library reference left unlinked`);
  return "0x" + hex;
}

// Reserves shaped like Base's (decimals, risk parameters of the era of v3.0-3.1; prices in USD*1e8).
export const RESERVES = [
  { symbol: "WETH", name: "Wrapped Ether", decimals: 18, ltv: 8000, lt: 8300, lb: 10500, reserveFactor: 1500,
    price: 300000000000n, eMode: 1, rate: { optimal: 0.9, base: 0, s1: 0.027, s2: 0.8 } },
  { symbol: "USDC", name: "USD Coin", decimals: 6, ltv: 7500, lt: 7800, lb: 10500, reserveFactor: 1000,
    price: 100010000n, eMode: 0, rate: { optimal: 0.92, base: 0, s1: 0.055, s2: 0.6 } },
  { symbol: "cbBTC", name: "Coinbase Wrapped BTC", decimals: 8, ltv: 7300, lt: 7800, lb: 10750, reserveFactor: 2000,
    price: 6500000000000n, eMode: 0, rate: { optimal: 0.8, base: 0, s1: 0.04, s2: 3 } },
  { symbol: "wstETH", name: "Wrapped liquid staked Ether 2.0", decimals: 18, ltv: 7100, lt: 7600, lb: 10600, reserveFactor: 1500,
    price: 360000000000n, eMode: 1, rate: { optimal: 0.45, base: 0, s1: 0.07, s2: 3 } },
];
export const EMODES = [{ id: 1, ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, label: "ETH correlated" }];

export function testAccounts(count = 10) {
  const root = ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0");
  return Array.from({ length: count }, (_, i) => {
    const w = root.deriveChild(i);
    return { address: w.address, privateKey: w.privateKey };
  });
}

// Sends transactions from unlocked accounts in JSON-RPC batches and mines them deterministically.
export class Sender {
  constructor(url) {
    this.url = url;
    this.queue = [];
    this.nonces = new Map();
  }
  async nonce(from) {
    const key = from.toLowerCase();
    if (!this.nonces.has(key)) this.nonces.set(key, Number(await rpc(this.url, "eth_getTransactionCount", [from, "pending"])));
    const n = this.nonces.get(key);
    this.nonces.set(key, n + 1);
    return n;
  }
  // Queues a transaction; returns the CREATE address for deployments (to === null).
  async add({ from, to = null, data = "0x", gas = 3000000, value = 0n, label }) {
    const nonce = await this.nonce(from);
    this.queue.push({ tx: { from, to: to ?? undefined, data, gas: toQuantity(gas), value: toQuantity(value),
      nonce: toQuantity(nonce), maxFeePerGas: toQuantity(10n ** 9n), maxPriorityFeePerGas: "0x0" }, label });
    return to === null ? ethers.getCreateAddress({ from, nonce }) : to;
  }
  async call(from, to, ifc, fn, args, opts = {}) {
    return this.add({ from, to, data: ifc.encodeFunctionData(fn, args), label: `${fn}`, ...opts });
  }
  // Submits everything queued, mines until included, and throws if any transaction reverted.
  // Hardhat answers a JSON-RPC batch concurrently, so arrival order in the mempool is not
  // deterministic; the node orders by priority fee instead (hardhat.config.cjs), and each queued
  // transaction gets a strictly smaller tip than the one before it.
  async flush() {
    const items = this.queue;
    this.queue = [];
    items.forEach((it, i) => { it.tx.maxPriorityFeePerGas = toQuantity(BigInt(items.length - i)); });
    const hashes = [];
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      hashes.push(...(await rpcBatch(this.url, chunk.map((it) => ["eth_sendTransaction", [it.tx]]))));
    }
    const receipts = await mineUntilIncluded(this.url, hashes);
    for (let i = 0; i < receipts.length; i++) {
      if (receipts[i].status !== "0x1") {
        const reason = await revertReason(this.url, items[i].tx, Number(receipts[i].blockNumber) - 1);
        throw new Error(`transaction ${items[i].label ?? i} from ${items[i].tx.from} reverted${reason} (${hashes[i]})`);
      }
    }
    return receipts;
  }
}

// Replays a reverted transaction as eth_call on the parent block state; Aave reverts with
// Error("<numeric code>") (see Errors.sol). Approximate when earlier transactions of the same
// block changed the state it depends on.
async function revertReason(url, tx, parentBlock) {
  try {
    await rpc(url, "eth_call", [{ from: tx.from, to: tx.to, data: tx.data, gas: tx.gas, value: tx.value }, toQuantity(parentBlock)]);
    return "";
  } catch (e) {
    const data = e.revertData;
    if (typeof data === "string" && data.startsWith("0x08c379a0")) {
      return `: Error(${JSON.stringify(ethers.AbiCoder.defaultAbiCoder().decode(["string"], "0x" + data.slice(10))[0])})`;
    }
    return `: ${e.message}`;
  }
}

export async function ethCall(url, to, ifc, fn, args = [], blockTag = "latest") {
  const data = await rpc(url, "eth_call", [{ to, data: ifc.encodeFunctionData(fn, args) }, blockTag]);
  const r = ifc.decodeFunctionResult(fn, data);
  return r.length === 1 ? r[0] : r;
}

// OP-stack predeploy stand-ins (Multicall3, GasPriceOracle with Base-like Fjord inputs: L1 base fee
// 0.5 gwei, blob base fee 1 wei, Base's scalars); the fee-parameter call is queued on `s`.
export async function installPredeploys(url, s, deployer) {
  const own = compileContracts();
  await rpc(url, "hardhat_setCode", [MULTICALL3_ADDRESS, own.Multicall3.runtime]);
  await rpc(url, "hardhat_setCode", [GAS_PRICE_ORACLE_ADDRESS, own.GasPriceOracle.runtime]);
  const gpo = new ethers.Interface(own.GasPriceOracle.abi);
  await s.call(deployer, GAS_PRICE_ORACLE_ADDRESS, gpo, "setL1FeeParams", [500000000n, 1n, 2269, 1055778]);
}

// Deploys everything; returns the deployment object (written by the caller to JSON).
export async function deployAave(url, { l2pool = false } = {}) {
  const accounts = testAccounts(10);
  const deployer = accounts[0].address;
  const s = new Sender(url);
  const deploy = (name, args = [], libraries = {}) =>
    s.add({ from: deployer, data: ethers.concat([linkedBytecode(name, libraries), iface(name).encodeDeploy(args)]), gas: 12000000, label: `deploy ${name}` });

  await installPredeploys(url, s, deployer);

  const provider = await deploy("PoolAddressesProvider", ["Base liquidbot test bed", deployer]);
  const P = iface("PoolAddressesProvider");
  await s.call(deployer, provider, P, "setACLAdmin", [deployer]);
  const aclManager = await deploy("ACLManager", [provider]);
  await s.call(deployer, provider, P, "setACLManager", [aclManager]);
  const ACL = iface("ACLManager");
  await s.call(deployer, aclManager, ACL, "addPoolAdmin", [deployer]);
  await s.call(deployer, aclManager, ACL, "addRiskAdmin", [deployer]);
  await s.call(deployer, aclManager, ACL, "addEmergencyAdmin", [deployer]);

  const libs = {};
  for (const l of ["SupplyLogic", "BorrowLogic", "LiquidationLogic", "EModeLogic", "BridgeLogic", "PoolLogic", "ConfiguratorLogic"]) libs[l] = await deploy(l);
  libs.FlashLoanLogic = await deploy("FlashLoanLogic", [], libs);
  const poolName = l2pool ? "L2Pool" : "Pool";
  const poolImpl = await deploy(poolName, [provider], libs);
  await s.call(deployer, poolImpl, iface(poolName), "initialize", [provider]);
  await s.call(deployer, provider, P, "setPoolImpl", [poolImpl]);
  const configuratorImpl = await deploy("PoolConfigurator", [], libs);
  await s.call(deployer, configuratorImpl, iface("PoolConfigurator"), "initialize", [provider]);
  await s.call(deployer, provider, P, "setPoolConfiguratorImpl", [configuratorImpl]);
  const dataProvider = await deploy("AaveProtocolDataProvider", [provider]);
  await s.call(deployer, provider, P, "setPoolDataProvider", [dataProvider]);

  const reserves = [];
  for (const r of RESERVES) reserves.push({ ...r, underlying: await deploy("MintableERC20", [r.name, r.symbol, r.decimals]) });
  const fallbackOracle = await deploy("PriceOracle");
  const oracle = await deploy("AaveOracle", [provider, [], [], fallbackOracle, ethers.ZeroAddress, BASE_CURRENCY_UNIT]);
  await s.call(deployer, provider, P, "setPriceOracle", [oracle]);
  const FO = iface("PriceOracle");
  for (const r of reserves) await s.call(deployer, fallbackOracle, FO, "setAssetPrice", [r.underlying, r.price]);
  for (const r of reserves) {
    r.interestRateStrategy = await deploy("DefaultReserveInterestRateStrategy",
      [provider, pct(r.rate.optimal), pct(r.rate.base), pct(r.rate.s1), pct(r.rate.s2), 0n, 0n, 0n, 0n, pct(0.2)]);
  }
  await s.flush();

  const pool = await ethCall(url, provider, P, "getPool");
  const poolConfigurator = await ethCall(url, provider, P, "getPoolConfigurator");
  const aTokenImpl = await deploy("AToken", [pool]);
  const stableDebtTokenImpl = await deploy("StableDebtToken", [pool]);
  const variableDebtTokenImpl = await deploy("VariableDebtToken", [pool]);
  const C = iface("PoolConfigurator");
  await s.call(deployer, poolConfigurator, C, "initReserves", [reserves.map((r) => ({
    aTokenImpl, stableDebtTokenImpl, variableDebtTokenImpl, underlyingAssetDecimals: r.decimals,
    interestRateStrategyAddress: r.interestRateStrategy, underlyingAsset: r.underlying, treasury: accounts[9].address,
    incentivesController: ethers.ZeroAddress,
    aTokenName: `Aave Base ${r.symbol}`, aTokenSymbol: `aBas${r.symbol}`,
    variableDebtTokenName: `Aave Base Variable Debt ${r.symbol}`, variableDebtTokenSymbol: `variableDebtBas${r.symbol}`,
    stableDebtTokenName: `Aave Base Stable Debt ${r.symbol}`, stableDebtTokenSymbol: `stableDebtBas${r.symbol}`,
    params: "0x" }))], { gas: 30000000 });
  for (const r of reserves) {
    await s.call(deployer, poolConfigurator, C, "configureReserveAsCollateral", [r.underlying, r.ltv, r.lt, r.lb]);
    await s.call(deployer, poolConfigurator, C, "setReserveBorrowing", [r.underlying, true]);
    await s.call(deployer, poolConfigurator, C, "setReserveFactor", [r.underlying, r.reserveFactor]);
    await s.call(deployer, poolConfigurator, C, "setLiquidationProtocolFee", [r.underlying, 1000]);
    await s.call(deployer, poolConfigurator, C, "setReserveFlashLoaning", [r.underlying, true]);
  }
  for (const e of EMODES) {
    await s.call(deployer, poolConfigurator, C, "setEModeCategory", [e.id, e.ltv, e.liquidationThreshold, e.liquidationBonus, ethers.ZeroAddress, e.label]);
    for (const r of reserves) if (r.eMode === e.id) await s.call(deployer, poolConfigurator, C, "setAssetEModeCategory", [r.underlying, e.id]);
  }
  await s.flush();

  // Liquidity: account 1 supplies a deep pool of every asset.
  const lp = accounts[1].address;
  const T = iface("MintableERC20");
  const PoolI = iface("Pool");
  for (const r of reserves) {
    const amount = (10n ** 13n * BASE_CURRENCY_UNIT * 10n ** BigInt(r.decimals)) / r.price; // $100M
    await s.call(lp, r.underlying, T, "mint(uint256)", [amount]);
    await s.call(lp, r.underlying, T, "approve", [pool, ethers.MaxUint256]);
    await s.call(lp, pool, PoolI, "supply", [r.underlying, amount, lp, 0]);
  }
  await s.flush();

  const PD = iface("AaveProtocolDataProvider");
  const poolRevision = await ethCall(url, pool, PoolI, "POOL_REVISION");
  const out = [];
  for (const r of reserves) {
    const rd = await ethCall(url, pool, PoolI, "getReserveData", [r.underlying]);
    out.push({ symbol: r.symbol, name: r.name, decimals: r.decimals, underlying: r.underlying, id: Number(rd.id),
      aToken: rd.aTokenAddress, variableDebtToken: rd.variableDebtTokenAddress, stableDebtToken: rd.stableDebtTokenAddress,
      interestRateStrategy: r.interestRateStrategy, ltv: r.ltv, liquidationThreshold: r.lt, liquidationBonus: r.lb,
      reserveFactor: r.reserveFactor, eModeCategory: r.eMode, initialPrice: r.price.toString() });
  }
  await ethCall(url, dataProvider, PD, "getAllReservesTokens");
  return {
    format: "liquidbot.testbed-deployment/1",
    chainId: CHAIN_ID,
    poolKind: poolName,
    poolRevision: poolRevision.toString(),
    revision: "3.0",
    baseCurrencyUnit: BASE_CURRENCY_UNIT.toString(),
    marketId: "Base liquidbot test bed",
    poolAddressesProvider: provider, aclManager, pool, poolImpl, poolConfigurator, poolConfiguratorImpl: configuratorImpl,
    oracle, fallbackOracle, dataProvider, aTokenImpl, stableDebtTokenImpl, variableDebtTokenImpl,
    multicall3: MULTICALL3_ADDRESS, gasPriceOracle: GAS_PRICE_ORACLE_ADDRESS, libraries: libs, treasury: accounts[9].address,
    reserves: out,
    eModes: EMODES.map((e) => ({ ...e, assets: out.filter((r) => r.eModeCategory === e.id).map((r) => r.underlying) })),
    accounts: accounts.map((a, i) => ({ ...a, role: i === 0 ? "deployer/admin" : i === 1 ? "liquidity provider" : i === 2 ? "liquidator" : "spare" })),
    borrowers: [],
  };
}
