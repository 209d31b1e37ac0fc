// Fast, allocation-free account data for the batch hot loop (revisions 3.2+). Every operand is
// range-checked first so that no intermediate can overflow; when a check fails the caller falls back
// to the checked AaveAccountAccumulator, which reproduces the chain's revert. Divisions by the
// loop's constants (10^27 = 2^26 * 2 * 5^27, 10^decimals, per-user sums) use a precomputed reciprocal
// (Moller & Granlund, "Improved division by invariant integers", 2011, algorithm 4).
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>

namespace liquidbot::detail {

__extension__ typedef unsigned __int128 fast_u128;

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
    // below d_norm, so the quotient fits 64 bits and one hardware division gives it.
#if defined(__x86_64__)
    std::uint64_t quotient = 0, remainder = 0;
    __asm__("divq %4" : "=a"(quotient), "=d"(remainder) : "a"(~0ULL), "d"(~r.d_norm), "r"(r.d_norm));
    r.v = quotient;
#else
    const fast_u128 numerator = (static_cast<fast_u128>(~r.d_norm) << 64) | ~0ULL;
    r.v = static_cast<std::uint64_t>(numerator / r.d_norm);
#endif
    return r;
  }

  /// (u1:u0) / d_norm with u1 < d_norm; returns the quotient, sets rem.
  [[nodiscard]] std::uint64_t div2by1(std::uint64_t u1, std::uint64_t u0,
                                      std::uint64_t& rem) const noexcept {
    fast_u128 q = static_cast<fast_u128>(v) * u1;
    q += (static_cast<fast_u128>(u1 + 1) << 64) | u0;
    auto q1 = static_cast<std::uint64_t>(q >> 64);
    const auto q0 = static_cast<std::uint64_t>(q);
    std::uint64_t r = u0 - q1 * d_norm;
    if (r > q0) {
      --q1;
      r += d_norm;
    }
    if (r >= d_norm) {
      ++q1;
      r -= d_norm;
    }
    rem = r;
    return q1;
  }

  /// x / d; returns the remainder.
  std::uint64_t divide(const u256& x, u256& quotient) const noexcept {
    if ((x.limbs[1] | x.limbs[2] | x.limbs[3]) == 0) {  // one limb: the hardware divides it
      quotient = u256{x.limbs[0] / d};
      return x.limbs[0] % d;
    }
    // Shift x left by `shift` into five limbs, then divide limb by limb from the top.
    std::uint64_t xs[5];
    if (shift == 0) {
      for (int i = 0; i < 4; ++i) xs[i] = x.limbs[i];
      xs[4] = 0;
    } else {
      xs[4] = x.limbs[3] >> (64 - shift);
      for (int i = 3; i > 0; --i) xs[i] = (x.limbs[i] << shift) | (x.limbs[i - 1] >> (64 - shift));
      xs[0] = x.limbs[0] << shift;
    }
    std::uint64_t r = xs[4];
    int top = 3;
    while (top >= 0 && r == 0 && xs[top] < d_norm) {
      quotient.limbs[top] = 0;
      r = xs[top];
      --top;
    }
    for (int i = top; i >= 0; --i) quotient.limbs[i] = div2by1(r, xs[i], r);
    return r >> shift;
  }
};

/// (hi:lo) / d for hi < d (the quotient fits 64 bits): one hardware division.
inline std::uint64_t div_128_by_64(std::uint64_t hi, std::uint64_t lo, std::uint64_t d) noexcept {
#if defined(__x86_64__)
  std::uint64_t quotient = 0, remainder = 0;
  __asm__("divq %4" : "=a"(quotient), "=d"(remainder) : "a"(lo), "d"(hi), "r"(d));
  return quotient;
#else
  return static_cast<std::uint64_t>(((static_cast<fast_u128>(hi) << 64) | lo) / d);
#endif
}

/// 2 * 5^27: 10^27 = 2^26 * (2 * 5^27), and 2 * 5^27 lies in [2^63, 2^64): already normalized.
inline constexpr std::uint64_t kTwoFivePow27 = 14901161193847656250ULL;

inline bool fits_u128(const u256& x) noexcept { return (x.limbs[2] | x.limbs[3]) == 0; }

/// a * m for a below 2^128 and a 64-bit m (fits 192 bits).
inline u256 mul_128_64(const u256& a, std::uint64_t m) noexcept {
  const fast_u128 p0 = static_cast<fast_u128>(a.limbs[0]) * m;
  const fast_u128 p1 = static_cast<fast_u128>(a.limbs[1]) * m + static_cast<std::uint64_t>(p0 >> 64);
  return u256::from_limbs(static_cast<std::uint64_t>(p0), static_cast<std::uint64_t>(p1),
                          static_cast<std::uint64_t>(p1 >> 64), 0);
}

