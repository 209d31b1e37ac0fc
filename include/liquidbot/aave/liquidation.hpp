// SPDX-License-Identifier: MIT
// Aave V3 liquidation rules per math revision: who is liquidatable, the close factor, the debt a
// liquidator may cover and the collateral it seizes (bonus and protocol fee), the 3.3+ dust and
// bad-debt rules. Sources: LiquidationLogic.sol in aave-v3-core 1.19 (3.0) and aave-v3-origin tags
// v3.2.0 .. v3.6.0; see docs/risk-scoring.md for how the engine uses these numbers.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <string>

namespace liquidbot::aave {

/// LiquidationLogic constants (base currency with 8 decimals, as the contracts assume).
inline constexpr std::uint64_t kCloseFactorHfThreshold = 950'000'000'000'000'000ULL;  ///< 0.95 WAD
/// ValidationLogic.MINIMUM_HEALTH_FACTOR_LIQUIDATION_THRESHOLD: below it the sentinel is bypassed.
inline constexpr std::uint64_t kMinimumHfLiquidationThreshold = 950'000'000'000'000'000ULL;
inline constexpr std::uint64_t kMinBaseMaxCloseFactorThreshold = 2000'00000000ULL;      ///< $2000
inline constexpr std::uint64_t kMinLeftoverBase = 1000'00000000ULL;                     ///< $1000

/// The numbers one liquidationCall reads, already evaluated at the execution timestamp.
/// Balances are token units (collateral = aToken balance, debt = variable (+ stable for 3.0-3.1)
/// debt balance); prices are oracle base-currency units; units are 10^decimals.
struct LiquidationInputs {
  Revision revision = Revision::v3_6;
  u256 health_factor;           ///< WAD, from getUserAccountData
  u256 total_debt_base;         ///< all of the borrower's debt, base currency
  u256 total_collateral_base;   ///< all of the borrower's collateral, base currency
  u256 collateral_balance;
  u256 collateral_price;
  u256 collateral_unit;
  u256 debt_balance;
  u256 debt_price;
  u256 debt_unit;
  std::uint16_t liquidation_bonus = 0;  ///< bps incl. 100% (10500 = 5% bonus), eMode-aware
  std::uint16_t protocol_fee = 0;       ///< bps of the bonus part, goes to the treasury
  u256 debt_to_cover;                   ///< what the liquidator asks for; u256::max() = "all"
};

/// What a liquidationCall with those inputs does.
struct LiquidationAmounts {
  bool liquidatable = false;     ///< HF < 1 and the borrower owes the debt asset
  std::uint16_t close_factor_bps = 0;  ///< share of the reserve debt coverable in one call
  u256 max_liquidatable_debt;    ///< debt-asset units, before the collateral cap
  u256 debt_repaid;              ///< debt-asset units the liquidator pays
  u256 collateral_seized;        ///< collateral units leaving the borrower (liquidator + fee)
  u256 liquidator_collateral;    ///< collateral units the liquidator receives
  u256 protocol_fee;             ///< collateral units to the treasury
  u256 collateral_seized_base;   ///< collateral_seized in base currency (floor)
  bool must_not_leave_dust = false;  ///< 3.3+: the call reverts MustNotLeaveDust
  bool bad_debt = false;         ///< 3.3+: no collateral left, the remaining debt is burned as deficit
};

/// Applies LiquidationLogic's amount rules to already-evaluated inputs. Pure integer math.
/// Errors: overflow where the contract would revert on an arithmetic overflow,
/// invalid_argument for a zero price, unit or bonus.
[[nodiscard]] LIQUIDBOT_API Result<LiquidationAmounts> liquidation_amounts(
    const LiquidationInputs& in) noexcept;

/// A liquidation of `collateral` against `debt` for the snapshot's user, at the snapshot time.
struct LiquidationQuote {
  AccountData account;      ///< the borrower before the call
  LiquidationInputs inputs;
  /// When a sentinel blocks the call, amounts.liquidatable is false and the other amounts say what
  /// the call would do once allowed.
  LiquidationAmounts amounts;
  /// Why validateLiquidationCall refuses a position that is otherwise liquidatable: the
  /// PriceOracleSentinel (HF >= 0.95 while it disallows liquidations) or a reserve's liquidation
  /// grace period; empty when not blocked.
  std::string blocked_by;
};

/// Evaluates the snapshot (account data, balances, eMode bonus) and the amounts of
/// liquidationCall(collateral, debt, user, debt_to_cover). Not liquidatable is a normal answer
/// (amounts.liquidatable == false). Errors: not_found for assets without a reserve,
/// invalid_argument when the collateral is not enabled as collateral for the user (before 3.6 also
/// when its reserve LT is 0) or the reserves are inactive or paused, errors of account_data.
/// The snapshot's PriceOracleSentinel state and the reserves' liquidation grace periods (3.1+)
/// are applied (blocked_by). Not modelled: liquidator != borrower.
[[nodiscard]] LIQUIDBOT_API Result<LiquidationQuote> quote_liquidation(
    const Snapshot& snapshot, const Address& collateral, const Address& debt,
    const u256& debt_to_cover = u256::max());

}  // namespace liquidbot::aave
