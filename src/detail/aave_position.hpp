// SPDX-License-Identifier: MIT
// Internal helpers shared by the liquidation, protection and risk code: one asset's reserve and
// position in a snapshot, its balances and the per-revision prices/bonus a liquidation uses.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace liquidbot::detail {

/// One asset in a snapshot: its reserve and, when the user has one, its position.
struct PositionView {
  const aave::Reserve* reserve = nullptr;
  const aave::Position* position = nullptr;  ///< nullptr: the user holds nothing in the reserve
};

inline Result<PositionView> find_position_view(const aave::Snapshot& snapshot,
                                               const Address& asset) {
  PositionView view;
  view.reserve = snapshot.find_reserve(asset);
  if (view.reserve == nullptr)
    return make_error(Errc::not_found, "aave: no reserve for asset " + asset.to_checksum());
  for (const aave::Position& p : snapshot.user.positions)
    if (p.asset == asset) view.position = &p;
  return view;
}

/// 10^decimals of the reserve.
inline u256 asset_unit(const aave::Reserve& reserve) noexcept {
  return aave::asset_unit(reserve.config.decimals);
}

/// aToken balance of the position at snapshot.timestamp (0 without a position).
inline Result<u256> collateral_balance(const aave::Snapshot& snapshot, const PositionView& view) {
  if (view.position == nullptr) return u256{};
  LB_TRY(index, aave::normalized_income(*view.reserve, snapshot.timestamp));
  return aave::atoken_balance(view.position->scaled_atoken_balance, index, snapshot.revision);
}

struct DebtBalance {
  u256 variable;
  u256 stable;  ///< 3.0-3.1 only
  [[nodiscard]] u256 total() const noexcept { return variable + stable; }
};

/// Debt balances of the position at snapshot.timestamp.
inline Result<DebtBalance> debt_balance(const aave::Snapshot& snapshot, const PositionView& view) {
  DebtBalance out;
  if (view.position == nullptr) return out;
  LB_TRY(index, aave::normalized_debt(*view.reserve, snapshot.timestamp, snapshot.revision));
  LB_TRY(variable, aave::variable_debt_balance(view.position->scaled_variable_debt, index,
                                               snapshot.revision));
  out.variable = variable;
  if (aave::has_stable_debt(snapshot.revision) && !view.position->principal_stable_debt.is_zero()) {
    LB_TRY(stable, aave::stable_debt_balance(*view.position, snapshot.timestamp, snapshot.revision));
    out.stable = stable;
  }
  return out;
}

/// The user's eMode category when it is set and listed, else nullptr.
inline const aave::EModeCategory* user_emode(const aave::Snapshot& snapshot) noexcept {
  return snapshot.user.emode_category == 0 ? nullptr
                                           : snapshot.find_emode(snapshot.user.emode_category);
}

/// Whether the user's eMode applies to this collateral reserve: by category (3.0-3.1) or by the
/// collateral bitmap (3.2+).
inline bool emode_applies(const aave::Snapshot& snapshot, const aave::Reserve& reserve) noexcept {
  const aave::EModeCategory* emode = user_emode(snapshot);
  if (emode == nullptr) return false;
  if (aave::has_emode_price_source(snapshot.revision))
    return reserve.config.emode_category == emode->id;
  return aave::is_reserve_enabled_on_bitmap(emode->collateral_bitmap, reserve.id);
}

/// LTV of a collateral for the user as validation reads it: 3.6's getUserReserveLtv (eMode
/// collateral: 0 when in the category's ltvzero bitmap, else the category's LTV); earlier
/// revisions check the reserve's own LTV.
inline std::uint16_t user_reserve_ltv(const aave::Snapshot& snapshot,
                                      const aave::Reserve& reserve) noexcept {
  if (!aave::has_ltvzero_bitmap(snapshot.revision) || !emode_applies(snapshot, reserve))
    return reserve.config.ltv;
  const aave::EModeCategory* emode = user_emode(snapshot);
  return aave::is_reserve_enabled_on_bitmap(emode->ltvzero_bitmap, reserve.id) ? std::uint16_t{0}
                                                                               : emode->ltv;
}

/// Liquidation bonus for seizing this collateral (eMode-aware), bps.
inline std::uint16_t liquidation_bonus(const aave::Snapshot& snapshot,
                                       const aave::Reserve& collateral) noexcept {
  return emode_applies(snapshot, collateral) ? user_emode(snapshot)->liquidation_bonus
                                             : collateral.config.liquidation_bonus;
}

/// Effective liquidation threshold of a collateral for the user (eMode-aware), bps.
inline std::uint16_t liquidation_threshold(const aave::Snapshot& snapshot,
                                           const aave::Reserve& collateral) noexcept {
  return emode_applies(snapshot, collateral) ? user_emode(snapshot)->liquidation_threshold
                                             : collateral.config.liquidation_threshold;
}

struct LiquidationPrices {
  u256 collateral;
  u256 debt;
};

/// Prices LiquidationLogic reads. 3.0-3.1 (_getConfigurationData): with a user eMode whose price
/// source is set, the debt price is the eMode price, and so is the collateral price when the
/// collateral is in the category. Later revisions: the oracle prices.
inline LiquidationPrices liquidation_prices(const aave::Snapshot& snapshot,
                                            const aave::Reserve& collateral,
                                            const aave::Reserve& debt) noexcept {
  LiquidationPrices out{collateral.price, debt.price};
  const aave::EModeCategory* emode = user_emode(snapshot);
  if (aave::has_emode_price_source(snapshot.revision) && emode != nullptr &&
      emode->price_source.has_value() && !emode->price.is_zero()) {
    if (collateral.config.emode_category == emode->id) out.collateral = emode->price;
    out.debt = emode->price;
  }
  return out;
}

}  // namespace liquidbot::detail
