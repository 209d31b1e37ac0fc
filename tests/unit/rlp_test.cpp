// RLP unit tests. Vectors are the published ethereum/tests RLPTests fixtures (rlptest.json valid
// cases and invalidRLPTest.json), copied as numbers; the random comparison against ethers v6 lives in
// tests/differential/rlp_diff_test.cpp.
#include <liquidbot/rlp.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace liquidbot;
using rlp::Item;

namespace {

Item str(std::string_view text) { return Item::string(Bytes(text.begin(), text.end())); }

Item hex_item(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE(bytes.ok());
  return Item::string(*bytes);
}

// An integer as ethereum/tests means it: minimal big-endian bytes.
Item integer(std::string_view decimal) {
  auto value = u256::from_dec(decimal);
  REQUIRE(value.ok());
  Bytes encoded;
  rlp::append_uint(encoded, *value);
  auto view = rlp::decode(encoded);
  REQUIRE(view.ok());
  return Item::string(Bytes(view->payload().begin(), view->payload().end()));
}

std::string hex_of(const Bytes& bytes) { return hex_encode(bytes); }

Item asdf_qwer_zxcv() { return Item::list({str("asdf"), str("qwer"), str("zxcv")}); }

struct Vector {
  const char* name;
  Item in;
  std::string out;
};

std::vector<Vector> valid_vectors() {
  const std::string lorem55 = "Lorem ipsum dolor sit amet, consectetur adipisicing eli";
  std::vector<Item> short_list_max;
  for (int i = 0; i < 11; ++i)
    short_list_max.push_back(str(std::string_view("asdfqwerzxcv").substr(4 * static_cast<std::size_t>(i % 3), 4)));
  std::vector<Item> long_list2(32, asdf_qwer_zxcv());
  std::string long_list2_out = "0xf90200";
  for (int i = 0; i < 32; ++i) long_list2_out += "cf84617364668471776572847a786376";
  return {
      {"emptystring", str(""), "0x80"},
      {"bytestring00", hex_item("0x00"), "0x00"},
      {"bytestring01", hex_item("0x01"), "0x01"},
      {"bytestring7F", hex_item("0x7f"), "0x7f"},
      {"shortstring", str("dog"), "0x83646f67"},
      {"shortstring2", str(lorem55),
       "0xb74c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069"
       "736963696e6720656c69"},
      {"longstring", str(lorem55 + "t"),
       "0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e736563746574757220616469"
       "7069736963696e6720656c6974"},
      {"zero", integer("0"), "0x80"},
      {"smallint", integer("1"), "0x01"},
      {"smallint2", integer("16"), "0x10"},
      {"smallint3", integer("79"), "0x4f"},
      {"smallint4", integer("127"), "0x7f"},
      {"mediumint1", integer("128"), "0x8180"},
      {"mediumint2", integer("1000"), "0x8203e8"},
      {"mediumint3", integer("100000"), "0x830186a0"},
      {"mediumint4", integer("83729609699884896815286331701780722"), "0x8f102030405060708090a0b0c0d0e0f2"},
      {"mediumint5", integer("105315505618206987246253880190783558935785933862974822347068935681"),
       "0x9c0100020003000400050006000700080009000a000b000c000d000e01"},
      {"emptylist", Item::list({}), "0xc0"},
      {"stringlist", Item::list({str("dog"), str("god"), str("cat")}), "0xcc83646f6783676f6483636174"},
      {"multilist", Item::list({str("zw"), Item::list({integer("4")}), integer("1")}), "0xc6827a77c10401"},
      {"shortListMax1", Item::list(short_list_max),
       "0xf784617364668471776572847a78637684617364668471776572847a78637684617364668471776572847a786376"
       "84617364668471776572"},
      {"longList1", Item::list(std::vector<Item>(4, asdf_qwer_zxcv())),
       "0xf840cf84617364668471776572847a786376cf84617364668471776572847a786376cf846173646684717765728"
       "47a786376cf84617364668471776572847a786376"},
      {"longList2", Item::list(long_list2), long_list2_out},
      {"listsoflists", Item::list({Item::list({Item::list({}), Item::list({})}), Item::list({})}),
       "0xc4c2c0c0c0"},
      {"listsoflists2",
       Item::list({Item::list({}), Item::list({Item::list({})}),
                   Item::list({Item::list({}), Item::list({Item::list({})})})}),
       "0xc7c0c1c0c3c0c1c0"},
      {"dictTest1",
       Item::list({Item::list({str("key1"), str("val1")}), Item::list({str("key2"), str("val2")}),
                   Item::list({str("key3"), str("val3")}), Item::list({str("key4"), str("val4")})}),
       "0xecca846b6579318476616c31ca846b6579328476616c32ca846b6579338476616c33ca846b6579348476616c34"},
  };
}

Bytes bytes_of(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE_MESSAGE(bytes.ok(), hex);
  return *bytes;
}

}  // namespace

