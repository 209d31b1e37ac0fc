// Address: the EIP-55 examples published in the EIP, parsing rules and error messages.
#include <liquidbot/address.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using liquidbot::Address;
using liquidbot::Errc;

namespace {

// The eight examples of https://eips.ethereum.org/EIPS/eip-55 (each is its own checksum form).
constexpr std::string_view kEip55Examples[] = {
    // all caps
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    // all lower
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    // normal
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string upper_digits(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 2; i < out.size(); ++i)
    if (out[i] >= 'a' && out[i] <= 'z') out[i] = static_cast<char>(out[i] - 'a' + 'A');
  return out;
}

}  // namespace

TEST_CASE("EIP-55 published examples") {
  for (std::string_view example : kEip55Examples) {
    CAPTURE(example);
    auto parsed = Address::parse(example);
    REQUIRE(parsed.ok());
    CHECK(parsed->to_checksum() == example);
    CHECK(parsed->to_hex() == lower(example));
    // All-lower and all-upper forms are accepted as they are and mean the same address.
    auto from_lower = Address::parse(lower(example));
    REQUIRE(from_lower.ok());
    CHECK(*from_lower == *parsed);
    auto from_upper = Address::parse(upper_digits(example));
    REQUIRE(from_upper.ok());
    CHECK(*from_upper == *parsed);
  }
}

TEST_CASE("mixed case with a wrong checksum is rejected") {
  // Flip the case of one letter of a valid checksummed address.
  std::string bad(kEip55Examples[4]);  // 0x5aAeb6...
  bad[3] = 'A';                        // 'a' -> 'A'
  auto r = Address::parse(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::invalid_argument);
  CHECK(r.error().message.find("bad EIP-55 checksum") != std::string::npos);
  CHECK(r.error().message.find("position 3") != std::string::npos);
  CHECK(r.error().message.find(std::string(kEip55Examples[4])) != std::string::npos);
}

TEST_CASE("malformed addresses are rejected with a reason") {
  struct Case {
    std::string_view text;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"", "0x prefix"},
      {"52908400098527886E0F7030069857D2E4169EE7", "0x prefix"},
      {"0x", "got 0"},
      {"0x52908400098527886E0F7030069857D2E4169EE", "got 39"},
      {"0x52908400098527886E0F7030069857D2E4169EE71", "got 41"},
      {"0x52908400098527886E0F7030069857D2E4169EEg", "'g' at position 41"},
      {"0x5290840009852788 E0F7030069857D2E4169EE7", "' ' at position 18"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto r = Address::parse(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_argument);
    CHECK_MESSAGE(r.error().message.find(c.message_part) != std::string::npos, r.error().message);
  }
}

TEST_CASE("0X prefix, zero address, ordering") {
  auto r = Address::parse("0X0000000000000000000000000000000000000000");
  REQUIRE(r.ok());
  CHECK(r->is_zero());
  CHECK(r->to_checksum() == "0x0000000000000000000000000000000000000000");
  auto a = Address::parse("0x0000000000000000000000000000000000000001");
  REQUIRE(a.ok());
  CHECK_FALSE(a->is_zero());
  CHECK(*r < *a);
  CHECK(Address::from_view(a->view()) == *a);
}
