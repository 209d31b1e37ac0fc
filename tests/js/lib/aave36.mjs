// The Aave V3.6 market of the test bed (`testbed.mjs run --aave 3.6`): the real contracts of
// @aave-dao/aave-v3-origin 3.6.0 (PoolInstance, POOL_REVISION 10), compiled by origin-solc.mjs and
// deployed the way origin's deployment scripts wire them (proxies created by the
// PoolAddressesProvider and ConfiguratorLogic, one DefaultReserveInterestRateStrategyV2 for all
// reserves). Same reserves, prices and liquidity as the 3.0 bed (aave.mjs), plus eMode categories
// whose collateral, borrowable and ltv-zero bitmaps differ, and borrowers in each category.

import { ethers } from "ethers";
import { CHAIN_ID } from "./chain.mjs";
import { BASE_CURRENCY_UNIT, MULTICALL3_ADDRESS, GAS_PRICE_ORACLE_ADDRESS, RESERVES, Sender, ethCall, installPredeploys, testAccounts } from "./aave.mjs";
import { compileOrigin } from "./origin-solc.mjs";
import { borrowerKey, prng, seedBorrowers } from "./scenario.mjs";
import { rpcBatch, toQuantity } from "./rpc.mjs";

// Category 1 is the 3.0 bed's (its assets are collateral and borrowable, so scenario.mjs's
// seedBorrowers can use it unchanged). Category 2 takes BTC/ETH collateral against USDC only, and
// after its borrowers are seeded wstETH becomes ltv-zero in it (a 3.6 feature).
export const EMODES_36 = [
  { id: 1, ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, label: "ETH correlated",
    collateral: ["WETH", "wstETH"], borrowable: ["WETH", "wstETH"], ltvzero: [] },
  { id: 2, ltv: 8000, liquidationThreshold: 8500, liquidationBonus: 10500, label: "BTC ETH vs USDC",
    collateral: ["cbBTC", "WETH", "wstETH"], borrowable: ["USDC"], ltvzero: ["wstETH"] },
];

let compiled = null;
function contracts() {
  compiled ??= compileOrigin().contracts;
  return compiled;
}
export const iface36 = (name) => {
  const c = contracts()[name];
  if (!c) throw new Error(`aave36: no compiled contract ${name}`);
  return new ethers.Interface(c.abi);
};

// Creation bytecode of a compiled origin contract with its library slots filled in.
function linked(name, libraries) {
  const c = contracts()[name];
  let hex = c.bytecode.slice(2);
  for (const libs of Object.values(c.linkReferences)) {
    for (const [lib, refs] of Object.entries(libs)) {
      const addr = libraries[lib];
      if (!addr) throw new Error(`aave36 link ${name}: no address for library ${lib}`);
      for (const { start, length } of refs) hex = hex.slice(0, start * 2) + addr.slice(2).toLowerCase() + hex.slice((start + length) * 2);
    }
  }
  if (hex.includes("__$")) throw new Error(`aave36 link ${name}: library reference left unlinked`);
  return "0x" + hex;
}

// Libraries `names` link against, dependencies first (each deployed once).
function libraryOrder(names) {
  const order = [];
  const visit = (n) => {
    for (const libs of Object.values(contracts()[n].linkReferences)) {
      for (const lib of Object.keys(libs)) if (!order.includes(lib)) { visit(lib); order.push(lib); }
    }
  };
  names.forEach(visit);
  return order;
}

const bps = (fraction) => Math.round(fraction * 10000);

