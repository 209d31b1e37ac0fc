// Aave V3 fixed-point math (WadRayMath, PercentageMath, MathUtils) reproduced bit for bit, per
// protocol revision.
//
// Checked functions return Result<u256> and fail exactly where the Solidity code reverts (overflow:
// Errc::overflow, division by zero: Errc::division_by_zero). The `_unchecked` twins skip the guards
// and wrap modulo 2^256; use them only where the operands are proven in range.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <string_view>

namespace liquidbot::aave {

/// Aave math revision. Base runs 3.6 (Pool revision 10); older ones replay history.
enum class Revision : std::uint8_t { v3_0, v3_1, v3_2, v3_3, v3_4, v3_5, v3_6 };
inline constexpr Revision kDefaultRevision = Revision::v3_6;

/// "3.0" ... "3.6"; anything else is Errc::invalid_argument.
LIQUIDBOT_API Result<Revision> parse_revision(std::string_view text);
/// "3.0" ... "3.6".
LIQUIDBOT_API std::string_view to_string(Revision revision) noexcept;

/// Stable debt tokens exist (3.0, 3.1).
constexpr bool has_stable_debt(Revision r) noexcept { return r <= Revision::v3_1; }
/// eMode categories carry a price source and reserves carry an eMode category (3.0, 3.1).
constexpr bool has_emode_price_source(Revision r) noexcept { return r <= Revision::v3_1; }
/// Interest compounding uses the 3rd-order Taylor form (3.4+), else the binomial form.
constexpr bool has_taylor_compounding(Revision r) noexcept { return r >= Revision::v3_4; }
/// Balances round toward the protocol (aToken floor, debt ceil) and HF uses the raw sum (3.5+).
constexpr bool has_directional_rounding(Revision r) noexcept { return r >= Revision::v3_5; }
/// Every collateral-flagged reserve counts, LT 0 included; eMode ltvzero bitmap (3.6).
constexpr bool has_ltvzero_bitmap(Revision r) noexcept { return r >= Revision::v3_6; }

inline constexpr u256 kWad{1'000'000'000'000'000'000ULL};
inline constexpr u256 kHalfWad{500'000'000'000'000'000ULL};
/// 10^27 = 0x33b2e3c9fd0803ce8000000.
inline constexpr u256 kRay = u256::from_limbs(0x9fd0803ce8000000ULL, 0x33b2e3cULL, 0, 0);
/// 5 * 10^26.
inline constexpr u256 kHalfRay = u256::from_limbs(0x4fe8401e74000000ULL, 0x19d971eULL, 0, 0);
inline constexpr u256 kWadRayRatio{1'000'000'000ULL};
inline constexpr std::uint64_t kPercentageFactor = 10'000;
inline constexpr std::uint64_t kHalfPercentage = 5'000;
inline constexpr std::uint64_t kSecondsPerYear = 31'536'000;
/// getUserAccountData's health factor with no debt: type(uint256).max.
inline constexpr u256 kMaxHealthFactor = u256::max();
/// HF below this (strictly) is liquidatable.
inline constexpr u256 kLiquidationThresholdHf = kWad;

// ---- WadRayMath (half-up unless named otherwise) ------------------------------------------------
LIQUIDBOT_API Result<u256> wad_mul(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> wad_div(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> ray_mul(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> ray_div(const u256& a, const u256& b) noexcept;
/// 3.5+: floor(a*b/RAY), ceil(a*b/RAY), floor(a*RAY/b), ceil(a*RAY/b).
LIQUIDBOT_API Result<u256> ray_mul_floor(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> ray_mul_ceil(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> ray_div_floor(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> ray_div_ceil(const u256& a, const u256& b) noexcept;
/// a/1e9 rounded half-up; never fails.
LIQUIDBOT_API u256 ray_to_wad(const u256& a) noexcept;
LIQUIDBOT_API Result<u256> wad_to_ray(const u256& a) noexcept;

// ---- PercentageMath (percentages in bps, 10000 = 100%) ------------------------------------------
LIQUIDBOT_API Result<u256> percent_mul(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API Result<u256> percent_mul_floor(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API Result<u256> percent_mul_ceil(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API Result<u256> percent_div(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API Result<u256> percent_div_ceil(const u256& value, const u256& percentage) noexcept;

// ---- MathUtils ----------------------------------------------------------------------------------
/// ceil(a*b/c); reverts (errors) when c == 0 or a*b overflows 256 bits, like MathUtils.mulDivCeil.
LIQUIDBOT_API Result<u256> mul_div_ceil(const u256& a, const u256& b, const u256& c) noexcept;
/// RAY + floor(rate * (now - last) / SECONDS_PER_YEAR). now < last is an error (checked underflow).
LIQUIDBOT_API Result<u256> linear_interest(const u256& rate, std::uint64_t last_update,
                                           std::uint64_t now) noexcept;
/// Compounded interest factor (ray) per revision: binomial expansion up to 3.3, Taylor form 3.4+.
LIQUIDBOT_API Result<u256> compounded_interest(const u256& rate, std::uint64_t last_update,
                                               std::uint64_t now, Revision revision) noexcept;

// ---- unchecked twins (wrap modulo 2^256; callers prove the operands in range) -------------------
LIQUIDBOT_API u256 wad_mul_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 wad_div_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 ray_mul_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 ray_div_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 ray_mul_floor_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 ray_mul_ceil_unchecked(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 percent_mul_unchecked(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API u256 percent_mul_floor_unchecked(const u256& value, const u256& percentage) noexcept;
LIQUIDBOT_API u256 percent_div_unchecked(const u256& value, const u256& percentage) noexcept;

}  // namespace liquidbot::aave
