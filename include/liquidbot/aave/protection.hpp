// SPDX-License-Identifier: MIT
// Protection sizing for an Aave V3 borrower: the smallest repay, supply or flash-loan deleverage
// that brings the health factor to a target, the largest safe withdrawal, liquidation prices and
// price shocks. Every amount is found by re-evaluating the post-action position with account_data
// (exact per-revision rounding of the mint/burn that the action performs), so it is exact and
// minimal: the amount reaches the target and one unit less does not.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace liquidbot::aave {


/// Exact decimal text to fixed point: parse_decimal("1.3", 18) == 1300000000000000000.
/// Accepts digits with at most one '.', no sign, no exponent, at most `decimals` fraction digits.
/// Errors: invalid_argument (junk, empty, too many fraction digits), overflow.
[[nodiscard]] LIQUIDBOT_API Result<u256> parse_decimal(std::string_view text, unsigned decimals);

/// Options shared by the sizing functions.
struct PlanOptions {
  /// Seconds between the snapshot and execution: the position is evaluated at
  /// snapshot.timestamp + delay, so interest accrued meanwhile is accounted for.
  std::uint64_t delay_seconds = 0;
  /// Upper bound on the amount of the asset (token units), e.g. the payer's balance.
  std::optional<u256> max_amount;
};

/// One amount of one asset and the account after the action.
struct Plan {
  u256 amount;          ///< token units of the asset
  AccountData before;   ///< at the evaluation time, before the action
  AccountData after;    ///< re-evaluated after the action
};

/// Smallest `x` such that repay(debt_asset, x, 2, user) gives HF >= target_hf (WAD).
/// Amount 0 when the target already holds. Errors: unreachable_target (repaying all of the
/// variable debt, or max_amount, is not enough), not_found, invalid_argument.
[[nodiscard]] LIQUIDBOT_API Result<Plan> plan_repay(const Snapshot& snapshot,
                                                    const Address& debt_asset,
                                                    const u256& target_hf,
                                                    const PlanOptions& options = {});

/// Whether a supply on behalf of the user will count as collateral.
enum class CollateralEffect : std::uint8_t {
  already_enabled,  ///< the user already uses the reserve as collateral
  auto_enabled,     ///< first supply: the pool enables it automatically
  not_counted,      ///< the supply adds nothing to the health factor
};
[[nodiscard]] LIQUIDBOT_API std::string_view to_string(CollateralEffect effect) noexcept;

/// Predicts how supply(asset, x, user) affects the user's collateral flags, per revision
/// (ValidationLogic.validateAutomaticUseAsCollateral); `reason` explains not_counted.
struct CollateralStatus {
  CollateralEffect effect = CollateralEffect::not_counted;
  std::string reason;
};
[[nodiscard]] LIQUIDBOT_API Result<CollateralStatus> supply_collateral_status(
    const Snapshot& snapshot, const Address& asset);

/// The largest amount of `asset` that ValidationLogic.validateSupply accepts at the snapshot's
/// timestamp plus `delay_seconds`: the reserve's update first accrues the treasury's share of the
/// interest (ReserveLogic._accrueToTreasury), then the aToken supply (scaled supply + treasury,
/// and from 3.5 the supplied amount itself, in scaled form) must stay within supplyCap whole tokens.
/// nullopt when the reserve has no supply cap. Errors: not_found, invalid_argument when a cap is
/// set but the snapshot carries no `totals` for the reserve.
[[nodiscard]] LIQUIDBOT_API Result<std::optional<u256>> supply_cap_headroom(
    const Snapshot& snapshot, const Address& asset, std::uint64_t delay_seconds = 0);

struct SupplyPlan {
  Plan plan;
  CollateralStatus collateral;
  std::optional<u256> supply_cap_headroom;  ///< the most a supply may add (nullopt: no cap)
};

/// Smallest `y` such that supply(asset, y, user, 0) gives HF >= target_hf.
/// Errors: unreachable_target when the supply does not count as collateral (the message says why)
/// or the liquidation threshold is 0 or max_amount or the supply cap's headroom is not enough.
[[nodiscard]] LIQUIDBOT_API Result<SupplyPlan> plan_supply(const Snapshot& snapshot,
                                                           const Address& asset,
                                                           const u256& target_hf,
                                                           const PlanOptions& options = {});