export async function deployAave36(url, { l2pool = false } = {}) {
  const accounts = testAccounts(10);
  const deployer = accounts[0].address;
  const treasury = accounts[9].address;
  const s = new Sender(url);
  const deploy = (name, args = [], libraries = {}) =>
    s.add({ from: deployer, data: ethers.concat([linked(name, libraries), iface36(name).encodeDeploy(args)]), gas: 16000000, label: `deploy ${name}` });

  await installPredeploys(url, s, deployer);
  const P = iface36("PoolAddressesProvider");
  const provider = await deploy("PoolAddressesProvider", ["Base liquidbot test bed 3.6", deployer]);
  await s.call(deployer, provider, P, "setACLAdmin", [deployer]);
  const aclManager = await deploy("ACLManager", [provider]);
  await s.call(deployer, provider, P, "setACLManager", [aclManager]);
  const ACL = iface36("ACLManager");
  for (const role of ["addPoolAdmin", "addRiskAdmin", "addEmergencyAdmin", "addAssetListingAdmin"]) await s.call(deployer, aclManager, ACL, role, [deployer]);

  const rateStrategy = await deploy("DefaultReserveInterestRateStrategyV2", [provider]);
  const poolName = l2pool ? "L2PoolInstance" : "PoolInstance";
  const libraries = {};
  for (const lib of libraryOrder([poolName, "PoolConfiguratorInstance"])) libraries[lib] = await deploy(lib, [], libraries);
  const poolImpl = await deploy(poolName, [provider, rateStrategy], libraries);
  await s.call(deployer, provider, P, "setPoolImpl", [poolImpl], { gas: 8000000 });
  const configuratorImpl = await deploy("PoolConfiguratorInstance", [], libraries);
  await s.call(deployer, provider, P, "setPoolConfiguratorImpl", [configuratorImpl], { gas: 8000000 });
  const dataProvider = await deploy("AaveProtocolDataProvider", [provider]);
  await s.call(deployer, provider, P, "setPoolDataProvider", [dataProvider]);

  const reserves = [];
  for (const r of RESERVES) reserves.push({ ...r, underlying: await deploy("MintableERC20", [r.name, r.symbol, r.decimals]) });
  const fallbackOracle = await deploy("PriceOracle");
  const oracle = await deploy("AaveOracle", [provider, [], [], fallbackOracle, ethers.ZeroAddress, BASE_CURRENCY_UNIT]);
  await s.call(deployer, provider, P, "setPriceOracle", [oracle]);
  const FO = iface36("PriceOracle");
  for (const r of reserves) await s.call(deployer, fallbackOracle, FO, "setAssetPrice", [r.underlying, r.price]);
  await s.flush();

  const pool = await ethCall(url, provider, P, "getPool");
  const poolConfigurator = await ethCall(url, provider, P, "getPoolConfigurator");
  const aTokenImpl = await deploy("ATokenInstance", [pool, ethers.ZeroAddress, treasury]);
  const variableDebtTokenImpl = await deploy("VariableDebtTokenInstance", [pool, ethers.ZeroAddress]);
  const C = iface36("PoolConfiguratorInstance");
  const rateData = (r) => ethers.AbiCoder.defaultAbiCoder().encode(["tuple(uint16,uint32,uint32,uint32)"],
    [[bps(r.rate.optimal), bps(r.rate.base), bps(r.rate.s1), bps(r.rate.s2)]]);
  await s.call(deployer, poolConfigurator, C, "initReserves", [reserves.map((r) => ({
    aTokenImpl, variableDebtTokenImpl, underlyingAsset: r.underlying,
    aTokenName: `Aave Base ${r.symbol}`, aTokenSymbol: `aBas${r.symbol}`,
    variableDebtTokenName: `Aave Base Variable Debt ${r.symbol}`, variableDebtTokenSymbol: `variableDebtBas${r.symbol}`,
    params: "0x", interestRateData: rateData(r) }))], { gas: 30000000 });
  for (const r of reserves) {
    await s.call(deployer, poolConfigurator, C, "configureReserveAsCollateral", [r.underlying, r.ltv, r.lt, r.lb]);
    await s.call(deployer, poolConfigurator, C, "setReserveBorrowing", [r.underlying, true]);
    await s.call(deployer, poolConfigurator, C, "setReserveFactor", [r.underlying, r.reserveFactor]);
    await s.call(deployer, poolConfigurator, C, "setLiquidationProtocolFee", [r.underlying, 1000]);
    await s.call(deployer, poolConfigurator, C, "setReserveFlashLoaning", [r.underlying, true]);
  }
  const bySymbol = (sym) => reserves.find((r) => r.symbol === sym);
  for (const e of EMODES_36) {
    await s.call(deployer, poolConfigurator, C, "setEModeCategory", [e.id, e.ltv, e.liquidationThreshold, e.liquidationBonus, e.label]);
    for (const sym of e.collateral) await s.call(deployer, poolConfigurator, C, "setAssetCollateralInEMode", [bySymbol(sym).underlying, e.id, true]);
    for (const sym of e.borrowable) await s.call(deployer, poolConfigurator, C, "setAssetBorrowableInEMode", [bySymbol(sym).underlying, e.id, true]);
  }
  await s.flush();

  // Liquidity: account 1 supplies a deep pool ($100M) of every asset.
  const lp = accounts[1].address;
  const T = iface36("MintableERC20");
  const PoolI = iface36("PoolInstance"); // also for the L2Pool, whose encoded overloads would make names ambiguous
  for (const r of reserves) {
    const amount = (10n ** 13n * BASE_CURRENCY_UNIT * 10n ** BigInt(r.decimals)) / r.price;
    await s.call(lp, r.underlying, T, "mint(uint256)", [amount]);
    await s.call(lp, r.underlying, T, "approve", [pool, ethers.MaxUint256]);
    await s.call(lp, pool, PoolI, "supply", [r.underlying, amount, lp, 0]);
  }
  await s.flush();

  const poolRevision = await ethCall(url, pool, PoolI, "POOL_REVISION");
  const out = [];
  for (const r of reserves) {
    const rd = await ethCall(url, pool, PoolI, "getReserveData", [r.underlying]);
    out.push({ symbol: r.symbol, name: r.name, decimals: r.decimals, underlying: r.underlying, id: Number(rd.id),
      aToken: rd.aTokenAddress, variableDebtToken: rd.variableDebtTokenAddress, stableDebtToken: ethers.ZeroAddress,
      interestRateStrategy: rateStrategy, ltv: r.ltv, liquidationThreshold: r.lt, liquidationBonus: r.lb,
      reserveFactor: r.reserveFactor, eModeCategory: EMODES_36.find((e) => e.collateral.includes(r.symbol))?.id ?? 0,
      initialPrice: r.price.toString() });
  }
  const addrs = (syms) => syms.map((sym) => out.find((r) => r.symbol === sym).underlying);
  await ethCall(url, dataProvider, iface36("AaveProtocolDataProvider"), "getAllReservesTokens");
  return {
    format: "liquidbot.testbed-deployment/1",
    chainId: CHAIN_ID,
    poolKind: l2pool ? "L2Pool" : "Pool",
    poolRevision: poolRevision.toString(),
    revision: "3.6",
    baseCurrencyUnit: BASE_CURRENCY_UNIT.toString(),
    marketId: "Base liquidbot test bed 3.6",
    poolAddressesProvider: provider, aclManager, pool, poolImpl, poolConfigurator, poolConfiguratorImpl: configuratorImpl,
    oracle, fallbackOracle, dataProvider, aTokenImpl, stableDebtTokenImpl: ethers.ZeroAddress, variableDebtTokenImpl,
    interestRateStrategy: rateStrategy,
    multicall3: MULTICALL3_ADDRESS, gasPriceOracle: GAS_PRICE_ORACLE_ADDRESS, libraries, treasury,
    reserves: out,
    eModes: EMODES_36.map((e) => ({ id: e.id, ltv: e.ltv, liquidationThreshold: e.liquidationThreshold, liquidationBonus: e.liquidationBonus,
      label: e.label, assets: addrs(e.collateral), collateralAssets: addrs(e.collateral), borrowableAssets: addrs(e.borrowable),
      ltvzeroAssets: addrs(e.ltvzero) })),
    accounts: accounts.map((a, i) => ({ ...a, role: i === 0 ? "deployer/admin" : i === 1 ? "liquidity provider" : i === 2 ? "liquidator" : "spare" })),
    borrowers: [],
  };
}

