// Differential check of transactions against ethers v6 (vectors from tests/js/oracle/transaction.mjs,
// file named by LIQUIDBOT_VECTORS): address derivation, signing payload and hash, signed
// serialization, transaction hash, and decoding of ethers' raw bytes with sender recovery.
#include <doctest/doctest.h>

#include <liquidbot/transaction.hpp>

#include <simdjson.h>

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

Bytes hex_bytes(std::string_view text) {
  auto bytes = hex_decode(text);
  REQUIRE_MESSAGE(bytes.ok(), text);
  return std::move(bytes).value();
}

Address address_of(std::string_view text) {
  auto address = Address::parse(text);
  REQUIRE_MESSAGE(address.ok(), text);
  return address.value();
}

u256 dec_of(std::string_view text) {
  auto value = u256::from_dec(text);
  REQUIRE_MESSAGE(value.ok(), text);
  return value.value();
}

std::uint64_t u64_of(std::string_view text) {
  const u256 value = dec_of(text);
  REQUIRE(value.fits_u64());
  return value.limbs[0];
}

}  // namespace

TEST_CASE("transaction: differential against ethers Wallet.signTransaction and Transaction.from") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::array<std::size_t, 4> per_kind{};  // pre-155 legacy, EIP-155, EIP-2930, EIP-1559
  std::size_t creations = 0;
  std::size_t checked = 0;
  for (simdjson::dom::element item : cases) {
    const auto field = [&](const char* name) {
      std::string_view value;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    const auto is_null = [&](const char* name) { return item[name].is_null(); };
    INFO("case " << checked << " signed " << field("signed"));

    auto key = PrivateKey::from_hex(field("key"));
    REQUIRE(key.ok());
    CHECK(key->address() == address_of(field("address")));

    std::int64_t type = 0;
    REQUIRE(item["type"].get(type) == simdjson::SUCCESS);
    Transaction tx;
    tx.type = static_cast<TxType>(type);
    tx.chain_id = u64_of(field("chainId"));
    tx.nonce = u64_of(field("nonce"));
    tx.gas_limit = u64_of(field("gasLimit"));
    if (tx.type == TxType::dynamic_fee) {
      tx.max_priority_fee_per_gas = dec_of(field("maxPriorityFeePerGas"));
      tx.max_fee_per_gas = dec_of(field("maxFeePerGas"));
    } else {
      tx.gas_price = dec_of(field("gasPrice"));
    }
    if (!is_null("to")) tx.to = address_of(field("to"));
    tx.value = dec_of(field("value"));
    tx.data = hex_bytes(field("data"));
    simdjson::dom::array access_list;
    REQUIRE(item["accessList"].get(access_list) == simdjson::SUCCESS);
    for (simdjson::dom::element entry : access_list) {
      std::string_view address;
      REQUIRE(entry["address"].get(address) == simdjson::SUCCESS);
      AccessListEntry out{address_of(address), {}};
      simdjson::dom::array keys;
      REQUIRE(entry["storageKeys"].get(keys) == simdjson::SUCCESS);
      for (simdjson::dom::element key_item : keys) {
        std::string_view text;
        REQUIRE(key_item.get(text) == simdjson::SUCCESS);
        auto hash = Hash::from_hex(text);
        REQUIRE(hash.ok());
        out.storage_keys.push_back(hash.value());
      }
      tx.access_list.push_back(std::move(out));
    }
    const std::size_t kind = tx.type == TxType::legacy ? (tx.chain_id == 0 ? 0u : 1u) : static_cast<std::size_t>(type) + 1;
    ++per_kind[kind];
    creations += tx.to ? 0u : 1u;

    CHECK(hex_encode(signing_payload(tx)) == field("unsigned"));
    CHECK(signing_hash(tx).to_hex() == field("signingHash"));
    REQUIRE(sign(tx, key.value()).ok());
    auto raw = encode(tx);
    REQUIRE(raw.ok());
    CHECK(hex_encode(raw.value()) == field("signed"));
    auto hash = tx_hash(tx);
    REQUIRE(hash.ok());
    CHECK(hash->to_hex() == field("hash"));

    auto decoded = decode_transaction(hex_bytes(field("signed")));
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(decoded->tx == tx);
    CHECK(decoded->from == address_of(field("from")));
    CHECK(decoded->hash.to_hex() == field("hash"));
    std::int64_t y_parity = 0;
    REQUIRE(item["yParity"].get(y_parity) == simdjson::SUCCESS);
    CHECK(decoded->tx.signature->y_parity == y_parity);
    CHECK(decoded->tx.signature->r.to_hex() == field("r"));
    CHECK(decoded->tx.signature->s.to_hex() == field("s"));
    // ethers' networkV is the legacy wire v (null for typed and for pre-155, where v is 27/28).
    const std::string expected_v = is_null("networkV") ? std::string(field("v")) : std::string(field("networkV"));
    CHECK(signature_v(decoded->tx).to_dec() == (tx.type == TxType::legacy ? expected_v : std::to_string(y_parity)));
    ++checked;
  }
  MESSAGE("transaction cases checked: " << checked << " (pre-155 " << per_kind[0] << ", EIP-155 " << per_kind[1]
                                        << ", EIP-2930 " << per_kind[2] << ", EIP-1559 " << per_kind[3]
                                        << ", creations " << creations << ")");
  CHECK(checked >= 1);
}