/// Flash-loan deleverage: flash-borrow F of the debt asset, repay F of the user's debt, withdraw W
/// of the collateral, swap W to the debt asset at `swap_price` less slippage, and pay back F plus
/// the flash-loan premium plus the service fee.
struct DeleverageParams {
  Address debt_asset;
  Address collateral_asset;
  /// Debt-asset tokens received per whole collateral token before slippage, as a WAD
  /// (e.g. 3000 USDC per WETH = 3000e18).
  u256 swap_price;
  std::uint16_t slippage_bps = 50;   ///< worst-case swap shortfall
  std::uint16_t fee_bps = 0;         ///< service fee, bps of F, paid in the debt asset
  std::uint16_t premium_bps = 5;     ///< flash-loan premium (FLASHLOAN_PREMIUM_TOTAL); ceil
};

struct DeleveragePlan {
  u256 flash_amount;       ///< F: borrowed, and repaid on the user's behalf (debt-asset units)
  u256 premium;            ///< percentMulCeil(F, premium_bps)
  u256 service_fee;        ///< ceil(F * fee_bps / 1e4)
  u256 withdraw_amount;    ///< W: collateral withdrawn and sold (collateral-asset units)
  u256 swap_output_min;    ///< worst-case swap output, >= F + premium + service_fee
  AccountData before;
  AccountData after;
};

/// Smallest F (and for it the smallest W covering the loan) giving HF >= target_hf.
/// Errors: unreachable_target (not enough debt or collateral, the swap costs too much for the
/// position to improve, or the collateral cannot leave while the user holds zero-LTV collateral
/// of another asset), unsupported when debt and collateral are the same asset,
/// invalid_argument for a zero swap price or bps >= 10000.
[[nodiscard]] LIQUIDBOT_API Result<DeleveragePlan> plan_deleverage(
    const Snapshot& snapshot, const DeleverageParams& params, const u256& target_hf,
    const PlanOptions& options = {});

/// Largest W of `asset` the user can withdraw keeping HF >= min_hf (WAD, e.g. 1e18), capped by
/// the balance. Errors: unreachable_target when the HF is already below min_hf, or when the
/// withdrawal would revert because the user holds zero-LTV collateral and this asset is not
/// zero-LTV (ValidationLogic.validateHFAndLtvzero: zero-LTV collateral must leave first); not_found.
[[nodiscard]] LIQUIDBOT_API Result<Plan> max_safe_withdrawal(const Snapshot& snapshot,
                                                            const Address& asset,
                                                            const u256& min_hf,
                                                            const PlanOptions& options = {});

/// Liquidation price of one asset with every other input fixed.
struct LiquidationPrice {
  u256 current_price;
  /// Highest oracle price p with HF(p) < 1 (and HF(p + 1) >= 1); nullopt when no price of this
  /// asset alone makes HF < 1 (`reason` says why).
  std::optional<u256> price;
  std::string reason;
  AccountData at_price;   ///< account data at `price` (when set)
};
/// Errors: not_found, invalid_argument when the user has no collateral or debt in the asset.
[[nodiscard]] LIQUIDBOT_API Result<LiquidationPrice> liquidation_price(const Snapshot& snapshot,
                                                                       const Address& asset);

/// One asset's relative price change in parts per billion: -125'000'000 = -12.5%.
struct PriceChange {
  Address asset;
  std::int64_t change_ppb = 0;  ///< >= -1e9
};
inline constexpr std::int64_t kPpb = 1'000'000'000;

/// Parses "<address>=<percent>" with percent like "-12.5" (at most 7 fraction digits, >= -100).
[[nodiscard]] LIQUIDBOT_API Result<PriceChange> parse_price_change(std::string_view text);

/// Account data after multiplying each listed asset's price by (1 + change); new prices floor.
/// Errors: not_found for unknown assets, invalid_argument for a change below -100%.
[[nodiscard]] LIQUIDBOT_API Result<AccountData> shock(const Snapshot& snapshot,
                                                      std::span<const PriceChange> changes);

/// The smallest uniform drop (ppb) of every collateral price that makes HF < 1.
struct UniformDrop {
  std::int64_t drop_ppb = 0;  ///< 0 when already liquidatable
  AccountData at_drop;
};
/// Errors: unreachable_target when the user has no debt or HF stays >= 1 even at a 100% drop.
[[nodiscard]] LIQUIDBOT_API Result<UniformDrop> min_collateral_drop(const Snapshot& snapshot);

}  // namespace liquidbot::aave
