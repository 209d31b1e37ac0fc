// u256: wrapping and checked arithmetic, 512-bit mul_div, division, parsing and formatting.
//
// Division follows Knuth's Algorithm D (TAOCP vol. 2, 4.3.1) on 64-bit limbs, with the quotient
// digits estimated by the reciprocal-based 2-by-1 and 3-by-2 divisions of Möller and Granlund,
// "Improved division by invariant integers" (IEEE TC 2011): one hardware division per call to
// compute the reciprocal, multiplications afterwards.
#include <liquidbot/u256.hpp>

#include <bit>
#include <cmath>
#include <cstring>

namespace liquidbot {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC and Clang on 64-bit targets

constexpr std::uint64_t lo64(u128 x) noexcept { return static_cast<std::uint64_t>(x); }
constexpr std::uint64_t hi64(u128 x) noexcept { return static_cast<std::uint64_t>(x >> 64); }
constexpr u128 make128(std::uint64_t hi, std::uint64_t lo) noexcept {
  return (static_cast<u128>(hi) << 64) | lo;
}

// ---- limb helpers -------------------------------------------------------------------------------

// Number of significant limbs of x[0..n) (0 when all are zero).
inline int significant_limbs(const std::uint64_t* x, int n) noexcept {
  while (n > 0 && x[n - 1] == 0) --n;
  return n;
}

// The top 64 bits of (hi, lo) << shift for shift in [0, 63], without a branch for shift 0.
inline std::uint64_t shl_pair(std::uint64_t hi, std::uint64_t lo, unsigned shift) noexcept {
  return (hi << shift) | ((lo >> 1) >> (63 - shift));
}

// The low 64 bits of (hi, lo) >> shift for shift in [0, 63].
inline std::uint64_t shr_pair(std::uint64_t hi, std::uint64_t lo, unsigned shift) noexcept {
  return (lo >> shift) | ((hi << 1) << (63 - shift));
}

// ---- reciprocal division (Möller and Granlund) --------------------------------------------------

// floor((2^128 - 1) / d) - 2^64 for a normalized d (top bit set).
inline std::uint64_t reciprocal_2by1(std::uint64_t d) noexcept {
#if defined(__x86_64__)
  // One DIV instruction: (~d, 2^64-1) / d, whose quotient fits because ~d < d.
  std::uint64_t quotient;
  std::uint64_t remainder;
  __asm__("divq %4" : "=a"(quotient), "=d"(remainder) : "a"(~0ULL), "d"(~d), "r"(d));
  return quotient;
#else
  return static_cast<std::uint64_t>(make128(~d, ~0ULL) / d);
#endif
}

// The reciprocal of the normalized two-limb divisor (d1, d0) used by udivrem_3by2.
inline std::uint64_t reciprocal_3by2(std::uint64_t d1, std::uint64_t d0) noexcept {
  std::uint64_t v = reciprocal_2by1(d1);
  std::uint64_t p = d1 * v + d0;
  if (p < d0) {
    --v;
    if (p >= d1) {
      --v;
      p -= d1;
    }
    p -= d1;
  }
  const u128 t = static_cast<u128>(v) * d0;
  p += hi64(t);
  if (p < hi64(t)) {
    --v;
    if (make128(p, lo64(t)) >= make128(d1, d0)) --v;
  }
  return v;
}

struct QuotRem64 {
  std::uint64_t quotient;
  std::uint64_t remainder;
};

// (u1, u0) / d for a normalized d and u1 < d, with v = reciprocal_2by1(d).
inline QuotRem64 udivrem_2by1(std::uint64_t u1, std::uint64_t u0, std::uint64_t d,
                              std::uint64_t v) noexcept {
  const u128 q = static_cast<u128>(v) * u1 + make128(u1 + 1, u0);
  std::uint64_t q1 = hi64(q);
  std::uint64_t r = u0 - q1 * d;
  if (r > lo64(q)) {
    --q1;
    r += d;
  }
  if (r >= d) [[unlikely]] {
    ++q1;
    r -= d;
  }
  return {q1, r};
}

struct QuotRem128 {
  std::uint64_t quotient;
  u128 remainder;
};

// (u2, u1, u0) / (d1, d0) for a normalized divisor and (u2, u1) < (d1, d0), v = reciprocal_3by2.
inline QuotRem128 udivrem_3by2(std::uint64_t u2, std::uint64_t u1, std::uint64_t u0, u128 d,
                               std::uint64_t v) noexcept {
  const u128 q = static_cast<u128>(v) * u2 + make128(u2, u1);
  std::uint64_t q1 = hi64(q);
  const std::uint64_t r1 = u1 - q1 * hi64(d);
  u128 r = make128(r1, u0) - static_cast<u128>(lo64(d)) * q1 - d;
  ++q1;
  if (hi64(r) >= lo64(q)) {
    --q1;
    r += d;
  }
  if (r >= d) [[unlikely]] {
    ++q1;
    r -= d;
  }
  return {q1, r};
}

// ---- general division ---------------------------------------------------------------------------

constexpr int kMaxLimbs = 8;  // the widest numerator: a 512-bit mul_div product

// w[0..n) -= q * d[0..n); returns the borrow out of the top limb (a full word). The borrow rides
// in the product's carry: it cannot overflow, because a high word of 2^64-1 comes with a low word 0.
inline std::uint64_t submul(std::uint64_t* w, const std::uint64_t* d, int n, std::uint64_t q) noexcept {
  std::uint64_t carry = 0;
  for (int i = 0; i < n; ++i) {
    const u128 p = static_cast<u128>(q) * d[i] + carry;
    const std::uint64_t low = lo64(p);
    carry = hi64(p) + (w[i] < low ? 1 : 0);
    w[i] -= low;
  }
  return carry;
}

// w[0..n) += d[0..n); returns the carry out.
inline std::uint64_t add_limbs(std::uint64_t* w, const std::uint64_t* d, int n) noexcept {
  std::uint64_t carry = 0;
  for (int i = 0; i < n; ++i) {
    const u128 s = static_cast<u128>(w[i]) + d[i] + carry;
    w[i] = lo64(s);
    carry = hi64(s);
  }
  return carry;
}

// Knuth D for a divisor of DN >= 3 limbs: divides the normalized numerator u[0..un] (un + 1 limbs,
// the top one holding the normalization overflow) by the normalized divisor d, writing un - DN + 1
// quotient limbs; u keeps the normalized remainder in its low DN limbs.
template <int DN>
void knuth_divide(std::uint64_t* u, int un, const std::uint64_t* d, std::uint64_t* q) noexcept {
  const u128 dtop = make128(d[DN - 1], d[DN - 2]);
  const std::uint64_t v = reciprocal_3by2(d[DN - 1], d[DN - 2]);
  for (int j = un - DN; j >= 0; --j) {
    std::uint64_t* w = u + j;  // the window w[0..DN] shrinks to DN limbs each step
    std::uint64_t qhat = ~0ULL;
    if (make128(w[DN], w[DN - 1]) < dtop) {
      // The 3-by-2 step gives the digit (exact or one too large) and the top two limbs of the
      // window's remainder, so only the DN - 2 low divisor limbs remain to be subtracted.
      const QuotRem128 qr = udivrem_3by2(w[DN], w[DN - 1], w[DN - 2], dtop, v);
      qhat = qr.quotient;
      const std::uint64_t borrow = submul(w, d, DN - 2, qhat);
      const bool negative = qr.remainder < borrow;
      const u128 top = qr.remainder - borrow;
      w[DN - 2] = lo64(top);
      w[DN - 1] = hi64(top);
      if (negative) [[unlikely]] {
        --qhat;
        add_limbs(w, d, DN);  // the carry out cancels the borrow
      }
    } else {
      // Top limbs equal to the divisor's: the digit is exactly 2^64 - 1 (Knuth's qhat - 2 <= q
      // bound with the window at least 2^64 * (d - lower divisor limbs) > (2^64 - 1) * d).
      submul(w, d, DN, qhat);
    }
    w[DN] = 0;
    q[j] = qhat;
  }
}

// Divides u[0..un) by d[0..dn) (d[dn-1] != 0, un >= dn, un <= kMaxLimbs): q gets un - dn + 1
// limbs, r gets dn limbs.
void divide_limbs(const std::uint64_t* u, int un, const std::uint64_t* d, int dn, std::uint64_t* q,
                  std::uint64_t* r) noexcept {
#if defined(__x86_64__)
  if (dn == 1 && un <= 4) {
    // A chain of hardware 128-by-64 divisions (each remainder is below d, so each quotient fits):
    // for up to four limbs this beats normalizing and computing a reciprocal on current x86-64
    // cores; longer numerators (mul_div products) amortize the reciprocal below.
    std::uint64_t rem = 0;
    for (int i = un - 1; i >= 0; --i)
      __asm__("divq %4" : "=a"(q[i]), "=d"(rem) : "a"(u[i]), "d"(rem), "r"(d[0]));
    r[0] = rem;
    return;
  }
#endif
  const auto shift = static_cast<unsigned>(__builtin_clzll(d[dn - 1]));
  std::uint64_t un_norm[kMaxLimbs + 1];
  un_norm[un] = shl_pair(0, u[un - 1], shift);
  for (int i = un - 1; i > 0; --i) un_norm[i] = shl_pair(u[i], u[i - 1], shift);
  un_norm[0] = u[0] << shift;

  if (dn == 1) {  // Möller-Granlund 2-by-1 steps with one reciprocal
    const std::uint64_t dnorm = d[0] << shift;
    const std::uint64_t v = reciprocal_2by1(dnorm);
    std::uint64_t rem = un_norm[un];
    for (int i = un - 1; i >= 0; --i) {
      const QuotRem64 qr = udivrem_2by1(rem, un_norm[i], dnorm, v);
      q[i] = qr.quotient;
      rem = qr.remainder;
    }
    r[0] = rem >> shift;
    return;
  }

  std::uint64_t dnorm[4];
  for (int i = dn - 1; i > 0; --i) dnorm[i] = shl_pair(d[i], d[i - 1], shift);
  dnorm[0] = d[0] << shift;

  if (dn == 2) {
    const u128 divisor = make128(dnorm[1], dnorm[0]);
    const std::uint64_t v = reciprocal_3by2(dnorm[1], dnorm[0]);
    u128 rem = make128(un_norm[un], un_norm[un - 1]);
    for (int i = un - 2; i >= 0; --i) {
      const QuotRem128 qr = udivrem_3by2(hi64(rem), lo64(rem), un_norm[i], divisor, v);
      q[i] = qr.quotient;
      rem = qr.remainder;
    }
    r[0] = shr_pair(hi64(rem), lo64(rem), shift);
    r[1] = hi64(rem) >> shift;
    return;
  }

  if (dn == 3)
    knuth_divide<3>(un_norm, un, dnorm, q);
  else
    knuth_divide<4>(un_norm, un, dnorm, q);
  for (int i = 0; i + 1 < dn; ++i) r[i] = shr_pair(un_norm[i + 1], un_norm[i], shift);
  r[dn - 1] = un_norm[dn - 1] >> shift;
}

// Quotient and remainder of a by b for b != 0.
DivMod divmod_nonzero(const u256& a, const u256& b) noexcept {
  DivMod out;
  if (a < b) {
    out.remainder = a;
    return out;
  }
  const int un = significant_limbs(a.limbs, 4);
  if (un == 1) {  // both fit in 64 bits
    out.quotient.limbs[0] = a.limbs[0] / b.limbs[0];
    out.remainder.limbs[0] = a.limbs[0] % b.limbs[0];
    return out;
  }
  const int dn = significant_limbs(b.limbs, 4);
  divide_limbs(a.limbs, un, b.limbs, dn, out.quotient.limbs, out.remainder.limbs);
  return out;
}

// ---- text ---------------------------------------------------------------------------------------

constexpr std::uint64_t kPow10_19 = 10000000000000000000ULL;

int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_hex_prefix(std::string_view text) noexcept {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

// Printable form of a rejected character: 'g', or \xNN for control and non-ASCII bytes.
std::string describe_char(char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  return std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0x0f];
}

Error bad_char(std::string_view kind, char c, std::size_t position) {
  return make_error(Errc::invalid_argument, "u256: invalid " + std::string(kind) + " character " +
                                                describe_char(c) + " at position " +
                                                std::to_string(position));
}

// Position of the first character of text that fails is_digit, or npos.
template <typename IsDigit>
std::size_t find_invalid(std::string_view text, IsDigit is_digit) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!is_digit(text[i])) return i;
  return std::string_view::npos;
}

