// Differential check of u256 against Node BigInt and ethers v6 formatUnits (vectors from
// tests/js/oracle/u256.mjs, file named by LIQUIDBOT_VECTORS). Every case checks about thirty
// operations; the totals are printed so the run shows how many comparisons were made.
#include <doctest/doctest.h>

#include <liquidbot/u256.hpp>

#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

// Parses an oracle value; the oracle always writes minimal lowercase "0x" hex.
u256 value_of(std::string_view text) {
  auto v = u256::from_hex(text);
  REQUIRE_MESSAGE(v.ok(), text);
  return *v;
}

// "0x..." for a value, else the error code name, the same shape the oracle writes.
std::string outcome(const Result<u256>& r) {
  return r.ok() ? r->to_hex() : std::string(errc_name(r.error().code));
}

std::string u512_hex(const u512& p) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string digits;
  for (int limb = 7; limb >= 0; --limb)
    for (int shift = 60; shift >= 0; shift -= 4) digits += kHex[(p.limbs[limb] >> shift) & 0xf];
  const std::size_t first = digits.find_first_not_of('0');
  return "0x" + (first == std::string::npos ? std::string("0") : digits.substr(first));
}

}  // namespace

TEST_CASE("u256: differential against Node BigInt and ethers formatUnits") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array cases;
  REQUIRE(document["cases"].get(cases) == simdjson::SUCCESS);

  std::size_t case_count = 0;
  std::size_t checks = 0;
  std::size_t parse_accepted = 0;
  std::size_t parse_rejected = 0;
  for (simdjson::dom::element item : cases) {
    const auto field = [&](const char* name) {
      std::string_view value;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    const auto integer = [&](const char* name) {
      std::int64_t value = 0;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    const auto boolean = [&](const char* name) {
      bool value = false;
      REQUIRE_MESSAGE(item[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    const u256 a = value_of(field("a"));
    const u256 b = value_of(field("b"));
    const u256 d = value_of(field("d"));
    const auto s = static_cast<unsigned>(integer("s"));
    const auto k = static_cast<unsigned>(integer("k"));
    INFO("a=" << field("a") << " b=" << field("b") << " d=" << field("d") << " s=" << s << " k=" << k);

    CHECK((a + b).to_hex() == field("add"));
    CHECK((a - b).to_hex() == field("sub"));
    CHECK((a * b).to_hex() == field("mul"));
    CHECK((a / b).to_hex() == field("div"));
    CHECK((a % b).to_hex() == field("mod"));
    const DivMod qr = divmod(a, b);
    CHECK(qr.quotient.to_hex() == field("div"));
    CHECK(qr.remainder.to_hex() == field("mod"));
    CHECK((a & b).to_hex() == field("and"));
    CHECK((a | b).to_hex() == field("or"));
    CHECK((a ^ b).to_hex() == field("xor"));
    CHECK((~a).to_hex() == field("not"));
    CHECK((a << s).to_hex() == field("shl"));
    CHECK((a >> s).to_hex() == field("shr"));
    const auto order = a <=> b;
    const std::int64_t cmp = order < 0 ? -1 : order > 0 ? 1 : 0;
    CHECK(cmp == integer("cmp"));
    CHECK((a == b) == (cmp == 0));
    checks += 16;

    u256 wrapped;
    CHECK(add_overflow(a, b, wrapped) == boolean("add_overflow"));
    CHECK(wrapped.to_hex() == field("add"));
    CHECK(sub_overflow(a, b, wrapped) == boolean("sub_overflow"));
    CHECK(wrapped.to_hex() == field("sub"));
    CHECK(mul_overflow(a, b, wrapped) == boolean("mul_overflow"));
    CHECK(wrapped.to_hex() == field("mul"));
    CHECK(outcome(checked_add(a, b)) == (boolean("add_overflow") ? "overflow" : field("add")));
    CHECK(outcome(checked_sub(a, b)) == (boolean("sub_overflow") ? "overflow" : field("sub")));
    CHECK(outcome(checked_mul(a, b)) == (boolean("mul_overflow") ? "overflow" : field("mul")));
    CHECK(outcome(checked_div(a, b)) == (b.is_zero() ? "division_by_zero" : field("div")));
    CHECK(outcome(checked_mod(a, b)) == (b.is_zero() ? "division_by_zero" : field("mod")));
    CHECK(outcome(checked_shl(a, s)) == field("checked_shl"));
    CHECK(u512_hex(mul_wide(a, b)) == field("wide"));
    CHECK(outcome(mul_div(a, b, d)) == field("mul_div_floor"));
    CHECK(outcome(mul_div(a, b, d, Rounding::ceil)) == field("mul_div_ceil"));
    checks += 15;

    CHECK(a.to_dec() == field("dec"));
    CHECK(a.to_hex() == field("a"));
    CHECK(a.to_fixed(k) == field("fixed"));
    CHECK(a.to_double() == std::strtod(std::string(field("double")).c_str(), nullptr));
    CHECK(*u256::from_dec(field("dec")) == a);
    checks += 5;

    simdjson::dom::array parses;
    REQUIRE(item["parses"].get(parses) == simdjson::SUCCESS);
    for (simdjson::dom::element p : parses) {
      std::string_view kind;
      std::string_view text;
      std::string_view want;
      REQUIRE(p["kind"].get(kind) == simdjson::SUCCESS);
      REQUIRE(p["text"].get(text) == simdjson::SUCCESS);
      REQUIRE(p["want"].get(want) == simdjson::SUCCESS);
      const Result<u256> got = kind == "dec"   ? u256::from_dec(text)
                               : kind == "hex" ? u256::from_hex(text)
                                               : u256::from_string(text);
      CHECK_MESSAGE(outcome(got) == want, kind << " \"" << text << "\"");
      (got.ok() ? parse_accepted : parse_rejected) += 1;
      ++checks;
    }
    ++case_count;
  }
  MESSAGE("u256 cases: " << case_count << ", comparisons: " << checks << " (parse accepted "
                         << parse_accepted << ", rejected " << parse_rejected << ")");
  CHECK(case_count >= 1);
}
