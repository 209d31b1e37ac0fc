// Hex encoding/decoding and FixedBytes helpers.
#include <liquidbot/bytes.hpp>
#include <liquidbot/fixed_bytes.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

using liquidbot::Bytes;
using liquidbot::ByteView;
using liquidbot::Errc;
using liquidbot::FixedBytes;
using liquidbot::Hash;
using liquidbot::hex_append;
using liquidbot::hex_decode;
using liquidbot::hex_decode_into;
using liquidbot::hex_encode;
using liquidbot::Selector;

namespace {

void check_error(const liquidbot::Error& error, std::string_view part) {
  CHECK(error.code == Errc::invalid_argument);
  CHECK_MESSAGE(error.message.find(part) != std::string::npos, error.message);
}

}  // namespace

TEST_CASE("hex_encode and hex_append") {
  const Bytes b{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  CHECK(hex_encode(b) == "0x00017f80abff");
  CHECK(hex_encode(b, false) == "00017f80abff");
  CHECK(hex_encode(Bytes{}) == "0x");
  CHECK(hex_encode(Bytes{}, false).empty());
  std::string out = "head:";
  hex_append(out, b);
  hex_append(out, Bytes{0x10});
  CHECK(out == "head:00017f80abff10");
}

TEST_CASE("hex_decode accepts both cases and optional prefix") {
  const Bytes expected{0xde, 0xad, 0xbe, 0xef};
  for (std::string_view text : {"0xdeadbeef", "0XDEADBEEF", "deadBEEF", "0xDeAdBeEf"}) {
    CAPTURE(text);
    auto r = hex_decode(text);
    REQUIRE(r.ok());
    CHECK(*r == expected);
  }
  for (std::string_view empty : {"", "0x", "0X"}) {
    auto r = hex_decode(empty);
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
}

TEST_CASE("hex_decode rejects malformed text naming position and character") {
  check_error(hex_decode("0xabc").error(), "odd number of digits (3)");
  check_error(hex_decode("abc").error(), "the last digit 'c' at position 2 has no partner");
  check_error(hex_decode("0x0g").error(), "invalid character 'g' at position 3");
  check_error(hex_decode("zz").error(), "'z' at position 0");
  check_error(hex_decode("0x00112").error(), "odd number of digits (5)");
  // A bad character is reported before an odd count.
  check_error(hex_decode("0x0g1").error(), "'g' at position 3");
  check_error(hex_decode("0x001 ").error(), "' ' at position 5");
  check_error(hex_decode(std::string_view("0x0\0", 4)).error(), "\\x00 at position 3");
  check_error(hex_decode("0x\xff"
                         "0")
                  .error(),
              "\\xff at position 2");
  // "0x" is only a prefix at the very start.
  check_error(hex_decode("000x").error(), "'x' at position 3");
  check_error(hex_decode("0x0x").error(), "'x' at position 3");
  check_error(hex_decode("-1").error(), "'-' at position 0");
}

TEST_CASE("hex_decode_into requires the exact length") {
  std::array<std::uint8_t, 4> out{};
  REQUIRE(hex_decode_into("0x01020304", out).ok());
  CHECK(out == std::array<std::uint8_t, 4>{1, 2, 3, 4});
  REQUIRE(hex_decode_into("A0B0C0D0", out).ok());
  CHECK(out == std::array<std::uint8_t, 4>{0xa0, 0xb0, 0xc0, 0xd0});
  check_error(hex_decode_into("0x010203", out).error(), "expected 8 digits (4 bytes), got 6");
  check_error(hex_decode_into("0x0102030405", out).error(), "got 10");
  check_error(hex_decode_into("0x0102030g", out).error(), "'g' at position 9");
  std::array<std::uint8_t, 0> none{};
  CHECK(hex_decode_into("0x", none).ok());
}

TEST_CASE("round trip of every byte value") {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string hex = hex_encode(all);
  CHECK(hex.size() == 2 + 512);
  auto back = hex_decode(hex);
  REQUIRE(back.ok());
  CHECK(*back == all);
}

TEST_CASE("FixedBytes") {
  auto h = Hash::from_hex("0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  REQUIRE(h.ok());
  CHECK(h->bytes[0] == 0x00);
  CHECK(h->bytes[31] == 0x1f);
  CHECK(h->to_hex() == "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  CHECK_FALSE(h->is_zero());
  CHECK(Hash{}.is_zero());
  CHECK(Hash::from_view(h->view()) == *h);
  CHECK(Hash{} < *h);
  check_error(Hash::from_hex("0x00").error(), "expected 64 digits");
  auto sel = Selector::from_hex("a9059cbb");
  REQUIRE(sel.ok());
  CHECK(*sel == Selector{{0xa9, 0x05, 0x9c, 0xbb}});
  CHECK(sel->to_hex() == "0xa9059cbb");
  CHECK(Selector::size() == 4);
  static_assert(FixedBytes<3>::size() == 3);
}