// x = x * m + add; returns true when the result does not fit in 256 bits.
bool mul_add_small(u256& x, std::uint64_t m, std::uint64_t add) noexcept {
  std::uint64_t carry = add;
  for (std::uint64_t& limb : x.limbs) {
    const u128 p = static_cast<u128>(limb) * m + carry;
    limb = lo64(p);
    carry = hi64(p);
  }
  return carry != 0;
}

// Decimal digits of x, most significant first, without leading zeros ("0" for zero).
std::string decimal_digits(const u256& x) {
  if (x.fits_u64()) return std::to_string(x.limbs[0]);
  // Peel off 19-digit chunks with the single-limb division path.
  std::uint64_t chunks[5];
  int count = 0;
  u256 rest = x;
  while (!rest.fits_u64()) {
    const DivMod qr = divmod_nonzero(rest, u256(kPow10_19));
    chunks[count++] = qr.remainder.limbs[0];
    rest = qr.quotient;
  }
  std::string out = std::to_string(rest.limbs[0]);
  for (int i = count - 1; i >= 0; --i) {
    const std::string part = std::to_string(chunks[i]);
    out.append(19 - part.size(), '0');
    out += part;
  }
  return out;
}

}  // namespace

// ---- wrapping arithmetic ------------------------------------------------------------------------

