// Differential check of the ABI codec against ethers v6 (vectors from tests/js/oracle/abi.mjs, file
// named by LIQUIDBOT_VECTORS): AbiCoder encodings byte for byte, decoding back to the same values,
// cast-style text in and out, FunctionFragment/EventFragment canonical forms, selectors and
// topics, and Interface-encoded revert data.
#include <doctest/doctest.h>

#include <liquidbot/abi.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;
using abi::Type;
using abi::Value;
using abi::Values;

namespace {

std::string_view text_of(simdjson::dom::element element) {
  std::string_view text;
  REQUIRE(element.get(text) == simdjson::SUCCESS);
  return text;
}

Type type_of(std::string_view text) {
  auto parsed = abi::parse_type(text);
  REQUIRE_MESSAGE(parsed.ok(), text);
  CHECK(parsed->canonical() == text);
  return std::move(parsed).value();
}

/// The JSON form of the oracle (decimal integers, 0x-hex bytes and addresses, JSON arrays) as a Value.
Value value_of(const Type& type, simdjson::dom::element json) {
  switch (type.kind) {
    case abi::Kind::unsigned_int:
    case abi::Kind::signed_int: {
      std::string_view text = text_of(json);
      bool negative = !text.empty() && text.front() == '-';
      auto magnitude = u256::from_dec(negative ? text.substr(1) : text);
      REQUIRE_MESSAGE(magnitude.ok(), text);
      return Value(negative ? u256() - *magnitude : *magnitude);
    }
    case abi::Kind::address: {
      auto address = Address::parse(text_of(json));
      REQUIRE(address.ok());
      return Value(*address);
    }
    case abi::Kind::boolean: {
      bool b = false;
      REQUIRE(json.get(b) == simdjson::SUCCESS);
      return Value(b);
    }
    case abi::Kind::fixed_bytes:
    case abi::Kind::bytes: {
      auto bytes = hex_decode(text_of(json));
      REQUIRE(bytes.ok());
      return Value(std::move(bytes).value());
    }
    case abi::Kind::string:
      return Value(std::string(text_of(json)));
    default: {
      simdjson::dom::array items;
      REQUIRE(json.get(items) == simdjson::SUCCESS);
      Values list;
      std::size_t i = 0;
      for (simdjson::dom::element item : items) {
        list.push_back(value_of(type.kind == abi::Kind::tuple ? type.components.at(i) : type.components.front(), item));
        ++i;
      }
      return Value(std::move(list));
    }
  }
}

simdjson::dom::array array_of(simdjson::dom::element element) {
  simdjson::dom::array array;
  REQUIRE(element.get(array) == simdjson::SUCCESS);
  return array;
}

simdjson::dom::element load_vectors(simdjson::dom::parser& parser) {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  return document;
}

}  // namespace

TEST_CASE("abi: differential encode/decode/text against ethers AbiCoder") {
  simdjson::dom::parser parser;
  auto document = load_vectors(parser);
  simdjson::dom::array cases;
  REQUIRE(document["codec"].get(cases) == simdjson::SUCCESS);
  std::size_t checked = 0;
  for (simdjson::dom::element item : cases) {
    std::vector<Type> types;
    for (simdjson::dom::element t : array_of(item["types"])) types.push_back(type_of(text_of(t)));
    Values values;
    std::vector<std::string_view> texts;
    std::vector<std::string_view> formatted;
    std::size_t i = 0;
    for (simdjson::dom::element v : array_of(item["values"])) values.push_back(value_of(types.at(i++), v));
    for (simdjson::dom::element t : array_of(item["texts"])) texts.push_back(text_of(t));
    for (simdjson::dom::element f : array_of(item["formatted"])) formatted.push_back(text_of(f));
    std::string_view expected = text_of(item["encoded"]);
    INFO("case " << checked << " encoded " << expected);

    auto encoded = abi::encode(types, values);
    REQUIRE_MESSAGE(encoded.ok(), (encoded.ok() ? "" : encoded.error().message));
    CHECK(hex_encode(*encoded) == expected);

    auto ethers_bytes = hex_decode(expected);
    REQUIRE(ethers_bytes.ok());
    auto decoded = abi::decode(types, *ethers_bytes);
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
    CHECK(*decoded == values);

    for (std::size_t k = 0; k < types.size(); ++k) {
      CHECK(abi::format_value(types[k], (*decoded)[k]) == formatted.at(k));
      auto parsed = abi::parse_value(types[k], texts.at(k));
      REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
      CHECK(*parsed == values[k]);
    }
    ++checked;
  }
  MESSAGE("abi codec cases checked: " << checked);
  CHECK(checked >= 10000);
}

