// u256 unit tests. Expected values are literal numbers computed independently with Python integers
// (arbitrary precision); the large randomized comparison lives in tests/differential/u256_diff_test.cpp.
#include <liquidbot/u256.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using liquidbot::Errc;
using liquidbot::Rounding;
using liquidbot::u256;

namespace {

u256 hex(std::string_view text) {
  auto r = u256::from_hex(text);
  REQUIRE_MESSAGE(r.ok(), text);
  return *r;
}

u256 dec(std::string_view text) {
  auto r = u256::from_dec(text);
  REQUIRE_MESSAGE(r.ok(), text);
  return *r;
}

constexpr std::string_view kMaxDec =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

}  // namespace

TEST_CASE("u256: arithmetic on fixed values") {
  const u256 a = hex("0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
  const u256 b = hex("0x123456789abcdef0123456789abcdef0123456789abcdef");
  CHECK((a * b).to_hex() == "0x6a0a77b1b88c2c9668e87db10b145554458fab20783af1222236d88fe5618cf0");
  CHECK((a / b).to_hex() == "0xe0000000000000d2f0");
  CHECK((a % b).to_hex() == "0xe1f0000000000000e1f0fedcba9876551400");
  CHECK((a / u256(0xffffffffffffffffULL)).to_hex() ==
        "0xfedcba9876543211fdb97530eca86422fc962fc962fc9633");
  CHECK((a % u256(0xffffffffffffffffULL)).to_hex() == "0xfb72ea61d950c843");
  const u256 c = u256::from_limbs(0, 1, 1, 0);  // 2^128 + 2^64
  CHECK((a / c).to_hex() == "0xfedcba98765432100000000000000000");
  CHECK((a % c).to_hex() == "0xfedcba9876543210fedcba9876543210");
}

TEST_CASE("u256: division where the window's top limbs equal the divisor's (digit 2^64-1)") {
  // a = d * 2^64 - 1 for a normalized three-limb d.
  const u256 d3 = hex("0xf53dadfa5eb561a4216363698b529b4a97b750923ceb3ffd");
  const u256 a = hex("0xf53dadfa5eb561a4216363698b529b4a97b750923ceb3ffcffffffffffffffff");
  CHECK((a / d3).to_hex() == "0xffffffffffffffff");
  CHECK((a % d3).to_hex() == "0xf53dadfa5eb561a4216363698b529b4a97b750923ceb3ffc");
  // (d - 1) * (2^256 - 1) / d: the second step's window starts with the divisor's top limbs.
  const u256 d4 = hex("0xf454294f035efa259b08923d10c67fd994b2b8fda02f34a6795b929e9a9a80fd");
  CHECK(liquidbot::mul_div(d4 - u256(1), u256::max(), d4)->to_hex() ==
        "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
  CHECK(liquidbot::mul_div(d4 - u256(1), u256::max(), d4, Rounding::ceil)->to_hex() ==
        "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe");
  CHECK(liquidbot::mul_div(d3 - u256(1), u256::max(), d3)->to_hex() ==
        "0xfffffffffffffffffffffffffffffffffffffffffffffffef4c4d7fcb96bcc6e");
  const u256 d5 = hex("0x2dfee29476311624273bfd1d338d0038ec42650644781f9c58d6645faf");
  CHECK(liquidbot::mul_div(d5 - u256(1), u256::max(), d5)->to_hex() ==
        "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffa6f2b5f");
}

TEST_CASE("u256: EVM semantics for division by zero and wrapping") {
  CHECK((u256(7) / u256(0)).is_zero());
  CHECK((u256(7) % u256(0)).is_zero());
  CHECK(u256::max() + u256(1) == u256(0));
  CHECK(u256(0) - u256(1) == u256::max());
  CHECK(u256::max() * u256::max() == u256(1));
}

TEST_CASE("u256: checked operations report overflow and division by zero") {
  CHECK(liquidbot::checked_add(u256::max(), u256(1)).error().code == Errc::overflow);
  CHECK(liquidbot::checked_sub(u256(0), u256(1)).error().code == Errc::overflow);
  CHECK(liquidbot::checked_mul(u256(1) << 128, u256(1) << 128).error().code == Errc::overflow);
  CHECK(*liquidbot::checked_mul(u256(1) << 127, u256(2)) == (u256(1) << 128));
  CHECK(liquidbot::checked_div(u256(1), u256(0)).error().code == Errc::division_by_zero);
  CHECK(liquidbot::checked_mod(u256(1), u256(0)).error().code == Errc::division_by_zero);
  CHECK(liquidbot::checked_shl(u256(1), 255).ok());
  CHECK(liquidbot::checked_shl(u256(2), 255).error().code == Errc::overflow);
  CHECK(liquidbot::checked_shl(u256(0), 1000).ok());
}

TEST_CASE("u256: mul_div floor, ceil and errors") {
  const u256 wad = dec("1000000000000000000");
  const u256 ray = dec("1000000000000000000000000000");
  const u256 x = dec("123456789000000000000000000000987654321");
  CHECK(liquidbot::mul_div(x, ray, wad)->to_dec() ==
        "123456789000000000000000000000987654321000000000");
  CHECK(*liquidbot::mul_div(u256(7), u256(3), u256(2)) == u256(10));
  CHECK(*liquidbot::mul_div(u256(7), u256(3), u256(2), Rounding::ceil) == u256(11));
  CHECK(*liquidbot::mul_div(u256::max(), u256::max(), u256::max()) == u256::max());
  CHECK(liquidbot::mul_div(u256::max(), u256::max(), u256::max() - u256(1)).error().code ==
        Errc::overflow);
  CHECK(liquidbot::mul_div(u256(1), u256(1), u256(0)).error().code == Errc::division_by_zero);
  CHECK(*liquidbot::mul_div(u256::max(), u256(3), u256(3), Rounding::ceil) == u256::max());
  // 2^257 - 1 = 535006138814359 * q: over 2 the floor is 2^256 - 1 and the ceiling does not fit.
  const u256 q = dec("432862656469423142931042426214547535783388063929571229938474969");
  CHECK(*liquidbot::mul_div(u256(535006138814359ULL), q, u256(2)) == u256::max());
  CHECK(liquidbot::mul_div(u256(535006138814359ULL), q, u256(2), Rounding::ceil).error().code ==
        Errc::overflow);
}

TEST_CASE("u256: decimal and hex parsing") {
  CHECK(dec(kMaxDec) == u256::max());
  CHECK(u256::from_dec("115792089237316195423570985008687907853269984665640564039457584007913129639936")
            .error()
            .code == Errc::overflow);
  CHECK(dec("007") == u256(7));
  for (std::string_view bad : {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "1_000", "١"})
    CHECK_MESSAGE(u256::from_dec(bad).error().code == Errc::invalid_argument, bad);
  CHECK(hex("0x00000000000000000000000000000000000000000000000000000000000000000000ff") == u256(255));
  CHECK(hex("FF") == u256(255));
  CHECK(hex("0Xff") == u256(255));
  CHECK(u256::from_hex("0x1" + std::string(64, '0')).error().code == Errc::overflow);
  for (std::string_view bad : {"", "0x", "-0x1", "0xg", "0x 1", "x1", "0x0x1"})
    CHECK_MESSAGE(u256::from_hex(bad).error().code == Errc::invalid_argument, bad);
  CHECK(*u256::from_string("0x10") == u256(16));
  CHECK(*u256::from_string("10") == u256(10));
  CHECK(u256::from_dec("12x4").error().message == "u256: invalid decimal character 'x' at position 2");
}

TEST_CASE("u256: formatting") {
  CHECK(u256::max().to_dec() == kMaxDec);
  CHECK(u256(0).to_dec() == "0");
  CHECK(u256(0).to_hex() == "0x0");
  CHECK(u256::max().to_hex() == "0x" + std::string(64, 'f'));
  CHECK(dec("1230000000000000000").to_fixed(18) == "1.23");
  CHECK(dec("1000000000000000000").to_fixed(18) == "1.0");
  CHECK(u256(0).to_fixed(18) == "0.0");
  CHECK(u256(5).to_fixed(0) == "5");
  CHECK(u256(5).to_fixed(3) == "0.005");
  CHECK(u256(1234500).to_fixed(2) == "12345.0");
}

TEST_CASE("u256: big-endian bytes and to_double") {
  const std::uint8_t bytes[3] = {0x01, 0x02, 0x03};
  CHECK(*u256::from_be_bytes(bytes) == u256(0x010203));
  const std::uint8_t nine[9] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
  CHECK(u256::from_be_bytes(nine)->to_hex() == "0x10203040506070809");
  std::uint8_t all32[32];
  for (int i = 0; i < 32; ++i) all32[i] = static_cast<std::uint8_t>(i + 1);
  CHECK(u256::from_be_bytes(all32)->to_hex() ==
        "0x102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  CHECK(u256::from_be_bytes({})->is_zero());
  std::uint8_t long_input[33] = {};
  CHECK(!u256::from_be_bytes(long_input).ok());
  const u256 v = hex("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  CHECK(u256::from_be32(v.to_be_bytes().data()) == v);
  CHECK(v.to_be_bytes()[0] == 0x01);
  CHECK(v.to_be_bytes()[31] == 0x20);
  CHECK(u256::max().to_double() == 115792089237316195423570985008687907853269984665640564039457584007913129639936.0);
  CHECK(dec("1000000000000000000").to_double() == 1e18);
}
