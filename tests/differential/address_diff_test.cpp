// Differential check of Address::parse / to_checksum against ethers v6 getAddress (vectors from
// tests/js/oracle/address.mjs, file named by LIQUIDBOT_VECTORS): the EIP-55 form of random
// addresses, acceptance of all-lower / all-upper input and rejection of wrongly cased input.
#include <doctest/doctest.h>

#include <liquidbot/address.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

TEST_CASE("address: differential against ethers getAddress") {
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
    std::string_view input;
    std::string_view lower;
    REQUIRE(item["input"].get(input) == simdjson::SUCCESS);
    REQUIRE(item["lower"].get(lower) == simdjson::SUCCESS);
    INFO("input " << input);
    auto ours = Address::parse(input);
    if (item["error"].is_null()) {
      std::string_view checksum;
      REQUIRE(item["checksum"].get(checksum) == simdjson::SUCCESS);
      REQUIRE_MESSAGE(ours.ok(), ours.error().message);
      CHECK(ours->to_checksum() == checksum);
      CHECK(ours->to_hex() == lower);
      ++accepted;
    } else {
      std::string_view ethers_error;
      REQUIRE(item["error"].get(ethers_error) == simdjson::SUCCESS);
      CHECK(ethers_error == "bad address checksum");
      REQUIRE_FALSE(ours.ok());
      CHECK(ours.error().code == Errc::invalid_argument);
      CHECK(ours.error().message.find("bad EIP-55 checksum") != std::string::npos);
      ++rejected;
    }
  }
  MESSAGE("address cases: " << accepted << " accepted, " << rejected << " rejected like ethers");
  CHECK(accepted + rejected >= 10000);
  CHECK(accepted >= 1000);
  CHECK(rejected >= 1000);
}