TEST_CASE("rlp: ethereum/tests rlptest.json vectors encode and decode") {
  for (const Vector& v : valid_vectors()) {
    INFO(v.name);
    CHECK(hex_of(rlp::encode(v.in)) == v.out);
    const Bytes encoded = bytes_of(v.out);
    auto tree = rlp::decode_tree(encoded);
    REQUIRE(tree.ok());
    CHECK(*tree == v.in);
    CHECK(rlp::validate(encoded).ok());
  }
}

TEST_CASE("rlp: bigint 2^256 is a 33-byte string, too wide for u256") {
  const Bytes encoded = bytes_of("0xa1010000000000000000000000000000000000000000000000000000000000000000");
  auto view = rlp::decode(encoded);
  REQUIRE(view.ok());
  CHECK(view->payload().size() == 33);
  CHECK(view->to_u256().error().code == Errc::overflow);
}

TEST_CASE("rlp: ethereum/tests invalidRLPTest.json vectors are rejected") {
  const char* invalid[] = {
      "0xbf0f000000000000021111",  // int32Overflow
      "0xff0f000000000000021111",  // int32Overflow2
      "0xf80180",                  // wrongSizeList
      "0xf80100",                  // wrongSizeList2
      "0xb9002100dc2b275d0f74e8a53e6f4ec61b27f24278820be3f82ea2110e582081b0565df0",  // incorrectLengthInArray
      "0xf861f83eb9002100dc2b275d0f74e8a53e6f4ec61b27f24278820be3f82ea2110e582081b0565df027b90015002d5ef"
      "8325ae4d034df55d4b58d0dfba64d61ddd17be00000b9001a00dae30907045a2f66fa36f2bb8aa9029cbb0b8a7b3b5c43"
      "5ab331",  // randomRLP
      "0x8100",  // bytesShouldBeSingleByte00
      "0x8101",  // bytesShouldBeSingleByte01
      "0x817F",  // bytesShouldBeSingleByte7F
      "b90040000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c"
      "2d2e2f303132333435363738393a3b3c3d3e3f",  // leadingZerosInLongLengthArray1
      "b800",                                    // leadingZerosInLongLengthArray2
      "fb00000040000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a"
      "2b2c2d2e2f303132333435363738393a3b3c3d3e3f",  // leadingZerosInLongLengthList1
      "f800",                                        // leadingZerosInLongLengthList2
      "b81000112233445566778899aabbccddeeff",        // nonOptimalLongLengthArray1
      "b801ff",                                      // nonOptimalLongLengthArray2
      "f810000102030405060708090a0b0c0d0e0f",        // nonOptimalLongLengthList1
      "f803112233",                                  // nonOptimalLongLengthList2
  };
  for (const char* hex : invalid) {
    INFO(hex);
    const Bytes encoded = bytes_of(hex);
    const Status status = rlp::validate(encoded);
    REQUIRE(!status.ok());
    CHECK(status.error().code == Errc::decode);
    CHECK(!rlp::decode_tree(encoded).ok());
  }
}

TEST_CASE("rlp: errors say what and where") {
  const auto message = [](std::string_view hex) {
    return rlp::decode_tree(bytes_of(hex)).error().message;
  };
  CHECK(message("0x8100") ==
        "rlp: non-canonical size information: single byte 0x00 below 0x80 must be encoded as itself, "
        "not 0x8100 at offset 0");
  CHECK(message("0xc3018100") ==
        "rlp: non-canonical size information: single byte 0x00 below 0x80 must be encoded as itself, "
        "not 0x8100 at offset 2");
  CHECK(message("0xb801ff") ==
        "rlp: non-canonical size information: long form used for a 1-byte string at offset 0");
  CHECK(message("0xf800") ==
        "rlp: non-canonical size information: list length has a leading zero byte at offset 0");
  CHECK(message("0x0102") == "rlp: input contains more than one value: 1 trailing bytes after the item at offset 1");
  CHECK(message("0xc5830102") == "rlp: list payload length 5 exceeds the 3 bytes left in the input at offset 0");
  CHECK(message("0xc3830102") ==
        "rlp: string payload length 3 exceeds the 2 bytes left in the enclosing list at offset 1");
  CHECK(message("0x") == "rlp: unexpected end of input at offset 0");
  CHECK(message("0xb9") == "rlp: string length-of-length 2 exceeds the 0 bytes left in the input at offset 0");
}

