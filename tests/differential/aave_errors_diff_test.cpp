// Differential check of the Aave 3.2+ custom error decoding (simulate.hpp aave_custom_error,
// decode_revert_data, describe_revert) against ethers v6: the oracle reads the error declarations of
// Errors.sol in @aave-dao/aave-v3-origin 3.6.0 and builds revert data with encodeErrorResult
// (tests/js/oracle/aave_errors.mjs, file named by LIQUIDBOT_VECTORS).
#include <doctest/doctest.h>

#include <liquidbot/simulate.hpp>

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

simdjson::dom::element load(simdjson::dom::parser& parser) {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  return document;
}

std::string_view text_of(simdjson::dom::element item, const char* name) {
  std::string_view value;
  REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
  return value;
}

}  // namespace

TEST_CASE("aave errors: every error of Errors.sol 3.6.0 maps from its ethers selector to its signature") {
  simdjson::dom::parser parser;
  simdjson::dom::array errors;
  REQUIRE(load(parser)["errors"].get(errors) == simdjson::SUCCESS);
  std::size_t checked = 0;
  for (simdjson::dom::element item : errors) {
    const std::string_view signature = text_of(item, "signature");
    INFO("error " << signature);
    const Bytes selector = hex_bytes(text_of(item, "selector"));
    REQUIRE(selector.size() == 4);
    const auto ours = aave_custom_error(Selector::from_view(selector));
    REQUIRE(ours.has_value());
    CHECK(*ours == signature);
    ++checked;
  }
  MESSAGE("aave custom errors checked: " << checked);
  CHECK(checked == 92);
}

TEST_CASE("aave errors: revert data built by ethers encodeErrorResult decodes to the same name and arguments") {
  simdjson::dom::parser parser;
  simdjson::dom::array cases;
  REQUIRE(load(parser)["cases"].get(cases) == simdjson::SUCCESS);
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (simdjson::dom::element item : cases) {
    const std::string_view data_hex = text_of(item, "data");
    INFO("data " << data_hex);
    const Bytes data = hex_bytes(data_hex);
    bool is_valid = false;
    REQUIRE(item["valid"].get(is_valid) == simdjson::SUCCESS);
    auto decoded = decode_revert_data(data);
    if (is_valid) {
      REQUIRE_MESSAGE(decoded.ok(), decoded.error().to_string());
      CHECK(decoded->kind == abi::Revert::Kind::custom);
      CHECK(decoded->custom.canonical() == text_of(item, "signature"));
      CHECK(describe_revert(data) == text_of(item, "description"));
      ++valid;
    } else {
      REQUIRE_FALSE(decoded.ok());
      CHECK(decoded.error().code == Errc::decode);
      CHECK(decoded.error().message.find(std::string(text_of(item, "signature"))) != std::string::npos);
      CHECK(describe_revert(data).rfind("undecodable revert data " + std::string(data_hex), 0) == 0);
      ++invalid;
    }
  }
  MESSAGE("aave error revert cases: " << valid << " valid, " << invalid << " truncated");
  CHECK(valid >= 92);
  CHECK(invalid >= 1);
}
