// SPDX-License-Identifier: MIT
// Aave V3 liquidation amounts per revision (LiquidationLogic.executeLiquidationCall and
// _calculateAvailableCollateralToLiquidate).
#include <liquidbot/aave/liquidation.hpp>

#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>

#include "../detail/aave_position.hpp"

#include <string>

namespace liquidbot::aave {

namespace {

constexpr std::uint16_t kDefaultCloseFactor = 5000;
constexpr std::uint16_t kMaxCloseFactor = 10000;

/// floor(a * b / c) with Solidity's checked product: overflow when a*b does not fit 256 bits.
Result<u256> mul_div_floor_checked(const u256& a, const u256& b, const u256& c) noexcept {
  LB_TRY(product, checked_mul(a, b));
  return checked_div(product, c);
}

/// floor(a * b * c / (d * e)) as written in the contract (each product checked).
Result<u256> mul3_div2(const u256& a, const u256& b, const u256& c, const u256& d,
                       const u256& e) noexcept {
  LB_TRY(ab, checked_mul(a, b));
  LB_TRY(abc, checked_mul(ab, c));
  LB_TRY(de, checked_mul(d, e));
  return checked_div(abc, de);
}

}  // namespace

Result<LiquidationAmounts> liquidation_amounts(const LiquidationInputs& in) noexcept {
  if (in.collateral_price.is_zero() || in.debt_price.is_zero())
    return make_error(Errc::invalid_argument, "liquidation: zero oracle price");
  if (in.collateral_unit.is_zero() || in.debt_unit.is_zero())
    return make_error(Errc::invalid_argument, "liquidation: zero asset unit");
  if (in.liquidation_bonus == 0)
    return make_error(Errc::invalid_argument, "liquidation: zero liquidation bonus");

  LiquidationAmounts out;
  out.liquidatable = in.health_factor < kLiquidationThresholdHf && !in.debt_balance.is_zero();
  if (!out.liquidatable) return out;

  const bool close_factor_rules_v33 = in.revision >= Revision::v3_3;
  const bool directional = has_directional_rounding(in.revision);
  const u256 lb{in.liquidation_bonus};

  // Close factor.
  if (!close_factor_rules_v33) {
    out.close_factor_bps =
        in.health_factor > u256(kCloseFactorHfThreshold) ? kDefaultCloseFactor : kMaxCloseFactor;
    LB_TRY(max_debt, percent_mul(in.debt_balance, u256(out.close_factor_bps)));
    out.max_liquidatable_debt = max_debt;
  } else {
    out.close_factor_bps = kMaxCloseFactor;
    out.max_liquidatable_debt = in.debt_balance;
    u256 debt_base;
    if (directional) {
      LB_TRY(v, mul_div_ceil(in.debt_balance, in.debt_price, in.debt_unit));
      debt_base = v;
    } else {
      LB_TRY(v, mul_div_floor_checked(in.debt_balance, in.debt_price, in.debt_unit));
      debt_base = v;
    }
    LB_TRY(coll_base, mul_div_floor_checked(in.collateral_balance, in.collateral_price,
                                            in.collateral_unit));
    if (coll_base >= u256(kMinBaseMaxCloseFactorThreshold) &&
        debt_base >= u256(kMinBaseMaxCloseFactorThreshold) &&
        in.health_factor > u256(kCloseFactorHfThreshold)) {
      LB_TRY(half, percent_mul(in.total_debt_base, u256(kDefaultCloseFactor)));
      if (debt_base > half) {
        LB_TRY(capped, mul_div_floor_checked(half, in.debt_unit, in.debt_price));
        out.max_liquidatable_debt = capped;
        out.close_factor_bps = kDefaultCloseFactor;
      }
    }
  }
  u256 actual_debt =
      in.debt_to_cover > out.max_liquidatable_debt ? out.max_liquidatable_debt : in.debt_to_cover;

  // Collateral for that debt, capped by the balance.
  LB_TRY(base_collateral, mul3_div2(in.debt_price, actual_debt, in.collateral_unit,
                                    in.collateral_price, in.debt_unit));
  LB_TRY(max_collateral, percent_mul(base_collateral, lb));
  u256 collateral_amount;
  if (max_collateral > in.collateral_balance) {
    collateral_amount = in.collateral_balance;
    LB_TRY(debt_value, mul3_div2(in.collateral_price, collateral_amount, in.debt_unit,
                                 in.debt_price, in.collateral_unit));
    if (directional) {
      LB_TRY(needed, percent_div_ceil(debt_value, lb));
      actual_debt = needed;
    } else {
      LB_TRY(needed, percent_div(debt_value, lb));
      actual_debt = needed;
    }
  } else {
    collateral_amount = max_collateral;
  }
  LB_TRY(seized_base,
         mul_div_floor_checked(collateral_amount, in.collateral_price, in.collateral_unit));
  u256 fee;
  if (in.protocol_fee != 0) {
    LB_TRY(without_bonus, percent_div(collateral_amount, lb));
    LB_TRY(bonus, checked_sub(collateral_amount, without_bonus));
    LB_TRY(f, percent_mul(bonus, u256(in.protocol_fee)));
    fee = f;
  }
  out.debt_repaid = actual_debt;
  out.collateral_seized = collateral_amount;
  out.protocol_fee = fee;
  LB_TRY(to_liquidator, checked_sub(collateral_amount, fee));
  out.liquidator_collateral = to_liquidator;
  out.collateral_seized_base = seized_base;

  if (close_factor_rules_v33) {
    if (actual_debt < in.debt_balance && collateral_amount < in.collateral_balance) {
      const u256 debt_left = in.debt_balance - actual_debt;
      u256 debt_left_base;
      if (directional) {
        LB_TRY(v, mul_div_ceil(debt_left, in.debt_price, in.debt_unit));
        debt_left_base = v;
      } else {
        LB_TRY(v, mul_div_floor_checked(debt_left, in.debt_price, in.debt_unit));
        debt_left_base = v;
      }
      LB_TRY(coll_left_base, mul_div_floor_checked(in.collateral_balance - collateral_amount,
                                                   in.collateral_price, in.collateral_unit));
      out.must_not_leave_dust =
          !(debt_left_base >= u256(kMinLeftoverBase) && coll_left_base >= u256(kMinLeftoverBase));
    }
    out.bad_debt = in.total_collateral_base == seized_base;
  }
  return out;
}

namespace {

/// validateLiquidationCall's checks before the health factor: the PriceOracleSentinel, then both
/// reserves' grace periods. Empty when neither blocks the call.
std::string liquidation_blocker(const Snapshot& snapshot, const u256& health_factor, const Reserve& collateral,
                                const Reserve& debt) {
  if (snapshot.sentinel && !snapshot.sentinel->liquidation_allowed &&
      health_factor >= u256{kMinimumHfLiquidationThreshold})
    return "the PriceOracleSentinel " + snapshot.sentinel->address.to_checksum() +
           " disallows liquidations and the HF is not below 0.95";
  for (const Reserve* r : {&collateral, &debt})
    if (r->liquidation_grace_period_until >= snapshot.timestamp)
      return "reserve " + r->asset.to_checksum() + " is in its liquidation grace period until " +
             std::to_string(r->liquidation_grace_period_until);
  return {};
}

}  // namespace

Result<LiquidationQuote> quote_liquidation(const Snapshot& snapshot, const Address& collateral,
                                           const Address& debt, const u256& debt_to_cover) {
  LB_TRY(coll_view, detail::find_position_view(snapshot, collateral));
  LB_TRY(debt_view, detail::find_position_view(snapshot, debt));
  const Reserve& coll_reserve = *coll_view.reserve;
  const Reserve& debt_reserve = *debt_view.reserve;
  for (const Reserve* r : {&coll_reserve, &debt_reserve}) {
    if (!r->config.active || r->config.paused)
      return make_error(Errc::invalid_argument, "liquidation: reserve " + r->asset.to_checksum() +
                                                    " is inactive or paused");
  }
  if (!is_using_as_collateral(snapshot.user.configuration, coll_reserve.id))
    return make_error(Errc::invalid_argument, "liquidation: " + collateral.to_checksum() +
                                                  " is not enabled as collateral for the user");
  // Before 3.6 validateLiquidationCall also requires the reserve's own LT to be non-zero.
  if (snapshot.revision < Revision::v3_6 && coll_reserve.config.liquidation_threshold == 0)
    return make_error(Errc::invalid_argument, "liquidation: " + collateral.to_checksum() +
                                                  " has liquidation threshold 0 and cannot be "
                                                  "liquidated before 3.6");
  LB_TRY(account, account_data(snapshot));
  LB_TRY(coll_balance, detail::collateral_balance(snapshot, coll_view));
  LB_TRY(debt_balance, detail::debt_balance(snapshot, debt_view));
  const detail::LiquidationPrices prices = detail::liquidation_prices(snapshot, coll_reserve, debt_reserve);

  LiquidationQuote quote;
  quote.account = account;
  LiquidationInputs& in = quote.inputs;
  in.revision = snapshot.revision;
  in.health_factor = account.health_factor;
  in.total_debt_base = account.total_debt_base;
  in.total_collateral_base = account.total_collateral_base;
  in.collateral_balance = coll_balance;
  in.collateral_price = prices.collateral;
  in.collateral_unit = detail::asset_unit(coll_reserve);
  in.debt_balance = debt_balance.total();
  in.debt_price = prices.debt;
  in.debt_unit = detail::asset_unit(debt_reserve);
  in.liquidation_bonus = detail::liquidation_bonus(snapshot, coll_reserve);
  in.protocol_fee = coll_reserve.config.liquidation_protocol_fee;
  in.debt_to_cover = debt_to_cover;
  LB_TRY(amounts, liquidation_amounts(in));
  quote.amounts = amounts;
  if (!amounts.liquidatable) return quote;
  quote.blocked_by = liquidation_blocker(snapshot, account.health_factor, coll_reserve, debt_reserve);
  if (!quote.blocked_by.empty()) quote.amounts.liquidatable = false;
  return quote;
}

}  // namespace liquidbot::aave
