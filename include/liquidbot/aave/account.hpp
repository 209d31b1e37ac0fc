// Account data exactly as Pool.getUserAccountData computes it (GenericLogic.calculateUserAccountData
// + calculateAvailableBorrows), per revision, plus the intermediates protection math needs.
// Any step where the chain would revert (overflow, division by zero) is an error, never a wrapped
// value.
#pragma once

#include <liquidbot/aave/math.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <vector>

namespace liquidbot::aave {

/// The six outputs of getUserAccountData.
struct AccountData {
  u256 total_collateral_base;
  u256 total_debt_base;
  u256 available_borrows_base;
  u256 current_liquidation_threshold;  ///< bps, floor(S / C)
  u256 ltv;                            ///< bps, floor(L / C)
  u256 health_factor;                  ///< wad; u256::max() with no debt

  friend bool operator==(const AccountData&, const AccountData&) = default;
};

// ---- reserve-level view-time state --------------------------------------------------------------
/// ReserveLogic.getNormalizedIncome at `timestamp` (linear interest on the liquidity index).
LIQUIDBOT_API Result<u256> normalized_income(const Reserve& reserve, std::uint64_t timestamp) noexcept;
/// ReserveLogic.getNormalizedDebt at `timestamp` (compounded per revision).
LIQUIDBOT_API Result<u256> normalized_debt(const Reserve& reserve, std::uint64_t timestamp,
                                           Revision revision) noexcept;
/// aToken balance from its scaled balance: rayMul (<= 3.4) or rayMulFloor (3.5+).
LIQUIDBOT_API Result<u256> atoken_balance(const u256& scaled, const u256& normalized_income,
                                          Revision revision) noexcept;
/// Variable debt from its scaled balance: rayMul (<= 3.4) or rayMulCeil (3.5+).
LIQUIDBOT_API Result<u256> variable_debt_balance(const u256& scaled, const u256& normalized_debt,
                                                 Revision revision) noexcept;
/// StableDebtToken.balanceOf (3.0-3.1): principal rayMul compounded(stableRate, lastUpdated, t).
LIQUIDBOT_API Result<u256> stable_debt_balance(const Position& position, std::uint64_t timestamp,
                                               Revision revision) noexcept;
/// 10^decimals as the chain computes it (`unchecked { 10 ** decimals }`: wraps above 77).
LIQUIDBOT_API u256 asset_unit(std::uint8_t decimals) noexcept;

// ---- account data -------------------------------------------------------------------------------
/// One reserve's contribution to the account, as GenericLogic sees it.
struct ReserveLine {
  std::uint16_t reserve_id = 0;
  std::size_t reserve_index = 0;  ///< index into Snapshot::reserves
  u256 price;                     ///< price used (3.0-3.1: the eMode price when it applies)
  u256 unit;                      ///< 10^decimals
  bool collateral = false;        ///< counted as collateral (flag set and, before 3.6, LT != 0)
  bool borrowed = false;          ///< borrowing flag set
  bool in_emode = false;          ///< the user's eMode applies to this collateral
  u256 collateral_balance;        ///< underlying units (aToken balance), 0 when not collateral
  u256 collateral_base;           ///< base currency
  std::uint16_t ltv = 0;          ///< effective LTV, bps (0 = zero-LTV collateral)
  std::uint16_t liquidation_threshold = 0;  ///< effective LT, bps
  std::uint16_t liquidation_bonus = 0;      ///< effective LB (eMode LB when in_emode), bps
  u256 variable_debt;             ///< underlying units
  u256 stable_debt;               ///< underlying units (3.0-3.1)
  u256 debt_base;                 ///< base currency
};

/// getUserAccountData plus the raw sums: S = sum(collateral_base * lt), L = sum(collateral_base * ltv).
struct AccountDetail {
  AccountData data;
  u256 weighted_lt_sum;   ///< S, base * bps
  u256 weighted_ltv_sum;  ///< L, base * bps
  bool has_zero_ltv_collateral = false;
  std::vector<ReserveLine> lines;  ///< flagged reserves in id order
};

/// getUserAccountData at snapshot.timestamp under snapshot.revision. The snapshot must be valid
/// (parse_snapshot / validate); an invalid one gives Errc::invalid_argument naming the field.
LIQUIDBOT_API Result<AccountData> account_data(const Snapshot& snapshot);
/// The same, with per-reserve lines and the raw sums.
LIQUIDBOT_API Result<AccountDetail> account_detail(const Snapshot& snapshot);

}  // namespace liquidbot::aave
