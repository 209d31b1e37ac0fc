// WadRayMath / PercentageMath / MathUtils: golden values computed with Python integers from the
// Solidity formulas (aave-v3-origin v3.6, aave-v3-core for the binomial compounding), and the exact
// overflow boundaries of the assembly guards.
#include <doctest/doctest.h>

#include <liquidbot/aave/math.hpp>

using namespace liquidbot;
using namespace liquidbot::aave;

namespace {
u256 dec(const char* text) { return u256::from_dec(text).value(); }
}  // namespace

TEST_CASE("revision names") {
  for (const char* name : {"3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6"}) {
    auto r = parse_revision(name);
    REQUIRE(r.ok());
    CHECK(to_string(*r) == name);
  }
  CHECK(!parse_revision("3.7").ok());
  CHECK(!parse_revision("").ok());
  CHECK(!parse_revision("v3.6").ok());
  CHECK(kDefaultRevision == Revision::v3_6);
  CHECK(kRay == dec("1000000000000000000000000000"));
  CHECK(kHalfRay == dec("500000000000000000000000000"));
}

TEST_CASE("ray and wad products and quotients") {
  const u256 a = dec("1234567890123456789012345678");
  const u256 b = dec("1034567890123456789012345678");
  CHECK(ray_mul(a, b).value() == dec("1277244297299192317247066018"));
  CHECK(ray_mul_floor(a, b).value() == dec("1277244297299192317247066018"));
  CHECK(ray_mul_ceil(a, b).value() == dec("1277244297299192317247066019"));
  CHECK(ray_div(a, b).value() == dec("1193317424510568998531153543"));
  CHECK(ray_div_floor(a, b).value() == dec("1193317424510568998531153542"));
  CHECK(ray_div_ceil(a, b).value() == dec("1193317424510568998531153543"));
  CHECK(wad_mul(dec("3000000000000000001"), dec("700000000000000000")).value() == dec("2100000000000000001"));
  CHECK(wad_div(dec("3000000000000000001"), dec("700000000000000000")).value() == dec("4285714285714285716"));
  CHECK(ray_to_wad(dec("1234567890123456789500000000")) == dec("1234567890123456790"));
  CHECK(ray_to_wad(dec("1234567890123456789499999999")) == dec("1234567890123456789"));
  CHECK(wad_to_ray(u256{7}).value() == u256{7'000'000'000ULL});
  CHECK(ray_mul_unchecked(a, b) == ray_mul(a, b).value());
  CHECK(ray_mul_floor_unchecked(a, b) == ray_mul_floor(a, b).value());
  CHECK(ray_mul_ceil_unchecked(a, b) == ray_mul_ceil(a, b).value());
  CHECK(ray_div_unchecked(a, b) == ray_div(a, b).value());
  CHECK(wad_mul_unchecked(u256{3}, kWad) == u256{3});
  CHECK(wad_div_unchecked(u256{3}, kWad) == u256{3});
}

TEST_CASE("percentage math") {
  CHECK(percent_mul(u256{12345}, u256{8333}).value() == u256{10287});
  CHECK(percent_mul_floor(u256{12345}, u256{8333}).value() == u256{10287});
  CHECK(percent_mul_ceil(u256{12345}, u256{8333}).value() == u256{10288});
  CHECK(percent_div(u256{12345}, u256{8333}).value() == u256{14815});
  CHECK(percent_div_ceil(u256{12345}, u256{8333}).value() == u256{14815});
  CHECK(percent_mul(u256{5}, u256{1000}).value() == u256{1});       // 0.5 rounds up
  CHECK(percent_mul_floor(u256{5}, u256{1000}).value() == u256{0});
  CHECK(percent_mul(u256::max(), u256{0}).value() == u256{0});     // percentage 0 never reverts
  CHECK(percent_div(u256{1}, u256{0}).error().code == Errc::division_by_zero);
  CHECK(percent_mul_unchecked(u256{12345}, u256{8333}) == u256{10287});
  CHECK(percent_mul_floor_unchecked(u256{12345}, u256{8333}) == u256{10287});
  CHECK(percent_div_unchecked(u256{12345}, u256{8333}) == u256{14815});
}

TEST_CASE("overflow guards sit exactly where the Solidity guards are") {
  const u256 b = dec("1034567890123456789012345678");
  // rayMul reverts iff a > (MAX - HALF_RAY) / b.
  const u256 limit = dec("111923142350279713062459121272312667416951394019127");
  CHECK(ray_mul(limit, b).ok());
  CHECK(ray_mul(limit + 1, b).error().code == Errc::overflow);
  CHECK(ray_mul_floor(u256::max(), u256{2}).error().code == Errc::overflow);
  CHECK(ray_mul_floor(u256::max(), u256{1}).ok());
  CHECK(ray_div(u256{1}, u256{0}).error().code == Errc::division_by_zero);
  CHECK(ray_div_ceil(u256::max() / kRay + 1, u256{1}).error().code == Errc::overflow);
  CHECK(ray_div_ceil(u256::max() / kRay, u256{1}).ok());
  CHECK(wad_div(u256::max(), u256{1}).error().code == Errc::overflow);
  CHECK(wad_to_ray(u256::max()).error().code == Errc::overflow);
  CHECK(mul_div_ceil(u256{1}, u256{1}, u256{0}).error().code == Errc::division_by_zero);
  CHECK(mul_div_ceil(u256::max(), u256{2}, u256{3}).error().code == Errc::overflow);
  CHECK(mul_div_ceil(u256{7}, u256{3}, u256{2}).value() == u256{11});
  CHECK(mul_div_ceil(u256{8}, u256{3}, u256{2}).value() == u256{12});
}

TEST_CASE("interest accrual per revision") {
  const u256 rate = dec("61234567890123456789012345");
  const std::uint64_t t = 1760000000, ts = t - 259200;
  CHECK(linear_interest(dec("18234567890123456789012345"), ts, t).value() ==
        dec("1000149873160740740740731608"));
  CHECK(compounded_interest(rate, ts, t, Revision::v3_6).value() == dec("1000503424493870212993831087"));
  CHECK(compounded_interest(rate, ts, t, Revision::v3_4).value() == dec("1000503424493870212993831087"));
  CHECK(compounded_interest(rate, ts, t, Revision::v3_3).value() == dec("1000503424492449675341379674"));
  CHECK(compounded_interest(rate, ts, t, Revision::v3_0).value() == dec("1000503424492449675341379674"));
  CHECK(compounded_interest(rate, t, t, Revision::v3_0).value() == kRay);
  CHECK(linear_interest(rate, t, t).value() == kRay);
  CHECK(!linear_interest(rate, t + 1, t).ok());
  CHECK(!compounded_interest(rate, t + 1, t, Revision::v3_6).ok());
  // One second: the binomial second and third terms vanish.
  CHECK(compounded_interest(rate, t - 1, t, Revision::v3_0).value() == kRay + rate / u256{kSecondsPerYear});
}
