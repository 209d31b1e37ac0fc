// WadRayMath, PercentageMath and MathUtils as in the Aave V3 Solidity sources: each checked function
// reverts (errors) on exactly the condition the assembly guard tests.
#include <liquidbot/aave/math.hpp>

#include <array>
#include <string>

namespace liquidbot::aave {
namespace {

constexpr std::array<std::string_view, 7> kRevisionNames = {"3.0", "3.1", "3.2", "3.3",
                                                            "3.4", "3.5", "3.6"};

Error overflow(const char* what) { return make_error(Errc::overflow, std::string(what) + ": overflow"); }
Error div_zero(const char* what) {
  return make_error(Errc::division_by_zero, std::string(what) + ": division by zero");
}

// a*b + add over unit, with the guard `b != 0 && a > (MAX - add) / b` reverting.
Result<u256> mul_add_div(const u256& a, const u256& b, const u256& add, const u256& unit,
                         const char* what) noexcept {
  if (!b.is_zero() && a > (u256::max() - add) / b) return overflow(what);
  return (a * b + add) / unit;
}

// a*unit + b/2 over b, with the guard `b == 0 || a > (MAX - b/2) / unit` reverting.
Result<u256> div_half_up(const u256& a, const u256& b, const u256& unit, const char* what) noexcept {
  if (b.is_zero()) return div_zero(what);
  const u256 half = b >> 1;
  if (a > (u256::max() - half) / unit) return overflow(what);
  return (a * unit + half) / b;
}

// floor or ceil of a*b/unit with the guard `b != 0 && a > MAX / b` reverting.
Result<u256> mul_div_dir(const u256& a, const u256& b, const u256& unit, bool ceil,
                         const char* what) noexcept {
  u256 product;
  if (mul_overflow(a, b, product)) return overflow(what);
  const DivMod qr = divmod(product, unit);
  return ceil && !qr.remainder.is_zero() ? qr.quotient + 1 : qr.quotient;
}

// floor or ceil of a*unit/b with the guard `b == 0 || a > MAX / unit` reverting.
Result<u256> div_dir(const u256& a, const u256& b, const u256& unit, bool ceil,
                     const char* what) noexcept {
  if (b.is_zero()) return div_zero(what);
  u256 scaled;
  if (mul_overflow(a, unit, scaled)) return overflow(what);
  const DivMod qr = divmod(scaled, b);
  return ceil && !qr.remainder.is_zero() ? qr.quotient + 1 : qr.quotient;
}

constexpr u256 kPercent{kPercentageFactor};
constexpr u256 kHalfPercent{kHalfPercentage};
constexpr u256 kSpy{kSecondsPerYear};

}  // namespace

Result<Revision> parse_revision(std::string_view text) {
  for (std::size_t i = 0; i < kRevisionNames.size(); ++i)
    if (kRevisionNames[i] == text) return static_cast<Revision>(i);
  return make_error(Errc::invalid_argument,
                    "unknown Aave revision \"" + std::string(text) + "\" (expected 3.0 ... 3.6)");
}

std::string_view to_string(Revision revision) noexcept {
  const auto i = static_cast<std::size_t>(revision);
  return i < kRevisionNames.size() ? kRevisionNames[i] : std::string_view{"?"};
}

Result<u256> wad_mul(const u256& a, const u256& b) noexcept {
  return mul_add_div(a, b, kHalfWad, kWad, "wadMul");
}
Result<u256> wad_div(const u256& a, const u256& b) noexcept { return div_half_up(a, b, kWad, "wadDiv"); }
Result<u256> ray_mul(const u256& a, const u256& b) noexcept {
  return mul_add_div(a, b, kHalfRay, kRay, "rayMul");
}
Result<u256> ray_div(const u256& a, const u256& b) noexcept { return div_half_up(a, b, kRay, "rayDiv"); }
Result<u256> ray_mul_floor(const u256& a, const u256& b) noexcept {
  return mul_div_dir(a, b, kRay, false, "rayMulFloor");
}
Result<u256> ray_mul_ceil(const u256& a, const u256& b) noexcept {
  return mul_div_dir(a, b, kRay, true, "rayMulCeil");
}
Result<u256> ray_div_floor(const u256& a, const u256& b) noexcept {
  return div_dir(a, b, kRay, false, "rayDivFloor");
}
Result<u256> ray_div_ceil(const u256& a, const u256& b) noexcept {
  return div_dir(a, b, kRay, true, "rayDivCeil");
}

u256 ray_to_wad(const u256& a) noexcept {
  const DivMod qr = divmod(a, kWadRayRatio);
  return qr.remainder >= u256{500'000'000} ? qr.quotient + 1 : qr.quotient;
}

Result<u256> wad_to_ray(const u256& a) noexcept {
  u256 out;
  if (mul_overflow(a, kWadRayRatio, out)) return overflow("wadToRay");
  return out;
}

Result<u256> percent_mul(const u256& value, const u256& percentage) noexcept {
  return mul_add_div(value, percentage, kHalfPercent, kPercent, "percentMul");
}
Result<u256> percent_mul_floor(const u256& value, const u256& percentage) noexcept {
  return mul_div_dir(value, percentage, kPercent, false, "percentMulFloor");
}
Result<u256> percent_mul_ceil(const u256& value, const u256& percentage) noexcept {
  return mul_div_dir(value, percentage, kPercent, true, "percentMulCeil");
}
Result<u256> percent_div(const u256& value, const u256& percentage) noexcept {
  return div_half_up(value, percentage, kPercent, "percentDiv");
}
Result<u256> percent_div_ceil(const u256& value, const u256& percentage) noexcept {
  return div_dir(value, percentage, kPercent, true, "percentDivCeil");
}

Result<u256> mul_div_ceil(const u256& a, const u256& b, const u256& c) noexcept {
  if (c.is_zero()) return div_zero("mulDivCeil");
  return mul_div_dir(a, b, c, true, "mulDivCeil");
}

Result<u256> linear_interest(const u256& rate, std::uint64_t last_update, std::uint64_t now) noexcept {
  if (now < last_update)
    return make_error(Errc::overflow, "calculateLinearInterest: timestamp before lastUpdateTimestamp");
  u256 product;
  if (mul_overflow(rate, u256{now - last_update}, product)) return overflow("calculateLinearInterest");
  u256 out;
  if (add_overflow(kRay, product / kSpy, out)) return overflow("calculateLinearInterest");
  return out;
}

Result<u256> compounded_interest(const u256& rate, std::uint64_t last_update, std::uint64_t now,
                                 Revision revision) noexcept {
  if (now < last_update)
    return make_error(Errc::overflow,
                      "calculateCompoundedInterest: timestamp before lastUpdateTimestamp");
  const u256 exp{now - last_update};
  if (exp.is_zero()) return kRay;
  if (has_taylor_compounding(revision)) {
    // 3.4+: the whole body is `unchecked`; only rayMul's own guard can revert.
    const u256 x = (rate * exp) / kSpy;
    LB_TRY(inner, ray_mul(x, x / u256{6}));
    LB_TRY(outer, ray_mul(x, (x >> 1) + inner));
    return kRay + x + outer;
  }
  // 3.0-3.3: binomial expansion; powers of the per-second rate inside `unchecked`, terms checked.
  const u256 exp_minus_one = exp - 1;
  const u256 exp_minus_two = exp > u256{2} ? exp - 2 : u256{};
  LB_TRY(rate_sq, ray_mul(rate, rate));
  const u256 base_power_two = rate_sq / (kSpy * kSpy);
  LB_TRY(rate_cu, ray_mul(base_power_two, rate));
  const u256 base_power_three = rate_cu / kSpy;
  LB_TRY(t2a, checked_mul(exp, exp_minus_one));
  LB_TRY(second_term, checked_mul(t2a, base_power_two));
  LB_TRY(t3a, checked_mul(t2a, exp_minus_two));
  LB_TRY(third_term, checked_mul(t3a, base_power_three));
  LB_TRY(linear, checked_mul(rate, exp));
  LB_TRY(sum1, checked_add(kRay, linear / kSpy));
  LB_TRY(sum2, checked_add(sum1, second_term >> 1));
  return checked_add(sum2, third_term / u256{6});
}

u256 wad_mul_unchecked(const u256& a, const u256& b) noexcept { return (a * b + kHalfWad) / kWad; }
u256 wad_div_unchecked(const u256& a, const u256& b) noexcept {
  return (a * kWad + (b >> 1)) / b;
}
u256 ray_mul_unchecked(const u256& a, const u256& b) noexcept { return (a * b + kHalfRay) / kRay; }
u256 ray_div_unchecked(const u256& a, const u256& b) noexcept {
  return (a * kRay + (b >> 1)) / b;
}
u256 ray_mul_floor_unchecked(const u256& a, const u256& b) noexcept { return (a * b) / kRay; }
u256 ray_mul_ceil_unchecked(const u256& a, const u256& b) noexcept {
  const DivMod qr = divmod(a * b, kRay);
  return qr.remainder.is_zero() ? qr.quotient : qr.quotient + 1;
}
u256 percent_mul_unchecked(const u256& value, const u256& percentage) noexcept {
  return (value * percentage + kHalfPercent) / kPercent;
}
u256 percent_mul_floor_unchecked(const u256& value, const u256& percentage) noexcept {
  return (value * percentage) / kPercent;
}
u256 percent_div_unchecked(const u256& value, const u256& percentage) noexcept {
  return (value * kPercent + (percentage >> 1)) / percentage;
}

}  // namespace liquidbot::aave