u256 operator+(const u256& a, const u256& b) noexcept {
  u256 r;
  add_overflow(a, b, r);
  return r;
}

u256 operator-(const u256& a, const u256& b) noexcept {
  u256 r;
  sub_overflow(a, b, r);
  return r;
}

u256 operator*(const u256& a, const u256& b) noexcept {
  // Only the products that land in the low four limbs.
  const std::uint64_t* x = a.limbs;
  const std::uint64_t* y = b.limbs;
  u256 r;
  u128 p = static_cast<u128>(x[0]) * y[0];
  r.limbs[0] = lo64(p);
  // Column 1.
  u128 c1 = static_cast<u128>(x[0]) * y[1];
  u128 t = static_cast<u128>(x[1]) * y[0];
  std::uint64_t carry2 = 0;  // overflow of column 1 into column 2 beyond the 128-bit sums
  c1 += hi64(p);
  c1 += t;
  if (c1 < t) ++carry2;
  r.limbs[1] = lo64(c1);
  // Column 2: x0*y2 + x1*y1 + x2*y0 + carry; what overflows 128 bits lands past bit 256.
  u128 c2 = make128(carry2, hi64(c1));
  c2 += static_cast<u128>(x[0]) * y[2];
  c2 += static_cast<u128>(x[1]) * y[1];
  c2 += static_cast<u128>(x[2]) * y[0];
  r.limbs[2] = lo64(c2);
  // Column 3 only needs the low words.
  r.limbs[3] = hi64(c2) + x[0] * y[3] + x[1] * y[2] + x[2] * y[1] + x[3] * y[0];
  return r;
}