// Borrowers of eMode category 2: cbBTC plus WETH or wstETH as collateral (wstETH also alone),
// USDC debt at 50-95% of the category's borrowing capacity.
async function seedCategory2(ctx, { count, seed }) {
  const d = ctx.deployment;
  const e = EMODES_36[1];
  const rng = prng(BigInt(seed) * 1000003n + 2n);
  const r = (sym) => d.reserves.find((x) => x.symbol === sym);
  const price = (x) => BigInt(x.initialPrice);
  const usdc = r("USDC");
  const lp = d.accounts[1].address;
  const POOL = iface36("PoolInstance");
  const TOKEN = iface36("MintableERC20");
  const plans = [];
  const start = d.borrowers.length;
  for (let i = 0; i < count; i++) {
    const privateKey = borrowerKey(seed, start + i);
    const address = new ethers.Wallet(privateKey).address;
    const shape = rng.int(0, 2);
    const syms = shape === 0 ? ["cbBTC", "WETH"] : shape === 1 ? ["cbBTC", "wstETH"] : ["wstETH"];
    const collaterals = syms.map((sym) => {
      const valueBase = BigInt(rng.int(1000, 100000)) * BASE_CURRENCY_UNIT + BigInt(rng.int(0, 99999999));
      return { r: r(sym), amount: (valueBase * 10n ** BigInt(r(sym).decimals)) / price(r(sym)) };
    });
    const capacity = collaterals.reduce((acc, c) => acc + ((c.amount * price(c.r)) / 10n ** BigInt(c.r.decimals)) * BigInt(e.ltv), 0n);
    const debt = (((capacity * BigInt(rng.int(5000, 9500))) / 10000n / 10000n) * 10n ** BigInt(usdc.decimals)) / price(usdc);
    plans.push({ address, privateKey, collaterals, debt });
  }
  await rpcBatch(ctx.url, plans.flatMap((p) => [["hardhat_impersonateAccount", [p.address]], ["hardhat_setBalance", [p.address, toQuantity(10n ** 20n)]]]));
  const s = new Sender(ctx.url);
  const totals = new Map();
  for (const p of plans) for (const c of p.collaterals) totals.set(c.r, (totals.get(c.r) ?? 0n) + c.amount);
  for (const [x, amount] of totals) await s.call(lp, x.underlying, TOKEN, "mint(uint256)", [amount]);
  for (const p of plans) {
    for (const c of p.collaterals) await s.call(lp, d.pool, POOL, "supply", [c.r.underlying, c.amount, p.address, 0], { gas: 1000000 });
    await s.call(p.address, d.pool, POOL, "setUserEMode", [e.id], { gas: 1000000 });
  }
  await s.flush();
  for (const p of plans) await s.call(p.address, d.pool, POOL, "borrow", [usdc.underlying, p.debt, 2, 0, p.address], { gas: 1500000 });
  await s.flush();
  const made = plans.map((p) => ({ address: p.address, privateKey: p.privateKey, eModeCategory: e.id,
    collateral: p.collaterals.map((c) => ({ symbol: c.r.symbol, amount: c.amount.toString(), enabled: true })),
    debt: [{ symbol: "USDC", amount: p.debt.toString() }] }));
  d.borrowers.push(...made);
  return made;
}

// Seeds `count` borrowers on the 3.6 bed: four fifths through scenario.mjs's seedBorrowers (no
// eMode and category 1), one fifth in category 2; then makes the ltv-zero assets of each category
// ltv-zero in it, so those borrowers hold eMode collateral that no longer counts towards their LTV.
export async function seedBorrowers36(ctx, { count, seed }) {
  const second = Math.floor(count / 5);
  await seedBorrowers(ctx, { count: count - second, seed });
  if (second) await seedCategory2(ctx, { count: second, seed });
  const d = ctx.deployment;
  const s = new Sender(ctx.url);
  const C = iface36("PoolConfiguratorInstance");
  for (const e of d.eModes) for (const asset of e.ltvzeroAssets) await s.call(d.accounts[0].address, d.poolConfigurator, C, "setAssetLtvzeroInEMode", [asset, e.id, true]);
  await s.flush();
  return d.borrowers;
}
