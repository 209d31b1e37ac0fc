// ReserveConfigurationMap decoding and encoding (bit layout of DataTypes.sol / ReserveConfiguration.sol).
#include <liquidbot/aave/config.hpp>

#include <string>

namespace liquidbot::aave {
namespace {

// Bits [start, start + width) of the map, width <= 64.
constexpr std::uint64_t field(const u256& data, unsigned start, unsigned width) noexcept {
  const unsigned limb = start / 64;
  const unsigned shift = start % 64;
  std::uint64_t value = data.limbs[limb] >> shift;
  if (shift != 0 && shift + width > 64 && limb + 1 < 4) value |= data.limbs[limb + 1] << (64 - shift);
  return width == 64 ? value : value & ((1ULL << width) - 1);
}

constexpr bool flag(const u256& data, unsigned bit) noexcept { return field(data, bit, 1) != 0; }

// ORs `value` into bits [start, start + width); errors when it does not fit.
Status put(u256& data, unsigned start, unsigned width, std::uint64_t value, const char* name) {
  if (width < 64 && (value >> width) != 0)
    return make_error(Errc::overflow, std::string("reserve configuration ") + name + ": " +
                                          std::to_string(value) + " exceeds " +
                                          std::to_string(width) + " bits");
  data |= u256{value} << start;
  return {};
}

}  // namespace

ReserveConfig ReserveConfig::decode(const u256& data) noexcept {
  ReserveConfig c;
  c.ltv = static_cast<std::uint16_t>(field(data, 0, 16));
  c.liquidation_threshold = static_cast<std::uint16_t>(field(data, 16, 16));
  c.liquidation_bonus = static_cast<std::uint16_t>(field(data, 32, 16));
  c.decimals = static_cast<std::uint8_t>(field(data, 48, 8));
  c.active = flag(data, 56);
  c.frozen = flag(data, 57);
  c.borrowing_enabled = flag(data, 58);
  c.stable_rate_borrowing_enabled = flag(data, 59);
  c.paused = flag(data, 60);
  c.borrowable_in_isolation = flag(data, 61);
  c.siloed_borrowing = flag(data, 62);
  c.flashloan_enabled = flag(data, 63);
  c.reserve_factor = static_cast<std::uint16_t>(field(data, 64, 16));
  c.borrow_cap = field(data, 80, 36);
  c.supply_cap = field(data, 116, 36);
  c.liquidation_protocol_fee = static_cast<std::uint16_t>(field(data, 152, 16));
  c.emode_category = static_cast<std::uint8_t>(field(data, 168, 8));
  c.unbacked_mint_cap = field(data, 176, 36);
  c.debt_ceiling = field(data, 212, 40);
  c.virtual_acc_active = flag(data, 252);
  c.unused_bits = static_cast<std::uint8_t>(field(data, 253, 3));
  return c;
}

Result<u256> ReserveConfig::encode() const {
  u256 data;
  LB_TRY_STATUS(put(data, 0, 16, ltv, "ltv"));
  LB_TRY_STATUS(put(data, 16, 16, liquidation_threshold, "liquidationThreshold"));
  LB_TRY_STATUS(put(data, 32, 16, liquidation_bonus, "liquidationBonus"));
  LB_TRY_STATUS(put(data, 48, 8, decimals, "decimals"));
  LB_TRY_STATUS(put(data, 56, 1, active, "active"));
  LB_TRY_STATUS(put(data, 57, 1, frozen, "frozen"));
  LB_TRY_STATUS(put(data, 58, 1, borrowing_enabled, "borrowingEnabled"));
  LB_TRY_STATUS(put(data, 59, 1, stable_rate_borrowing_enabled, "stableRateBorrowingEnabled"));
  LB_TRY_STATUS(put(data, 60, 1, paused, "paused"));
  LB_TRY_STATUS(put(data, 61, 1, borrowable_in_isolation, "borrowableInIsolation"));
  LB_TRY_STATUS(put(data, 62, 1, siloed_borrowing, "siloedBorrowing"));
  LB_TRY_STATUS(put(data, 63, 1, flashloan_enabled, "flashloanEnabled"));
  LB_TRY_STATUS(put(data, 64, 16, reserve_factor, "reserveFactor"));
  LB_TRY_STATUS(put(data, 80, 36, borrow_cap, "borrowCap"));
  LB_TRY_STATUS(put(data, 116, 36, supply_cap, "supplyCap"));
  LB_TRY_STATUS(put(data, 152, 16, liquidation_protocol_fee, "liquidationProtocolFee"));
  LB_TRY_STATUS(put(data, 168, 8, emode_category, "eModeCategory"));
  LB_TRY_STATUS(put(data, 176, 36, unbacked_mint_cap, "unbackedMintCap"));
  LB_TRY_STATUS(put(data, 212, 40, debt_ceiling, "debtCeiling"));
  LB_TRY_STATUS(put(data, 252, 1, virtual_acc_active, "virtualAccActive"));
  LB_TRY_STATUS(put(data, 253, 3, unused_bits, "unusedBits"));
  return data;
}

}  // namespace liquidbot::aave