TEST_CASE("rlp: integers are minimal big-endian and decode strictly") {
  Bytes out;
  rlp::append_uint(out, std::uint64_t{0});
  rlp::append_uint(out, std::uint64_t{0x7f});
  rlp::append_uint(out, std::uint64_t{0x80});
  rlp::append_uint(out, std::uint64_t{0x0102030405060708});
  rlp::append_uint(out, u256::max());
  rlp::append_uint(out, u256(1) << 64);
  CHECK(hex_of(out) ==
        "0x807f818088010203040506070"
        "8a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff89010000000000000000");
  CHECK(rlp::uint_size(std::uint64_t{0}) == 1);
  CHECK(rlp::uint_size(u256::max()) == 33);
  CHECK(rlp::uint_size(u256(0x80)) == 2);

  const auto as_u64 = [](std::string_view hex) { return rlp::decode(bytes_of(hex))->to_uint64(); };
  CHECK(*as_u64("0x80") == 0);
  CHECK(*as_u64("0x7f") == 0x7f);
  CHECK(*as_u64("0x8180") == 0x80);
  CHECK(*as_u64("0x88ffffffffffffffff") == 0xffffffffffffffffULL);
  CHECK(as_u64("0x00").error().message == "rlp: non-canonical integer format: leading zero byte at offset 0");
  CHECK(as_u64("0x820001").error().code == Errc::decode);
  CHECK(as_u64("0x89010000000000000000").error().code == Errc::overflow);
  CHECK(as_u64("0xc0").error().code == Errc::decode);
  const Bytes max_encoded = bytes_of("0xa0" + std::string(64, 'f'));
  auto wide = rlp::decode(max_encoded);
  CHECK(*wide->to_u256() == u256::max());
}

TEST_CASE("rlp: begin/end list patches short and long headers; two-pass sizes agree") {
  Bytes out;
  const auto outer = rlp::begin_list(out);
  rlp::append_bytes(out, as_bytes("dog"));
  const auto inner = rlp::begin_list(out);
  for (int i = 0; i < 20; ++i) rlp::append_bytes(out, as_bytes("cat"));  // 80-byte payload
  rlp::end_list(out, inner);
  rlp::append_uint(out, std::uint64_t{1000});
  rlp::end_list(out, outer);

  Item expected = Item::list({str("dog"), Item::list(std::vector<Item>(20, str("cat"))), integer("1000")});
  CHECK(out == rlp::encode(expected));
  const std::size_t inner_payload = 20 * rlp::bytes_size(as_bytes("cat"));
  const std::size_t payload = rlp::bytes_size(as_bytes("dog")) + rlp::list_size(inner_payload) +
                              rlp::uint_size(std::uint64_t{1000});
  CHECK(out.size() == rlp::list_size(payload));

  Bytes two_pass;
  rlp::append_list_header(two_pass, payload);
  rlp::append_bytes(two_pass, as_bytes("dog"));
  rlp::append_list_header(two_pass, inner_payload);
  for (int i = 0; i < 20; ++i) rlp::append_bytes(two_pass, as_bytes("cat"));
  rlp::append_uint(two_pass, u256(1000));
  CHECK(two_pass == out);
}

TEST_CASE("rlp: zero-copy views walk a list") {
  const Bytes encoded = bytes_of("0xc6827a77c10401");  // ["zw", [4], 1]
  auto top = rlp::decode(encoded);
  REQUIRE(top.ok());
  CHECK(top->is_list());
  auto reader = top->items();
  REQUIRE(reader.ok());
  auto first = reader->next();
  REQUIRE(first.ok());
  CHECK(first->offset() == 1);
  CHECK(first->payload().data() == encoded.data() + 2);  // a view, not a copy
  auto second = reader->next();
  REQUIRE(second.ok());
  CHECK(second->is_list());
  CHECK(second->offset() == 4);
  CHECK(second->to_bytes().error().code == Errc::decode);
  auto third = reader->next();
  REQUIRE(third.ok());
  CHECK(*third->to_uint64() == 1);
  CHECK(reader->done());
  CHECK(reader->next().error().message == "rlp: unexpected end of enclosing list at offset 7");
  CHECK(first->items().error().code == Errc::decode);
  // decode_prefix leaves trailing bytes alone.
  const Bytes two = bytes_of("0x8180c0");
  auto prefix = rlp::decode_prefix(two);
  REQUIRE(prefix.ok());
  CHECK(prefix->encoded().size() == 2);
}

TEST_CASE("rlp: nesting past kMaxDepth is an error, not a crash") {
  Item item = Item::list({});
  for (std::size_t i = 0; i < rlp::kMaxDepth + 5; ++i) item = Item::list({std::move(item)});
  const Bytes encoded = rlp::encode(item);
  CHECK(rlp::validate(encoded).error().code == Errc::decode);
  CHECK(rlp::decode_tree(encoded).error().code == Errc::decode);
}