u256 operator/(const u256& a, const u256& b) noexcept {
  if (b.is_zero()) return {};
  return divmod_nonzero(a, b).quotient;
}

u256 operator%(const u256& a, const u256& b) noexcept {
  if (b.is_zero()) return {};
  return divmod_nonzero(a, b).remainder;
}

DivMod divmod(const u256& a, const u256& b) noexcept {
  if (b.is_zero()) return {};
  return divmod_nonzero(a, b);
}

u256 operator&(const u256& a, const u256& b) noexcept {
  return u256::from_limbs(a.limbs[0] & b.limbs[0], a.limbs[1] & b.limbs[1], a.limbs[2] & b.limbs[2],
                          a.limbs[3] & b.limbs[3]);
}

u256 operator|(const u256& a, const u256& b) noexcept {
  return u256::from_limbs(a.limbs[0] | b.limbs[0], a.limbs[1] | b.limbs[1], a.limbs[2] | b.limbs[2],
                          a.limbs[3] | b.limbs[3]);
}

u256 operator^(const u256& a, const u256& b) noexcept {
  return u256::from_limbs(a.limbs[0] ^ b.limbs[0], a.limbs[1] ^ b.limbs[1], a.limbs[2] ^ b.limbs[2],
                          a.limbs[3] ^ b.limbs[3]);
}

