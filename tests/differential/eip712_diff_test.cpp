// Differential check of EIP-712 against ethers v6 TypedDataEncoder and Wallet.signTypedData on
// seeded random type systems and values (vectors from tests/js/oracle/eip712.mjs, file named by
// LIQUIDBOT_VECTORS). Documents ethers rejects must be rejected here too.
#include <doctest/doctest.h>

#include <liquidbot/eip712.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

TEST_CASE("eip712: differential against ethers TypedDataEncoder") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (simdjson::dom::element item : cases) {
    const auto field = [&](const char* name) {
      std::string_view value;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    const std::string_view json = field("json");
    INFO("document " << json);
    bool ok = false;
    REQUIRE(item["ok"].get(ok) == simdjson::SUCCESS);
    auto data = eip712::parse(json);
    if (!ok) {
      INFO("ethers: " << field("error"));
      CHECK_FALSE(data.ok());
      ++rejected;
      continue;
    }
    REQUIRE_MESSAGE(data.ok(), data.error().message);
    const auto& types = data->types;
    auto digest = eip712::hash(data.value());
    REQUIRE(digest.ok());
    CHECK(digest->to_hex() == field("hash"));
    CHECK(eip712::domain_separator(data->domain).to_hex() == field("domain_separator"));
    auto struct_hash = types.struct_hash(types.primary_type(), data->message);
    REQUIRE(struct_hash.ok());
    CHECK(struct_hash->to_hex() == field("struct_hash"));
    auto encoded = types.encode_data(types.primary_type(), data->message);
    REQUIRE(encoded.ok());
    CHECK(hex_encode(encoded.value()) == field("encode_data"));

    simdjson::dom::object encode_types;
    REQUIRE(item["encode_types"].get(encode_types) == simdjson::SUCCESS);
    std::size_t type_count = 0;
    for (simdjson::dom::key_value_pair entry : encode_types) {
      const std::string_view name = entry.key;
      std::string_view expected;
      REQUIRE(entry.value.get(expected) == simdjson::SUCCESS);
      auto text = types.encode_type(name);
      REQUIRE_MESSAGE(text.ok(), name);
      CHECK(text.value() == expected);
      ++type_count;
    }
    CHECK(type_count == types.structs().size());

    auto key = PrivateKey::from_hex(field("key"));
    REQUIRE(key.ok());
    auto signature = eip712::sign(key.value(), data.value());
    REQUIRE(signature.ok());
    CHECK(hex_encode(signature->to_bytes65()) == field("signature"));
    ++accepted;
  }
  MESSAGE("eip712 documents: " << accepted << " accepted, " << rejected << " rejected (as ethers)");
  CHECK(accepted > 0);
}
