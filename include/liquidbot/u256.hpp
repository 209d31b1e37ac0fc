// u256: unsigned 256-bit integer with EVM semantics, plus checked and 512-bit helpers.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace liquidbot {

/// Rounding direction for mul_div and friends.
enum class Rounding : std::uint8_t { floor, ceil };

/// Unsigned 256-bit integer. Limbs are native little-endian words (limbs[0] is least significant);
/// big-endian appears only at encoding boundaries (to_be_bytes / from_be_bytes).
/// Plain operators wrap modulo 2^256 like Solidity `unchecked`; x / 0 and x % 0 yield 0 as in the EVM.
/// Use the checked_* functions where wrapping would be a wrong number.
struct u256 {
  std::uint64_t limbs[4] = {0, 0, 0, 0};

  constexpr u256() noexcept = default;
  constexpr u256(std::uint64_t value) noexcept : limbs{value, 0, 0, 0} {}  // NOLINT: implicit on purpose
  /// From limbs, least significant first.
  static constexpr u256 from_limbs(std::uint64_t w0, std::uint64_t w1, std::uint64_t w2,
                                   std::uint64_t w3) noexcept {
    u256 r;
    r.limbs[0] = w0;
    r.limbs[1] = w1;
    r.limbs[2] = w2;
    r.limbs[3] = w3;
    return r;
  }
  static constexpr u256 max() noexcept { return from_limbs(~0ULL, ~0ULL, ~0ULL, ~0ULL); }

  /// Parses a decimal string ("0", "123"); rejects empty input, signs, spaces, junk and overflow.
  static LIQUIDBOT_API Result<u256> from_dec(std::string_view text) noexcept;
  /// Parses hex with an optional 0x/0X prefix ("0x1f", "1F"); at most 64 digits after leading zeros;
  /// rejects empty input (also a bare "0x"), signs, spaces, junk and overflow.
  static LIQUIDBOT_API Result<u256> from_hex(std::string_view text) noexcept;
  /// Hex when the text starts with 0x/0X, decimal otherwise.
  static LIQUIDBOT_API Result<u256> from_string(std::string_view text) noexcept;
  /// Big-endian bytes, at most 32 (shorter input is zero-extended on the left).
  static LIQUIDBOT_API Result<u256> from_be_bytes(std::span<const std::uint8_t> bytes) noexcept;
  /// Exactly 32 big-endian bytes; cannot fail.
  static constexpr u256 from_be32(const std::uint8_t* bytes) noexcept {
    u256 r;
    for (int limb = 0; limb < 4; ++limb) {
      std::uint64_t w = 0;
      for (int i = 0; i < 8; ++i) w = (w << 8) | bytes[(3 - limb) * 8 + i];
      r.limbs[limb] = w;
    }
    return r;
  }
  /// Writes exactly 32 big-endian bytes.
  constexpr void to_be32(std::uint8_t* out) const noexcept {
    for (int limb = 0; limb < 4; ++limb)
      for (int i = 0; i < 8; ++i)
        out[(3 - limb) * 8 + i] = static_cast<std::uint8_t>(limbs[limb] >> (56 - 8 * i));
  }
  [[nodiscard]] constexpr std::array<std::uint8_t, 32> to_be_bytes() const noexcept {
    std::array<std::uint8_t, 32> out{};
    to_be32(out.data());
    return out;
  }

  /// Decimal digits, no sign, no leading zeros ("0" for zero).
  [[nodiscard]] LIQUIDBOT_API std::string to_dec() const;
  /// "0x" + lowercase hex without leading zeros ("0x0" for zero), the JSON-RPC quantity form.
  [[nodiscard]] LIQUIDBOT_API std::string to_hex() const;
  /// Fixed-point text with `decimals` fraction digits, formatted like ethers v6 formatUnits:
  /// 1230000000000000000 with 18 -> "1.23", 10^18 -> "1.0", 0 -> "0.0"; decimals 0 -> "5".
  [[nodiscard]] LIQUIDBOT_API std::string to_fixed(unsigned decimals) const;

  [[nodiscard]] constexpr bool is_zero() const noexcept {
    return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0;
  }
  /// Number of significant bits (0 for zero).
  [[nodiscard]] constexpr unsigned bit_length() const noexcept {
    for (int i = 3; i >= 0; --i)
      if (limbs[i] != 0) return static_cast<unsigned>(64 * i + 64 - __builtin_clzll(limbs[i]));
    return 0;
  }
  [[nodiscard]] constexpr bool fits_u64() const noexcept { return (limbs[1] | limbs[2] | limbs[3]) == 0; }
  /// Nearest double (for scoring and display only, never for money).
  [[nodiscard]] LIQUIDBOT_API double to_double() const noexcept;