u256 operator~(const u256& a) noexcept {
  return u256::from_limbs(~a.limbs[0], ~a.limbs[1], ~a.limbs[2], ~a.limbs[3]);
}

u256 operator<<(const u256& a, unsigned shift) noexcept {
  if (shift >= 256) return {};
  const unsigned limb_shift = shift / 64;
  const unsigned bit_shift = shift % 64;
  u256 r;
  for (int i = 3; i >= static_cast<int>(limb_shift); --i) {
    const int from = i - static_cast<int>(limb_shift);
    std::uint64_t w = a.limbs[from] << bit_shift;
    if (bit_shift != 0 && from > 0) w |= a.limbs[from - 1] >> (64 - bit_shift);
    r.limbs[i] = w;
  }
  return r;
}

u256 operator>>(const u256& a, unsigned shift) noexcept {
  if (shift >= 256) return {};
  const unsigned limb_shift = shift / 64;
  const unsigned bit_shift = shift % 64;
  u256 r;
  for (unsigned i = 0; i + limb_shift < 4; ++i) {
    std::uint64_t w = a.limbs[i + limb_shift] >> bit_shift;
    if (bit_shift != 0 && i + limb_shift + 1 < 4) w |= a.limbs[i + limb_shift + 1] << (64 - bit_shift);
    r.limbs[i] = w;
  }
  return r;
}

// ---- overflow-reporting primitives --------------------------------------------------------------

bool add_overflow(const u256& a, const u256& b, u256& out) noexcept {
  std::uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 s = static_cast<u128>(a.limbs[i]) + b.limbs[i] + carry;
    out.limbs[i] = lo64(s);
    carry = hi64(s);
  }
  return carry != 0;
}

bool sub_overflow(const u256& a, const u256& b, u256& out) noexcept {
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 d = static_cast<u128>(a.limbs[i]) - b.limbs[i] - borrow;
    out.limbs[i] = lo64(d);
    borrow = hi64(d) & 1;
  }
  return borrow != 0;
}

bool mul_overflow(const u256& a, const u256& b, u256& out) noexcept {
  const u512 p = mul_wide(a, b);
  for (int i = 0; i < 4; ++i) out.limbs[i] = p.limbs[i];
  return (p.limbs[4] | p.limbs[5] | p.limbs[6] | p.limbs[7]) != 0;
}

// ---- checked arithmetic -------------------------------------------------------------------------

Result<u256> checked_add(const u256& a, const u256& b) noexcept {
  u256 r;
  if (add_overflow(a, b, r)) return make_error(Errc::overflow, "u256: addition overflows 2^256-1");
  return r;
}

