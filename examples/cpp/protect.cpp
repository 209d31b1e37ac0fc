// SPDX-License-Identifier: MIT
// liquidbot from C++: load a snapshot, evaluate the borrower, size the smallest repay that restores
// a target health factor, and build and sign the Pool.repay transaction (no network). Prints the
// same lines as examples/c/protect.c.
//
//   protect_cpp <snapshot.json> [debt-asset] [target-hf-wad]
//
// The signing key is a well-known test key (never use it for real funds).
#include <liquidbot/abi.hpp>
#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/transaction.hpp>
#include <liquidbot/u256.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

namespace lb = liquidbot;

namespace {

/// Aave V3 Pool on Base.
constexpr std::string_view kPool = "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5";
constexpr std::string_view kTestKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/// Pool.repay(asset, amount, interestRateMode, onBehalfOf): selector and encoding at compile time.
using Repay = lb::abi::Function<"repay", lb::Address, lb::u256, lb::u256, lb::Address>;

/// The value of a Result, or exit(1) with its error.
template <typename T>
T require(lb::Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, result.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <snapshot.json> [debt-asset] [target-hf-wad]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  const std::string json{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  const auto snapshot = require(lb::aave::parse_snapshot(json), "load snapshot");
  const auto account = require(lb::aave::account_data(snapshot), "evaluate");
  std::printf("health factor (wad): %s\n", account.health_factor.to_dec().c_str());
  std::printf("collateral (base):   %s\n", account.total_collateral_base.to_dec().c_str());
  std::printf("debt (base):         %s\n", account.total_debt_base.to_dec().c_str());

  const auto asset = require(lb::Address::parse(argc > 2 ? argv[2] : "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
                              "arguments");
  const auto target = require(lb::u256::from_string(argc > 3 ? argv[3] : "2000000000000000000"), "arguments");
  const auto plan = require(lb::aave::plan_repay(snapshot, asset, target), "plan repay");
  std::printf("repay amount:        %s\n", plan.amount.to_dec().c_str());
  std::printf("health factor after: %s\n", plan.after.health_factor.to_dec().c_str());

  const auto calldata = Repay::encode(asset, plan.amount, lb::u256(2), snapshot.user.address);
  lb::Transaction tx;
  tx.type = lb::TxType::dynamic_fee;
  tx.chain_id = 8453;
  tx.nonce = 0;
  tx.max_priority_fee_per_gas = lb::u256(1'000'000);
  tx.max_fee_per_gas = lb::u256(20'000'000);
  tx.gas_limit = 300'000;
  tx.to = require(lb::Address::parse(kPool), "pool address");
  tx.data.assign(calldata.begin(), calldata.end());
  const auto key = require(lb::PrivateKey::from_hex(kTestKey), "key");
  if (auto signed_tx = lb::sign(tx, key); !signed_tx.ok()) {
    std::fprintf(stderr, "sign failed: %s\n", signed_tx.error().to_string().c_str());
    return 1;
  }
  std::printf("raw transaction:     %s\n", lb::hex_encode(require(lb::encode(tx), "serialize")).c_str());
  std::printf("transaction hash:    %s\n", require(lb::tx_hash(tx), "hash").to_hex().c_str());
  return 0;
}