/// Full 256-bit product of two values below 2^128.
inline u256 mul_128(const u256& a, const u256& b) noexcept {
  if (b.limbs[1] == 0) return mul_128_64(a, b.limbs[0]);
  if (a.limbs[1] == 0) return mul_128_64(b, a.limbs[0]);
  const fast_u128 p00 = static_cast<fast_u128>(a.limbs[0]) * b.limbs[0];
  const fast_u128 p01 = static_cast<fast_u128>(a.limbs[0]) * b.limbs[1];
  const fast_u128 p10 = static_cast<fast_u128>(a.limbs[1]) * b.limbs[0];
  const fast_u128 p11 = static_cast<fast_u128>(a.limbs[1]) * b.limbs[1];
  u256 r;
  r.limbs[0] = static_cast<std::uint64_t>(p00);
  fast_u128 mid = (p00 >> 64) + static_cast<std::uint64_t>(p01) + static_cast<std::uint64_t>(p10);
  r.limbs[1] = static_cast<std::uint64_t>(mid);
  fast_u128 high = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + static_cast<std::uint64_t>(p11);
  r.limbs[2] = static_cast<std::uint64_t>(high);
  r.limbs[3] = static_cast<std::uint64_t>((high >> 64) + (p11 >> 64));
  return r;
}

/// a * m for a 64-bit m; false on overflow.
inline bool mul_small(const u256& a, std::uint64_t m, u256& out) noexcept {
  fast_u128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    carry += static_cast<fast_u128>(a.limbs[i]) * m;
    out.limbs[i] = static_cast<std::uint64_t>(carry);
    carry >>= 64;
  }
  return carry == 0;
}

/// a + b; false on overflow.
inline bool add_checked(const u256& a, const u256& b, u256& out) noexcept {
  unsigned long long carry = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned long long s = 0;
    const bool c1 = __builtin_uaddll_overflow(a.limbs[i], b.limbs[i], &s);
    const bool c2 = __builtin_uaddll_overflow(s, carry, &s);
    out.limbs[i] = s;
    carry = (c1 || c2) ? 1 : 0;
  }
  return carry == 0;
}

/// x >> 26 (for the 2^26 factor of 10^27).
inline u256 shr26(const u256& x) noexcept {
  u256 r;
  for (int i = 0; i < 3; ++i) r.limbs[i] = (x.limbs[i] >> 26) | (x.limbs[i + 1] << 38);
  r.limbs[3] = x.limbs[3] >> 26;
  return r;
}

inline u256 shr1(const u256& x) noexcept {
  u256 r;
  for (int i = 0; i < 3; ++i) r.limbs[i] = (x.limbs[i] >> 1) | (x.limbs[i + 1] << 63);
  r.limbs[3] = x.limbs[3] >> 1;
  return r;
}

/// a - b for a >= b.
inline u256 sub_unchecked(const u256& a, const u256& b) noexcept {
  u256 r;
  unsigned long long borrow = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned long long d = 0;
    const bool b1 = __builtin_usubll_overflow(a.limbs[i], b.limbs[i], &d);
    const bool b2 = __builtin_usubll_overflow(d, borrow, &d);
    r.limbs[i] = d;
    borrow = (b1 || b2) ? 1 : 0;
  }
  return r;
}

inline void increment(u256& x) noexcept {
  for (int i = 0; i < 4; ++i)
    if (++x.limbs[i] != 0) return;
}

enum class RayRounding : std::uint8_t { half_up, floor, ceil };

/// s * index / 10^27 rounded as asked; both operands below 2^128 (so nothing overflows).
/// floor(p / 10^27) = floor(floor(p / 2^26) / (2 * 5^27)); `two_five27` is that divisor's reciprocal.
inline u256 ray_mul_fast(const u256& s, const u256& index, RayRounding rounding,
                         const Reciprocal64& two_five27) noexcept {
  u256 p = mul_128(s, index);
  if (rounding == RayRounding::half_up) {
    // + 5 * 10^26 cannot overflow: p <= (2^128 - 1)^2.
    (void)add_checked(p, aave::kHalfRay, p);
  }
  const bool low_bits = (p.limbs[0] & ((1ULL << 26) - 1)) != 0;
  p = shr26(p);
  u256 q;
  const std::uint64_t rem = two_five27.divide(p, q);
  if (rounding == RayRounding::ceil && (low_bits || rem != 0)) increment(q);
  return q;
}

}  // namespace liquidbot::detail
