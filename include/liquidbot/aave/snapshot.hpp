// The market + user snapshot the engine evaluates ("liquidbot.snapshot/1", docs/snapshot-format.md):
// reserves (configuration, indexes, rates, prices), eMode categories and one user's positions.
#pragma once

#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::aave {

inline constexpr std::string_view kSnapshotFormat = "liquidbot.snapshot/1";

/// Reserve-wide totals that ValidationLogic.validateSupply reads for the supply cap (after
/// ReserveLogic.updateState accrued the treasury's share of the interest). Optional in a snapshot;
/// the reader fills them for reserves with a supply cap.
struct ReserveTotals {
  u256 scaled_atoken_supply;    ///< AToken.scaledTotalSupply()
  u256 accrued_to_treasury;     ///< ReserveData.accruedToTreasury (scaled)
  u256 scaled_variable_debt;    ///< VariableDebtToken.scaledTotalSupply()
  u256 principal_stable_debt;   ///< 3.0-3.1: StableDebtToken.getSupplyData() principal supply
  u256 average_stable_rate;     ///< 3.0-3.1: its average stable rate, ray
  std::uint64_t stable_debt_last_updated = 0;  ///< 3.0-3.1: its total-supply timestamp

  friend bool operator==(const ReserveTotals&, const ReserveTotals&) = default;
};

/// One reserve as Pool.getReserveData + AaveOracle.getAssetPrice report it.
struct Reserve {
  Address asset;
  std::uint16_t id = 0;       ///< reserve id: bit position in user configuration and eMode bitmaps
  u256 configuration;         ///< ReserveConfigurationMap.data
  ReserveConfig config;       ///< configuration decoded
  u256 liquidity_index;       ///< ray
  u256 current_liquidity_rate;       ///< ray
  u256 variable_borrow_index;        ///< ray
  u256 current_variable_borrow_rate; ///< ray
  std::uint64_t last_update_timestamp = 0;  ///< uint40 on chain
  u256 price;                 ///< base-currency units (AaveOracle)
  std::optional<ReserveTotals> totals;  ///< needed to size a supply against a supply cap
  /// 3.1+ Pool.getLiquidationGracePeriod: no liquidation involving this reserve while the block
  /// timestamp is <= this (uint40; 0 = none).
  std::uint64_t liquidation_grace_period_until = 0;
};

/// The pool's PriceOracleSentinel (PoolAddressesProvider.getPriceOracleSentinel) and its
/// isLiquidationAllowed() at the snapshot's block: on an L2 with the sequencer down or in its grace
/// period, only positions with HF < 0.95 can be liquidated.
struct PriceOracleSentinel {
  Address address;
  bool liquidation_allowed = true;

  friend bool operator==(const PriceOracleSentinel&, const PriceOracleSentinel&) = default;
};

/// One eMode category. Bitmaps are 3.2+ (ltvzero 3.6); price_source/price are 3.0-3.1.
struct EModeCategory {
  std::uint8_t id = 0;
  std::uint16_t ltv = 0;
  std::uint16_t liquidation_threshold = 0;
  std::uint16_t liquidation_bonus = 0;
  u256 collateral_bitmap;
  u256 borrowable_bitmap;
  u256 ltvzero_bitmap;
  std::optional<Address> price_source;
  u256 price;  ///< oracle price of price_source (0 = none)
};

/// One user's balances in one reserve (scaled, as the tokens store them).
struct Position {
  Address asset;
  u256 scaled_atoken_balance;
  u256 scaled_variable_debt;
  u256 principal_stable_debt;   ///< 3.0-3.1
  u256 stable_rate;             ///< 3.0-3.1, ray
  std::uint64_t stable_last_updated = 0;  ///< 3.0-3.1
};

struct UserState {
  Address address;
  u256 configuration;  ///< UserConfigurationMap.data
  std::uint8_t emode_category = 0;
  std::vector<Position> positions;
};

struct Snapshot {
  Revision revision = kDefaultRevision;
  std::uint64_t timestamp = 0;  ///< evaluate at this block timestamp
  u256 base_currency_unit;
  std::vector<Reserve> reserves;
  std::vector<EModeCategory> emodes;
  UserState user;
  std::optional<PriceOracleSentinel> sentinel;  ///< nullopt: no sentinel (liquidations allowed)

  /// Reserve with this id / asset, or nullptr.
  [[nodiscard]] LIQUIDBOT_API const Reserve* find_reserve(std::uint16_t id) const noexcept;
  [[nodiscard]] LIQUIDBOT_API const Reserve* find_reserve(const Address& asset) const noexcept;
  /// eMode category with this id, or nullptr.
  [[nodiscard]] LIQUIDBOT_API const EModeCategory* find_emode(std::uint8_t id) const noexcept;
};

/// Parses and validates a snapshot. Errors name the field: "reserves[2].price: not a decimal
/// uint256". Checks: format tag, revision, every required field present with the right type,
/// uint256 values as decimal strings in range, ids < 128, no duplicate reserve id/asset or eMode id,
/// positions only on listed reserves and at most one per reserve, the user's eMode listed (when not
/// 0), every reserve flagged in user.configuration listed. Unknown fields are ignored.
LIQUIDBOT_API Result<Snapshot> parse_snapshot(std::string_view json);
/// Validates a snapshot built in code (the same checks as parse_snapshot, minus JSON syntax).
LIQUIDBOT_API Status validate(const Snapshot& snapshot);
/// Serializes to the documented JSON (parse_snapshot(to_json(s)) reproduces s).
[[nodiscard]] LIQUIDBOT_API std::string to_json(const Snapshot& snapshot);

}  // namespace liquidbot::aave
