// Aave V3 configuration bitmaps: ReserveConfigurationMap (every field) and UserConfigurationMap.
// Decoding cannot fail (every bit pattern is a valid map); encoding reports fields that do not fit.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>

namespace liquidbot::aave {

/// Maximum number of reserves a pool can list (ReserveConfiguration.MAX_RESERVES_COUNT).
inline constexpr unsigned kMaxReserves = 128;

/// DataTypes.ReserveConfigurationMap decoded; bit positions are the same in 3.0 ... 3.6.
struct ReserveConfig {
  std::uint16_t ltv = 0;                       ///< bits 0-15, bps
  std::uint16_t liquidation_threshold = 0;     ///< bits 16-31, bps
  std::uint16_t liquidation_bonus = 0;         ///< bits 32-47, bps including 100%
  std::uint8_t decimals = 0;                   ///< bits 48-55
  bool active = false;                         ///< bit 56
  bool frozen = false;                         ///< bit 57
  bool borrowing_enabled = false;              ///< bit 58
  bool stable_rate_borrowing_enabled = false;  ///< bit 59 (deprecated 3.2)
  bool paused = false;                         ///< bit 60
  bool borrowable_in_isolation = false;        ///< bit 61
  bool siloed_borrowing = false;               ///< bit 62
  bool flashloan_enabled = false;              ///< bit 63
  std::uint16_t reserve_factor = 0;            ///< bits 64-79, bps
  std::uint64_t borrow_cap = 0;                ///< bits 80-115, whole tokens, 0 = none
  std::uint64_t supply_cap = 0;                ///< bits 116-151, whole tokens, 0 = none
  std::uint16_t liquidation_protocol_fee = 0;  ///< bits 152-167, bps of the bonus
  std::uint8_t emode_category = 0;             ///< bits 168-175 (3.0-3.1; deprecated 3.2)
  std::uint64_t unbacked_mint_cap = 0;         ///< bits 176-211 (deprecated 3.4)
  std::uint64_t debt_ceiling = 0;              ///< bits 212-251, 2 decimals
  bool virtual_acc_active = false;             ///< bit 252 (3.1+; deprecated 3.4)
  std::uint8_t unused_bits = 0;                ///< bits 253-255, kept so decode/encode round-trips

  static LIQUIDBOT_API ReserveConfig decode(const u256& data) noexcept;
  /// Back to the bitmap; Errc::overflow naming the field when a value exceeds its bit width.
  [[nodiscard]] LIQUIDBOT_API Result<u256> encode() const;

  friend bool operator==(const ReserveConfig&, const ReserveConfig&) = default;
};

inline constexpr std::uint64_t kMaxBorrowCap = (1ULL << 36) - 1;
inline constexpr std::uint64_t kMaxSupplyCap = (1ULL << 36) - 1;
inline constexpr std::uint64_t kMaxUnbackedMintCap = (1ULL << 36) - 1;
inline constexpr std::uint64_t kMaxDebtCeiling = (1ULL << 40) - 1;

/// DataTypes.UserConfigurationMap: bit 2i = borrowing reserve i, bit 2i+1 = using it as collateral.
constexpr bool is_borrowing(const u256& user_config, unsigned reserve_id) noexcept {
  const unsigned bit = 2 * reserve_id;
  return bit < 256 && ((user_config.limbs[bit / 64] >> (bit % 64)) & 1) != 0;
}
constexpr bool is_using_as_collateral(const u256& user_config, unsigned reserve_id) noexcept {
  const unsigned bit = 2 * reserve_id + 1;
  return bit < 256 && ((user_config.limbs[bit / 64] >> (bit % 64)) & 1) != 0;
}
/// EModeConfiguration.isReserveEnabledOnBitmap: bit `reserve_id` of an eMode bitmap.
constexpr bool is_reserve_enabled_on_bitmap(const u256& bitmap, unsigned reserve_id) noexcept {
  return reserve_id < 256 && ((bitmap.limbs[reserve_id / 64] >> (reserve_id % 64)) & 1) != 0;
}

}  // namespace liquidbot::aave
