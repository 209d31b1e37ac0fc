// Hardhat network for the liquidbot test bed: a Base-like chain (id 8453) whose blocks are mined
// only on request, each with an explicit timestamp chosen by tests/js/lib/chain.mjs, so that every run
// with the same inputs yields identical state. Used only through `hardhat node --config`.
const path = require("node:path");
const os = require("node:os");

// 2025-10-06T08:53:20Z; block timestamps advance from here in fixed steps (see lib/chain.mjs).
const GENESIS_TIMESTAMP = 1759740800;

module.exports = {
  solidity: "0.8.30",
  paths: {
    root: __dirname,
    sources: path.join(__dirname, "contracts", "hardhat-none"),
    cache: path.join(os.tmpdir(), "liquidbot-testbed-hardhat-cache"),
    artifacts: path.join(os.tmpdir(), "liquidbot-testbed-hardhat-artifacts"),
  },
  networks: {
    hardhat: {
      chainId: 8453,
      hardfork: "cancun",
      initialDate: new Date(GENESIS_TIMESTAMP * 1000).toISOString(),
      allowUnlimitedContractSize: false,
      blockGasLimit: 400000000,
      gas: 8000000,
      initialBaseFeePerGas: 1000000,
      mining: { auto: false, interval: 0, mempool: { order: "priority" } },
      accounts: {
        mnemonic: "test test test test test test test test test test test junk",
        count: 10,
        accountsBalance: "1000000000000000000000000",
      },
      loggingEnabled: false,
    },
  },
};
