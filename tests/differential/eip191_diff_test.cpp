// Differential check of EIP-191 hashing, signing and recovery against ethers v6 (vectors from
// tests/js/oracle/eip191.mjs, file named by LIQUIDBOT_VECTORS).
#include <doctest/doctest.h>

#include <liquidbot/eip191.hpp>

#include <simdjson.h>

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

Signature signature_of(std::string_view text) {
  auto signature = Signature::from_bytes65(hex_bytes(text));
  REQUIRE_MESSAGE(signature.ok(), text);
  return signature.value();
}

Address address_of(std::string_view text) {
  auto address = Address::parse(text);
  REQUIRE_MESSAGE(address.ok(), text);
  return address.value();
}

}  // namespace

TEST_CASE("eip191: differential against ethers hashMessage, signMessage, verifyMessage") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::size_t checked = 0;
  std::size_t text_cases = 0;
  for (simdjson::dom::element item : cases) {
    const auto field = [&](const char* name) {
      std::string_view value;
      REQUIRE(item[name].get(value) == simdjson::SUCCESS);
      return value;
    };
    const Bytes message = hex_bytes(field("message"));
    INFO("message " << field("message"));
    bool is_text = false;
    REQUIRE(item["text"].get(is_text) == simdjson::SUCCESS);
    text_cases += is_text ? 1 : 0;

    CHECK(eip191_hash(message).to_hex() == field("hash"));

    auto key = PrivateKey::from_hex(field("key"));
    REQUIRE(key.ok());
    const Signature signed_ours = sign_message(key.value(), message);
    CHECK(hex_encode(signed_ours.to_bytes65()) == field("signed"));

    const Address signer = address_of(field("address"));
    auto recovered = recover_message_signer(message, signature_of(field("signed")));
    REQUIRE(recovered.ok());
    CHECK(recovered.value() == address_of(field("recovered")));
    CHECK(verify_message(signer, message, signed_ours));

    auto other = recover_message_signer(message, signature_of(field("other_signature")));
    REQUIRE(other.ok());
    CHECK(other.value() == address_of(field("other_recovered")));
    ++checked;
  }
  MESSAGE("eip191 cases checked: " << checked << " (" << text_cases << " text)");
  CHECK(checked >= 1);
}
