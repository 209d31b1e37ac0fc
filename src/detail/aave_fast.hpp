// Fast, allocation-free account data for the batch hot loop. It runs in a narrow domain where every
// intermediate provably fits 128 or 192 bits: scaled balances and indexes below 2^96, prices, asset
// units and per-reserve values in base currency below 2^64. Outside it the caller falls back to the
// checked AaveAccountAccumulator, which reproduces the chain (including its reverts). Divisions by
// the loop's constants (10^27 = 2^26 * 2 * 5^27, 10^decimals, 10^4) use a precomputed reciprocal
// (Moller & Granlund, "Improved division by invariant integers", 2011, algorithm 4).
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>

namespace liquidbot::detail {

__extension__ typedef unsigned __int128 fast_u128;

inline constexpr fast_u128 kFast96 = static_cast<fast_u128>(1) << 96;

inline fast_u128 make_u128(std::uint64_t hi, std::uint64_t lo) noexcept {
  return (static_cast<fast_u128>(hi) << 64) | lo;
}
inline std::uint64_t high64(fast_u128 x) noexcept { return static_cast<std::uint64_t>(x >> 64); }
inline std::uint64_t low64(fast_u128 x) noexcept { return static_cast<std::uint64_t>(x); }

/// x as 128 bits, or false when it does not fit.
inline bool to_u128(const u256& x, fast_u128& out) noexcept {
  out = make_u128(x.limbs[1], x.limbs[0]);
  return (x.limbs[2] | x.limbs[3]) == 0;
}
inline u256 from_u128(fast_u128 x) noexcept { return u256::from_limbs(low64(x), high64(x), 0, 0); }

/// Divisor d (non-zero, 64-bit) with its normalization shift and reciprocal.
struct Reciprocal64 {
  std::uint64_t d = 1;
  std::uint64_t d_norm = 1ULL << 63;
  std::uint64_t v = 0;
  unsigned shift = 63;

  static Reciprocal64 make(std::uint64_t divisor) noexcept {
    Reciprocal64 r;
    r.d = divisor;
    r.shift = static_cast<unsigned>(__builtin_clzll(divisor));
    r.d_norm = divisor << r.shift;
    // v = floor((2^128 - 1) / d_norm) - 2^64 = floor((~d_norm : ~0) / d_norm); the high word is
    // below d_norm, so the quotient fits 64 bits.
    r.v = static_cast<std::uint64_t>(make_u128(~r.d_norm, ~0ULL) / r.d_norm);
    return r;
  }

  /// (u1:u0) / d_norm with u1 < d_norm; returns the quotient, sets rem.
  [[nodiscard]] std::uint64_t div2by1(std::uint64_t u1, std::uint64_t u0,
                                      std::uint64_t& rem) const noexcept {
    fast_u128 q = static_cast<fast_u128>(v) * u1;
    q += make_u128(u1 + 1, u0);
    std::uint64_t q1 = high64(q);
    const std::uint64_t q0 = low64(q);
    std::uint64_t r = u0 - q1 * d_norm;
    // The two corrections without branches (the first is taken about half the time).
    const std::uint64_t over = 0 - static_cast<std::uint64_t>(r > q0);
    q1 += over;
    r += over & d_norm;
    const std::uint64_t under = 0 - static_cast<std::uint64_t>(r >= d_norm);
    q1 -= under;
    r -= under & d_norm;
    rem = r;
    return q1;
  }

  /// n / d for n < d * 2^64 (the quotient fits 64 bits); sets rem.
  [[nodiscard]] std::uint64_t divide_narrow(fast_u128 n, std::uint64_t& rem) const noexcept {
    const std::uint64_t lo = low64(n);
    // (lo >> 1) >> (63 - shift) is lo >> (64 - shift), and 0 for shift 0 (no shift by 64).
    const std::uint64_t u1 = (high64(n) << shift) | ((lo >> 1) >> (63 - shift));
    const std::uint64_t q = div2by1(u1, lo << shift, rem);
    rem >>= shift;
    return q;
  }