Result<u256> checked_sub(const u256& a, const u256& b) noexcept {
  u256 r;
  if (sub_overflow(a, b, r)) return make_error(Errc::overflow, "u256: subtraction underflows zero");
  return r;
}

Result<u256> checked_mul(const u256& a, const u256& b) noexcept {
  u256 r;
  if (mul_overflow(a, b, r))
    return make_error(Errc::overflow, "u256: multiplication overflows 2^256-1");
  return r;
}

Result<u256> checked_div(const u256& a, const u256& b) noexcept {
  if (b.is_zero()) return make_error(Errc::division_by_zero, "u256: division by zero");
  return divmod_nonzero(a, b).quotient;
}

Result<u256> checked_mod(const u256& a, const u256& b) noexcept {
  if (b.is_zero()) return make_error(Errc::division_by_zero, "u256: modulo by zero");
  return divmod_nonzero(a, b).remainder;
}

Result<u256> checked_shl(const u256& a, unsigned shift) noexcept {
  const unsigned bits = a.bit_length();
  if (bits != 0 && (shift >= 256 || bits + shift > 256))
    return make_error(Errc::overflow, "u256: left shift by " + std::to_string(shift) +
                                          " drops set bits of a " + std::to_string(bits) +
                                          "-bit value");
  return a << shift;
}

// ---- 512-bit intermediates ----------------------------------------------------------------------

u512 mul_wide(const u256& a, const u256& b) noexcept {
  // Rows and columns of zero limbs contribute nothing: Aave operands are mostly 1 to 2 limbs wide.
  const int an = significant_limbs(a.limbs, 4);
  const int bn = significant_limbs(b.limbs, 4);
  u512 r;
  for (int i = 0; i < an; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < bn; ++j) {
      const u128 p = static_cast<u128>(a.limbs[i]) * b.limbs[j] + r.limbs[i + j] + carry;
      r.limbs[i + j] = lo64(p);
      carry = hi64(p);
    }
    r.limbs[i + bn] = carry;
  }
  return r;
}

Result<u256> mul_div(const u256& a, const u256& b, const u256& d, Rounding rounding) noexcept {
  if (d.is_zero()) return make_error(Errc::division_by_zero, "u256: mul_div by zero");
  const u512 p = mul_wide(a, b);
  // The quotient fits in 256 bits exactly when the high half of the product is below d.
  const u256 high = u256::from_limbs(p.limbs[4], p.limbs[5], p.limbs[6], p.limbs[7]);
  if (high >= d) return make_error(Errc::overflow, "u256: mul_div quotient exceeds 2^256-1");

  u256 quotient;
  bool inexact = false;
  const int un = significant_limbs(p.limbs, 8);
  const int dn = significant_limbs(d.limbs, 4);
  if (un < dn) {
    inexact = un != 0;
  } else {
    std::uint64_t q[kMaxLimbs] = {};
    u256 remainder;
    divide_limbs(p.limbs, un, d.limbs, dn, q, remainder.limbs);
    quotient = u256::from_limbs(q[0], q[1], q[2], q[3]);
    inexact = !remainder.is_zero();
  }
  if (rounding == Rounding::ceil && inexact) {
    if (quotient == u256::max())
      return make_error(Errc::overflow, "u256: mul_div rounded-up quotient exceeds 2^256-1");
    quotient = quotient + u256(1);
  }
  return quotient;
}

// ---- parsing ------------------------------------------------------------------------------------

// Both parsers reject any invalid character before looking at the magnitude, so junk is reported as
// junk even when its digits would also overflow.
Result<u256> u256::from_dec(std::string_view text) noexcept {
  if (text.empty()) return make_error(Errc::invalid_argument, "u256: empty decimal string");
  const std::size_t bad = find_invalid(text, [](char c) { return c >= '0' && c <= '9'; });
  if (bad != std::string_view::npos) return bad_char("decimal", text[bad], bad);
  u256 value;
  for (std::size_t pos = 0; pos < text.size();) {
    // Up to 19 digits at a time fit a uint64_t.
    const std::size_t end = pos + 19 < text.size() ? pos + 19 : text.size();
    std::uint64_t chunk = 0;
    std::uint64_t scale = 1;
    for (; pos < end; ++pos) {
      chunk = chunk * 10 + static_cast<std::uint64_t>(text[pos] - '0');
      scale *= 10;
    }
    if (mul_add_small(value, scale, chunk))
      return make_error(Errc::overflow, "u256: decimal value exceeds 2^256-1");
  }
  return value;
}