TEST_CASE("abi: differential signatures against ethers FunctionFragment/EventFragment") {
  simdjson::dom::parser parser;
  auto document = load_vectors(parser);
  simdjson::dom::array cases;
  REQUIRE(document["signatures"].get(cases) == simdjson::SUCCESS);
  std::size_t checked = 0;
  for (simdjson::dom::element item : cases) {
    std::string_view text = text_of(item["text"]);
    INFO("signature " << text);
    auto sig = abi::parse_signature(text);
    REQUIRE_MESSAGE(sig.ok(), (sig.ok() ? "" : sig.error().message));
    CHECK(sig->canonical() == text_of(item["canonical"]));
    CHECK(sig->selector().to_hex() == text_of(item["selector"]));
    CHECK(sig->topic().to_hex() == text_of(item["topic"]));
    std::vector<std::string> outputs;
    for (simdjson::dom::element o : array_of(item["outputs"])) outputs.emplace_back(text_of(o));
    REQUIRE(sig->outputs.size() == outputs.size());
    for (std::size_t k = 0; k < outputs.size(); ++k) CHECK(sig->outputs[k].canonical() == outputs[k]);
    ++checked;
  }
  MESSAGE("abi signatures checked: " << checked);
  CHECK(checked >= 1000);
}

TEST_CASE("abi: differential revert data against ethers Interface") {
  simdjson::dom::parser parser;
  auto document = load_vectors(parser);
  simdjson::dom::array cases;
  REQUIRE(document["reverts"].get(cases) == simdjson::SUCCESS);
  std::size_t checked = 0;
  for (simdjson::dom::element item : cases) {
    std::vector<abi::Signature> errors;
    for (simdjson::dom::element e : array_of(item["errors"])) {
      auto sig = abi::parse_signature(text_of(e));
      REQUIRE(sig.ok());
      errors.push_back(std::move(sig).value());
    }
    std::string_view data_hex = text_of(item["data"]);
    INFO("revert data " << data_hex);
    auto data = hex_decode(data_hex);
    REQUIRE(data.ok());
    auto revert = abi::decode_revert(*data, errors);
    REQUIRE_MESSAGE(revert.ok(), (revert.ok() ? "" : revert.error().message));
    std::string_view kind = text_of(item["kind"]);
    if (kind == "error") {
      CHECK(revert->kind == abi::Revert::Kind::error);
      CHECK(revert->message == text_of(item["message"]));
    } else if (kind == "panic") {
      CHECK(revert->kind == abi::Revert::Kind::panic);
      CHECK(revert->panic_code.to_dec() == text_of(item["code"]));
    } else if (kind == "custom") {
      REQUIRE(revert->kind == abi::Revert::Kind::custom);
      std::uint64_t index = 0;
      REQUIRE(item["index"].get(index) == simdjson::SUCCESS);
      CHECK(revert->custom_index == index);
      const auto& inputs = errors.at(index).inputs;
      Values expected;
      std::size_t k = 0;
      for (simdjson::dom::element a : array_of(item["args"])) expected.push_back(value_of(inputs.at(k++), a));
      CHECK(revert->args == expected);
    } else if (kind == "empty") {
      CHECK(revert->kind == abi::Revert::Kind::empty);
    } else {
      CHECK(revert->kind == abi::Revert::Kind::unknown);
      CHECK(hex_encode(revert->data) == "0x" + std::string(data_hex.substr(10)));
    }
    ++checked;
  }
  MESSAGE("abi reverts checked: " << checked);
  CHECK(checked >= 1000);
}