  /// n / d for any 128-bit n; sets rem.
  [[nodiscard]] fast_u128 divide(fast_u128 n, std::uint64_t& rem) const noexcept {
    std::uint64_t hi = high64(n);
    std::uint64_t q1 = 0;
    if (hi >= d) {
      q1 = hi / d;
      hi -= q1 * d;
    }
    return make_u128(q1, divide_narrow(make_u128(hi, low64(n)), rem));
  }
};

/// (hi:lo) / d for hi < d (the quotient fits 64 bits): one hardware division.
inline std::uint64_t div_128_by_64(std::uint64_t hi, std::uint64_t lo, std::uint64_t d) noexcept {
#if defined(__x86_64__)
  std::uint64_t quotient = 0, remainder = 0;
  __asm__("divq %4" : "=a"(quotient), "=d"(remainder) : "a"(lo), "d"(hi), "r"(d));
  return quotient;
#else
  return static_cast<std::uint64_t>(make_u128(hi, lo) / d);
#endif
}

/// x / d for a 64-bit d: long division by hardware, one step per limb from the first non-zero one.
inline u256 divide_by_u64(const u256& x, std::uint64_t d) noexcept {
  u256 q;
  std::uint64_t r = 0;
  int i = 3;
  while (i >= 0 && x.limbs[i] < d && r == 0) r = x.limbs[i--];
  for (; i >= 0; --i) {
    const std::uint64_t hi = r;
    q.limbs[i] = div_128_by_64(hi, x.limbs[i], d);
    r = x.limbs[i] - q.limbs[i] * d;
  }
  return q;
}

/// 2 * 5^27: 10^27 = 2^26 * (2 * 5^27), and 2 * 5^27 lies in [2^63, 2^64): already normalized.
inline constexpr std::uint64_t kTwoFivePow27 = 14901161193847656250ULL;

enum class RayRounding : std::uint8_t { half_up, floor, ceil };

/// s * index / 10^27 rounded as asked, for s and index below 2^96 (the product fits 192 bits, the
/// result 103). floor(p / 10^27) = floor(floor(p / 2^26) / (2 * 5^27)).
inline fast_u128 ray_mul_96(fast_u128 s, fast_u128 index, RayRounding rounding,
                            const Reciprocal64& two_five27) noexcept {
  const std::uint64_t s0 = low64(s), s1 = high64(s), i0 = low64(index), i1 = high64(index);
  const fast_u128 p00 = static_cast<fast_u128>(s0) * i0;
  // s0 * i1 and s1 * i0 are below 2^96 each: their sum with p00's high word fits 128 bits.
  const fast_u128 mid = static_cast<fast_u128>(s0) * i1 + static_cast<fast_u128>(s1) * i0 + high64(p00);
  fast_u128 low = make_u128(low64(mid), low64(p00));
  std::uint64_t p2 = high64(mid) + s1 * i1;  // the product is below 2^192
  if (rounding == RayRounding::half_up) {
    // + 5 * 10^26 (below 2^89) cannot overflow 192 bits: the product is at most (2^96 - 1)^2.
    const fast_u128 half = make_u128(aave::kHalfRay.limbs[1], aave::kHalfRay.limbs[0]);
    low += half;
    p2 += low < half ? 1 : 0;
  }
  const std::uint64_t p0 = low64(low), p1 = high64(low);
  const bool low_bits = (p0 & ((1ULL << 26) - 1)) != 0;
  // p >> 26 = (t2:t1:t0) with t2 below 2^38 < 2 * 5^27, so two steps give the quotient.
  std::uint64_t r = 0;
  const std::uint64_t q1 = two_five27.div2by1(p2 >> 26, (p1 >> 26) | (p2 << 38), r);
  const std::uint64_t q0 = two_five27.div2by1(r, (p0 >> 26) | (p1 << 38), r);
  fast_u128 q = make_u128(q1, q0);
  if (rounding == RayRounding::ceil && (low_bits || r != 0)) ++q;
  return q;
}

/// balance * price / unit (floor, or ceil when `ceil`) when the quotient is below 2^64; false
/// otherwise. balance below 2^103 (a ray_mul_96 result), so the product fits 167 bits.
inline bool value_in_base(fast_u128 balance, std::uint64_t price, const Reciprocal64& unit, bool ceil,
                          std::uint64_t& base) noexcept {
  const fast_u128 p_low = static_cast<fast_u128>(low64(balance)) * price;
  const fast_u128 p_high = static_cast<fast_u128>(high64(balance)) * price + high64(p_low);
  if (p_high >= unit.d) return false;
  std::uint64_t rem = 0;
  base = unit.divide_narrow(make_u128(low64(p_high), low64(p_low)), rem);
  if (ceil && rem != 0) {
    if (base == ~0ULL) return false;
    ++base;
  }
  return true;
}

}  // namespace liquidbot::detail