  explicit constexpr operator bool() const noexcept { return !is_zero(); }

  friend constexpr bool operator==(const u256& a, const u256& b) noexcept {
    return a.limbs[0] == b.limbs[0] && a.limbs[1] == b.limbs[1] && a.limbs[2] == b.limbs[2] &&
           a.limbs[3] == b.limbs[3];
  }
  friend constexpr std::strong_ordering operator<=>(const u256& a, const u256& b) noexcept {
    for (int i = 3; i >= 0; --i)
      if (a.limbs[i] != b.limbs[i]) return a.limbs[i] <=> b.limbs[i];
    return std::strong_ordering::equal;
  }
};

static_assert(sizeof(u256) == 32);

/// 512-bit product of two u256, limbs little-endian; the intermediate of mul_div.
struct u512 {
  std::uint64_t limbs[8] = {0, 0, 0, 0, 0, 0, 0, 0};
};

// ---- wrapping arithmetic (Solidity `unchecked`) -------------------------------------------------
LIQUIDBOT_API u256 operator+(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator-(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator*(const u256& a, const u256& b) noexcept;
/// Quotient; 0 when b is 0 (EVM DIV).
LIQUIDBOT_API u256 operator/(const u256& a, const u256& b) noexcept;
/// Remainder; 0 when b is 0 (EVM MOD).
LIQUIDBOT_API u256 operator%(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator&(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator|(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator^(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API u256 operator~(const u256& a) noexcept;
/// Shifts by 256 or more give 0.
LIQUIDBOT_API u256 operator<<(const u256& a, unsigned shift) noexcept;
LIQUIDBOT_API u256 operator>>(const u256& a, unsigned shift) noexcept;

inline u256& operator+=(u256& a, const u256& b) noexcept { return a = a + b; }
inline u256& operator-=(u256& a, const u256& b) noexcept { return a = a - b; }
inline u256& operator*=(u256& a, const u256& b) noexcept { return a = a * b; }
inline u256& operator/=(u256& a, const u256& b) noexcept { return a = a / b; }
inline u256& operator%=(u256& a, const u256& b) noexcept { return a = a % b; }
inline u256& operator&=(u256& a, const u256& b) noexcept { return a = a & b; }
inline u256& operator|=(u256& a, const u256& b) noexcept { return a = a | b; }
inline u256& operator^=(u256& a, const u256& b) noexcept { return a = a ^ b; }
inline u256& operator<<=(u256& a, unsigned s) noexcept { return a = a << s; }
inline u256& operator>>=(u256& a, unsigned s) noexcept { return a = a >> s; }

struct DivMod {
  u256 quotient;
  u256 remainder;
};
/// Quotient and remainder in one pass; b must not be 0 (both are 0 if it is).
LIQUIDBOT_API DivMod divmod(const u256& a, const u256& b) noexcept;

// ---- overflow-reporting primitives (no allocation; return true on overflow) ---------------------
LIQUIDBOT_API bool add_overflow(const u256& a, const u256& b, u256& out) noexcept;
LIQUIDBOT_API bool sub_overflow(const u256& a, const u256& b, u256& out) noexcept;
LIQUIDBOT_API bool mul_overflow(const u256& a, const u256& b, u256& out) noexcept;

// ---- checked arithmetic (Solidity 0.8 semantics: overflow and division by zero are errors) -------
LIQUIDBOT_API Result<u256> checked_add(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> checked_sub(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> checked_mul(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> checked_div(const u256& a, const u256& b) noexcept;
LIQUIDBOT_API Result<u256> checked_mod(const u256& a, const u256& b) noexcept;
/// a << shift, an error if any set bit is shifted out.
LIQUIDBOT_API Result<u256> checked_shl(const u256& a, unsigned shift) noexcept;

// ---- 512-bit intermediates ----------------------------------------------------------------------
/// Full 512-bit product.
LIQUIDBOT_API u512 mul_wide(const u256& a, const u256& b) noexcept;
/// a * b / d rounded as asked, with a 512-bit intermediate: never overflows in the product;
/// errors: division_by_zero when d is 0, overflow when the quotient needs more than 256 bits.
LIQUIDBOT_API Result<u256> mul_div(const u256& a, const u256& b, const u256& d,
                                   Rounding rounding = Rounding::floor) noexcept;

}  // namespace liquidbot