Result<u256> u256::from_hex(std::string_view text) noexcept {
  const std::size_t prefix = has_hex_prefix(text) ? 2 : 0;
  std::string_view digits = text.substr(prefix);
  if (digits.empty()) return make_error(Errc::invalid_argument, "u256: empty hex string");
  const std::size_t bad = find_invalid(digits, [](char c) { return hex_digit_value(c) >= 0; });
  if (bad != std::string_view::npos) return bad_char("hex", digits[bad], prefix + bad);
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return u256{};
  digits.remove_prefix(first);
  if (digits.size() > 64) return make_error(Errc::overflow, "u256: hex value exceeds 2^256-1");
  u256 value;
  // Digit i from the right is nibble i.
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const auto nibble = static_cast<std::uint64_t>(hex_digit_value(digits[digits.size() - 1 - i]));
    value.limbs[i / 16] |= nibble << (4 * (i % 16));
  }
  return value;
}

Result<u256> u256::from_string(std::string_view text) noexcept {
  return has_hex_prefix(text) ? from_hex(text) : from_dec(text);
}

Result<u256> u256::from_be_bytes(std::span<const std::uint8_t> bytes) noexcept {
  if (bytes.size() > 32)
    return make_error(Errc::invalid_argument,
                      "u256: " + std::to_string(bytes.size()) + " bytes exceed the 32-byte maximum");
  // Whole 8-byte words from the end, then the short leading word (RLP integers are decoded here).
  u256 r;
  std::size_t n = bytes.size();
  const std::uint8_t* p = bytes.data();
  int limb = 0;
  for (; n >= 8; n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p + n - 8, 8);
    if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
    r.limbs[limb++] = word;
  }
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < n; ++i) word = (word << 8) | p[i];
  if (n != 0) r.limbs[limb] = word;
  return r;
}

// ---- formatting ---------------------------------------------------------------------------------

std::string u256::to_dec() const { return decimal_digits(*this); }

std::string u256::to_hex() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "0x";
  const unsigned bits = bit_length();
  if (bits == 0) return "0x0";
  for (int nibble = static_cast<int>((bits + 3) / 4) - 1; nibble >= 0; --nibble) {
    const auto shift = static_cast<unsigned>(nibble) * 4;
    out += kHex[(limbs[shift / 64] >> (shift % 64)) & 0xf];
  }
  return out;
}

std::string u256::to_fixed(unsigned decimals) const {
  std::string digits = decimal_digits(*this);
  if (decimals == 0) return digits;
  // At least one whole digit, then the point, then trailing zeros trimmed to one fraction digit.
  if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  const std::size_t point = digits.size() - decimals;
  std::size_t end = digits.size();
  while (end > point + 1 && digits[end - 1] == '0') --end;
  std::string out;
  out.reserve(end + 1);
  out.append(digits, 0, point);
  out += '.';
  out.append(digits, point, end - point);
  return out;
}

double u256::to_double() const noexcept {
  const unsigned bits = bit_length();
  if (bits <= 64) return static_cast<double>(limbs[0]);
  // Top 64 bits with a sticky bit for everything below: correct round-to-nearest-even in one step.
  const unsigned drop = bits - 64;
  const u256 top = *this >> drop;
  std::uint64_t mantissa = top.limbs[0];
  if (!((top << drop) == *this)) mantissa |= 1;
  return std::ldexp(static_cast<double>(mantissa), static_cast<int>(drop));
}

}  // namespace liquidbot
