// Verbs: wallet address, mktx, decode-tx (foundry `cast` forms).
#include "cli.hpp"

#include <liquidbot/abi.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/transaction.hpp>
#include <liquidbot/u256.hpp>

#include <simdjson.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::cli {
namespace {

PrivateKey private_key_option(Args& args) {
  const std::string text = args.required("private-key");
  return require_ok(PrivateKey::from_hex(text), "--private-key");
}

u256 number_option(Args& args, std::string_view name, const u256& fallback) {
  const std::string what = "--" + std::string(name);
  auto text = args.option(name);
  if (!text) return fallback;
  return require_ok(u256::from_string(*text), what);
}

std::uint64_t u64_option(Args& args, std::string_view name) {
  const std::string what = "--" + std::string(name);
  const u256 value = require_ok(u256::from_string(args.required(name)), what);
  if (!value.fits_u64()) fail(what, "exceeds 2^64-1");
  return value.limbs[0];
}

/// `[{"address":"0x..","storageKeys":["0x..", ...]}, ...]`; nothing else is accepted.
std::vector<AccessListEntry> parse_access_list(const std::string& text) {
  constexpr std::string_view what = "--access-list";
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) fail(what, "is not valid JSON");
  simdjson::dom::array entries;
  if (root.get(entries) != simdjson::SUCCESS) fail(what, "must be a JSON array");
  std::vector<AccessListEntry> list;
  std::size_t index = 0;
  for (simdjson::dom::element item : entries) {
    const std::string where = "entry " + std::to_string(index++);
    simdjson::dom::object object;
    if (item.get(object) != simdjson::SUCCESS) fail(what, where + " is not an object");
    AccessListEntry entry;
    bool has_address = false;
    bool has_keys = false;
    for (auto field : object) {
      if (field.key == "address") {
        std::string_view address;
        if (field.value.get(address) != simdjson::SUCCESS) fail(what, where + ": address is not a string");
        auto parsed = Address::parse(address);
        if (!parsed) fail(what, where + ": " + parsed.error().message);
        entry.address = parsed.value();
        has_address = true;
      } else if (field.key == "storageKeys") {
        simdjson::dom::array keys;
        if (field.value.get(keys) != simdjson::SUCCESS) fail(what, where + ": storageKeys is not an array");
        for (simdjson::dom::element key : keys) {
          std::string_view key_text;
          if (key.get(key_text) != simdjson::SUCCESS) fail(what, where + ": a storage key is not a string");
          auto parsed = Hash::from_hex(key_text);
          if (!parsed) fail(what, where + ": storage key " + std::string(key_text) + ": " + parsed.error().message);
          entry.storage_keys.push_back(parsed.value());
        }
        has_keys = true;
      } else {
        fail(what, where + ": unknown key \"" + std::string(field.key) + "\"");
      }
    }
    if (!has_address) fail(what, where + ": address is missing");
    if (!has_keys) fail(what, where + ": storageKeys is missing");
    list.push_back(std::move(entry));
  }
  return list;
}

/// Calldata from `<signature> [args...]` (or raw 0x calldata as the only argument).
Bytes calldata(const std::vector<std::string>& positionals) {
  if (positionals.size() < 2) return {};
  const std::string& signature_text = positionals[1];
  if (signature_text.starts_with("0x") && positionals.size() == 2)
    return require_ok(hex_decode(signature_text), "<signature>");
  const abi::Signature signature = require_ok(abi::parse_signature(signature_text), "<signature>");
  const std::size_t given = positionals.size() - 2;
  if (given != signature.inputs.size())
    fail("<args>", signature.canonical() + " takes " + std::to_string(signature.inputs.size()) +
                       " arguments, got " + std::to_string(given));
  std::vector<abi::Value> values;
  for (std::size_t i = 0; i < given; ++i)
    values.push_back(require_ok(abi::parse_value(signature.inputs[i], positionals[i + 2]),
                                "argument " + std::to_string(i + 1)));
  return require_ok(abi::encode_call(signature, values), "<args>");
}

int run_wallet_address(Args& args) {
  const PrivateKey key = private_key_option(args);
  args.reject_unknown();
  if (!args.positionals().empty()) fail(args.positionals()[0], "unexpected argument");
  std::printf("%s\n", key.address().to_checksum().c_str());
  return kExitOk;
}

int run_mktx(Args& args) {
  const PrivateKey key = private_key_option(args);
  Transaction tx;
  tx.chain_id = u64_option(args, "chain");
  if (tx.chain_id == 0) fail("--chain", "must be a chain id above 0 (replay protection)");
  tx.nonce = u64_option(args, "nonce");
  tx.gas_limit = u64_option(args, "gas-limit");
  tx.value = number_option(args, "value", 0);
  const bool legacy = args.flag("legacy");
  const auto access_list = args.option("access-list");
  if (access_list) tx.access_list = parse_access_list(*access_list);
  const u256 gas_price = require_ok(u256::from_string(args.required("gas-price")), "--gas-price");
  if (legacy) {
    tx.type = access_list ? TxType::access_list : TxType::legacy;
    tx.gas_price = gas_price;
    if (args.option("priority-gas-price")) fail("--priority-gas-price", "only applies to EIP-1559 transactions");
  } else {
    tx.type = TxType::dynamic_fee;
    tx.max_fee_per_gas = gas_price;
    tx.max_priority_fee_per_gas =
        require_ok(u256::from_string(args.required("priority-gas-price")), "--priority-gas-price");
    if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
      fail("--priority-gas-price", "exceeds --gas-price (the max fee per gas)");
  }
  args.reject_unknown();
  const auto& positionals = args.positionals();
  tx.to = require_ok(Address::parse(args.positional(0, "<to>")), "<to>");
  tx.data = calldata(positionals);
  if (auto status = sign(tx, key); !status) fail("transaction", status.error().message);
  std::printf("%s\n", hex_encode(require_ok(encode(tx), "transaction")).c_str());
  return kExitOk;
}

int run_decode_tx(Args& args) {
  args.reject_unknown();
  const std::string& text = args.positional(0, "<raw>");
  if (args.positionals().size() > 1) fail(args.positionals()[1], "unexpected argument");
  const Bytes raw = require_ok(hex_decode(text), "<raw>");
  const DecodedTransaction decoded = require_ok(decode_transaction(raw), "<raw>");
  std::printf("%s\n", to_json(decoded).c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"wallet address", "wallet address --private-key <hex>", run_wallet_address, {}},
    {"mktx",
     "mktx --private-key <hex> --chain <id> --nonce <n> --gas-limit <n> --gas-price <wei> "
     "[--priority-gas-price <wei>] [--value <wei>] [--legacy] [--access-list <json>] <to> "
     "[<signature> [args...] | <0x calldata>]",
     run_mktx,
     {"legacy"}},
    {"decode-tx", "decode-tx <raw>", run_decode_tx, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
