// Differential check of RLP against ethers v6 encodeRlp/decodeRlp (vectors from
// tests/js/oracle/rlp.mjs, file named by LIQUIDBOT_VECTORS): random nested values encode byte-exact
// (tree encoder and two-pass header encoder) and decode back (tree and zero-copy reader); decode
// verdicts on non-canonical and mutated input; minimal integers.
#include <doctest/doctest.h>

#include <liquidbot/rlp.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;
using rlp::Item;

namespace {

Bytes hex_bytes(std::string_view text) {
  auto bytes = hex_decode(text);
  REQUIRE_MESSAGE(bytes.ok(), text);
  return std::move(bytes).value();
}

// The oracle's JSON shape: a "0x.." string is a byte string, an array is a list.
Item item_of(simdjson::dom::element value) {
  simdjson::dom::array array;
  if (value.get(array) == simdjson::SUCCESS) {
    Item list = Item::list({});
    for (simdjson::dom::element child : array) list.items.push_back(item_of(child));
    return list;
  }
  std::string_view text;
  REQUIRE(value.get(text) == simdjson::SUCCESS);
  return Item::string(hex_bytes(text));
}

// Rebuilds a tree through the zero-copy view and list reader.
Item walk(const rlp::ItemView& view) {
  if (!view.is_list()) {
    auto bytes = view.to_bytes();
    REQUIRE(bytes.ok());
    return Item::string(Bytes(bytes->begin(), bytes->end()));
  }
  Item list = Item::list({});
  auto reader = view.items();
  REQUIRE(reader.ok());
  while (!reader->done()) {
    auto child = reader->next();
    REQUIRE_MESSAGE(child.ok(), child.error().message);
    list.items.push_back(walk(*child));
  }
  return list;
}

// Two-pass encoding: payload sizes first, then headers and items.
std::size_t payload_size(const Item& item) {
  std::size_t size = 0;
  for (const Item& child : item.items)
    size += child.is_list ? rlp::list_size(payload_size(child)) : rlp::bytes_size(child.bytes);
  return size;
}

void two_pass(Bytes& out, const Item& item) {
  if (!item.is_list) {
    rlp::append_bytes(out, item.bytes);
    return;
  }
  rlp::append_list_header(out, payload_size(item));
  for (const Item& child : item.items) two_pass(out, child);
}

}  // namespace

TEST_CASE("rlp: differential against ethers encodeRlp / decodeRlp") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::size_t case_count = 0;
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (simdjson::dom::element item : cases) {
    const auto field = [&](const char* name) {
      std::string_view value;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    simdjson::dom::element value_json;
    REQUIRE(item["value"].get(value_json) == simdjson::SUCCESS);
    const Item value = item_of(value_json);
    const std::string_view encoded_hex = field("encoded");
    INFO("encoded " << encoded_hex.substr(0, 200));

    // Encode three ways.
    CHECK(hex_encode(rlp::encode(value)) == encoded_hex);
    Bytes two;
    two_pass(two, value);
    CHECK(hex_encode(two) == encoded_hex);
    if (value.is_list) CHECK(rlp::list_size(payload_size(value)) == two.size());

    // Decode two ways.
    const Bytes encoded = hex_bytes(encoded_hex);
    auto tree = rlp::decode_tree(encoded);
    REQUIRE_MESSAGE(tree.ok(), tree.error().message);
    CHECK(*tree == value);
    auto view = rlp::decode(encoded);
    REQUIRE(view.ok());
    CHECK(walk(*view) == value);

    // Decode verdict on loose or mutated input.
    simdjson::dom::element decode_case;
    REQUIRE(item["decode"].get(decode_case) == simdjson::SUCCESS);
    std::string_view input_hex;
    bool expect_valid = false;
    REQUIRE(decode_case["input"].get(input_hex) == simdjson::SUCCESS);
    REQUIRE(decode_case["valid"].get(expect_valid) == simdjson::SUCCESS);
    const Bytes input = hex_bytes(input_hex);
    auto decoded = rlp::decode_tree(input);
    CHECK_MESSAGE(decoded.ok() == expect_valid,
                  "input " << input_hex.substr(0, 200) << (decoded.ok() ? "" : ": " + decoded.error().message));
    CHECK(rlp::validate(input).ok() == expect_valid);
    if (expect_valid && decoded.ok()) {
      simdjson::dom::element expected_json;
      REQUIRE(decode_case["value"].get(expected_json) == simdjson::SUCCESS);
      CHECK(*decoded == item_of(expected_json));
      ++valid;
    } else if (!decoded.ok()) {
      CHECK(decoded.error().code == Errc::decode);
      ++invalid;
    }

    // Integers: minimal big-endian, both widths, and strict decoding back.
    auto integer = u256::from_hex(field("integer"));
    REQUIRE(integer.ok());
    Bytes int_out;
    rlp::append_uint(int_out, *integer);
    CHECK(hex_encode(int_out) == field("integer_encoded"));
    CHECK(rlp::uint_size(*integer) == int_out.size());
    if (integer->fits_u64()) {
      Bytes narrow;
      rlp::append_uint(narrow, integer->limbs[0]);
      CHECK(narrow == int_out);
      CHECK(*rlp::decode(int_out)->to_uint64() == integer->limbs[0]);
    }
    auto back = rlp::decode(int_out);
    REQUIRE(back.ok());
    CHECK(*back->to_u256() == *integer);
    ++case_count;
  }
  MESSAGE("rlp cases: " << case_count << " (decode cases valid " << valid << ", rejected " << invalid << ")");
  CHECK(case_count >= 1);
}
