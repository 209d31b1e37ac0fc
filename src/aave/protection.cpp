// SPDX-License-Identifier: MIT
// Protection sizing by exact re-evaluation: every candidate amount is applied to a working copy of
// the snapshot with the per-revision mint/burn rounding of the action, and account_data decides.
// Amounts are searched by bisection on the monotone predicate "HF after >= target".
#include <liquidbot/aave/protection.hpp>

#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>

#include "../detail/aave_position.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liquidbot::aave {

namespace {

constexpr std::uint64_t kBps = 10'000;

std::string hf_text(const u256& hf) {
  return hf == kMaxHealthFactor ? std::string("max (no debt)") : hf.to_fixed(18);
}

/// Smallest x in (lo, hi] with pred(x) true, given pred(lo) false and pred(hi) true; pred must be
/// monotone (false ... false true ... true).
template <typename Pred>
Result<u256> bisect_first_true(u256 lo, u256 hi, Pred&& pred) {
  while (hi - lo > u256{1}) {
    const u256 mid = lo + ((hi - lo) >> 1);
    LB_TRY(ok, pred(mid));
    if (ok)
      hi = mid;
    else
      lo = mid;
  }
  return hi;
}

/// A working copy of the snapshot at the execution time, with one asset's position to mutate.
class Scenario {
 public:
  static Result<Scenario> create(const Snapshot& snapshot, const Address& asset,
                                 std::uint64_t delay_seconds) {
    Scenario s;
    s.work_ = snapshot;
    if (delay_seconds > ~std::uint64_t{0} - s.work_.timestamp)
      return make_error(Errc::overflow, "protection: timestamp + delay overflows");
    s.work_.timestamp += delay_seconds;
    const Reserve* reserve = s.work_.find_reserve(asset);
    if (reserve == nullptr)
      return make_error(Errc::not_found, "protection: no reserve for asset " + asset.to_checksum());
    s.reserve_index_ = static_cast<std::size_t>(reserve - s.work_.reserves.data());
    std::size_t index = s.work_.user.positions.size();
    for (std::size_t i = 0; i < s.work_.user.positions.size(); ++i)
      if (s.work_.user.positions[i].asset == asset) index = i;
    if (index == s.work_.user.positions.size()) {
      Position empty;
      empty.asset = asset;
      s.work_.user.positions.push_back(empty);
    }
    s.position_index_ = index;
    s.base_position_ = s.work_.user.positions[index];
    s.base_configuration_ = s.work_.user.configuration;
    LB_TRY(income, normalized_income(s.reserve(), s.work_.timestamp));
    LB_TRY(debt_index, normalized_debt(s.reserve(), s.work_.timestamp, s.work_.revision));
    s.income_ = income;
    s.debt_index_ = debt_index;
    return s;
  }

  [[nodiscard]] const Snapshot& snapshot() const noexcept { return work_; }
  [[nodiscard]] Snapshot& snapshot() noexcept { return work_; }
  [[nodiscard]] const Reserve& reserve() const noexcept { return work_.reserves[reserve_index_]; }
  [[nodiscard]] Position& position() noexcept { return work_.user.positions[position_index_]; }
  [[nodiscard]] const Position& base_position() const noexcept { return base_position_; }
  [[nodiscard]] const u256& income_index() const noexcept { return income_; }
  [[nodiscard]] const u256& debt_index() const noexcept { return debt_index_; }
  [[nodiscard]] Revision revision() const noexcept { return work_.revision; }

  Result<u256> collateral_balance() const {
    return atoken_balance(base_position_.scaled_atoken_balance, income_, work_.revision);
  }
  Result<u256> variable_debt() const {
    return variable_debt_balance(base_position_.scaled_variable_debt, debt_index_, work_.revision);
  }

  /// Restores the position and flags to the snapshot state.
  void reset() noexcept {
    position() = base_position_;
    work_.user.configuration = base_configuration_;
  }

  /// repay(asset, amount, 2): VariableDebtToken burn of rayDivFloor (3.5+) / rayDiv (<= 3.4).
  Status repay(const u256& amount) {
    LB_TRY(scaled, has_directional_rounding(work_.revision) ? ray_div_floor(amount, debt_index_)
                                                            : ray_div(amount, debt_index_));
    Position& p = position();
    p.scaled_variable_debt =
        scaled >= p.scaled_variable_debt ? u256{} : p.scaled_variable_debt - scaled;
    if (p.scaled_variable_debt.is_zero() && p.principal_stable_debt.is_zero())
      set_flag(2u * reserve().id, false);
    return {};
  }

  /// supply(asset, amount): AToken mint of rayDivFloor (3.5+) / rayDiv (<= 3.4).
  Status supply(const u256& amount, bool enable_collateral) {
    LB_TRY(scaled, has_directional_rounding(work_.revision) ? ray_div_floor(amount, income_)
                                                            : ray_div(amount, income_));
    Position& p = position();
    LB_TRY(total, checked_add(p.scaled_atoken_balance, scaled));
    p.scaled_atoken_balance = total;
    if (enable_collateral) set_flag(2u * reserve().id + 1u, true);
    return {};
  }

  /// withdraw(asset, amount): AToken burn of rayDivCeil (3.5+) / rayDiv (<= 3.4).
  Status withdraw(const u256& amount) {
    LB_TRY(scaled, has_directional_rounding(work_.revision) ? ray_div_ceil(amount, income_)
                                                            : ray_div(amount, income_));
    Position& p = position();
    p.scaled_atoken_balance =
        scaled >= p.scaled_atoken_balance ? u256{} : p.scaled_atoken_balance - scaled;
    if (p.scaled_atoken_balance.is_zero()) set_flag(2u * reserve().id + 1u, false);
    return {};
  }

  Result<AccountData> evaluate() const { return account_data(work_); }

 private:
  void set_flag(unsigned bit, bool on) noexcept {
    const u256 mask = u256{1} << bit;
    work_.user.configuration = on ? (work_.user.configuration | mask)
                                  : (work_.user.configuration & ~mask);
  }

  Snapshot work_;
  std::size_t reserve_index_ = 0;
  std::size_t position_index_ = 0;
  Position base_position_;
  u256 base_configuration_;
  u256 income_;
  u256 debt_index_;
};

Status validate_target(const u256& target_hf) {
  if (target_hf < kWad)
    return make_error(Errc::invalid_argument,
                      "protection: target health factor " + target_hf.to_fixed(18) +
                          " is below 1.0");
  return {};
}

/// ValidationLogic.validateHFAndLtvzero, run when an enabled collateral leaves a borrowing user
/// (withdraw, aToken transfer): while the user holds any zero-LTV collateral, only zero-LTV
/// collateral may leave; anything else reverts with LTV validation failed.
Status check_ltvzero_rule(const Snapshot& snapshot, const Reserve& reserve, std::string_view what) {
  const u256& user_cfg = snapshot.user.configuration;
  if (!is_using_as_collateral(user_cfg, reserve.id) || detail::user_reserve_ltv(snapshot, reserve) == 0)
    return {};
  bool borrowing = false;
  for (const Reserve& r : snapshot.reserves) borrowing = borrowing || is_borrowing(user_cfg, r.id);
  if (!borrowing) return {};
  LB_TRY(account, account_detail(snapshot));
  if (!account.has_zero_ltv_collateral) return {};
  return make_error(Errc::unreachable_target,
                   std::string(what) + ": withdrawing " + reserve.asset.to_checksum() +
                       " reverts on chain (LTV validation failed): the user holds zero-LTV "
                       "collateral, which must be withdrawn first");
}

Error unreachable(std::string what, const AccountData& best, const u256& target_hf) {
  return make_error(Errc::unreachable_target, "protection: " + std::move(what) + " gives HF " +
                                                  hf_text(best.health_factor) +
                                                  ", below the target " + target_hf.to_fixed(18));
}

}  // namespace

Result<u256> parse_decimal(std::string_view text, unsigned decimals) {
  if (text.empty()) return make_error(Errc::invalid_argument, "decimal: empty text");
  if (decimals > 77) return make_error(Errc::invalid_argument, "decimal: more than 77 decimals");
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() && frac.empty())
    return make_error(Errc::invalid_argument, "decimal: no digits in \"" + std::string(text) + "\"");
  if (dot != std::string_view::npos && frac.empty())
    return make_error(Errc::invalid_argument,
                      "decimal: no digits after '.' in \"" + std::string(text) + "\"");
  if (frac.size() > decimals)
    return make_error(Errc::invalid_argument, "decimal: \"" + std::string(text) + "\" has more than " +
                                                  std::to_string(decimals) + " fraction digits");
  u256 value;
  const auto push_digits = [&](std::string_view digits, std::size_t offset) -> Status {
    for (std::size_t i = 0; i < digits.size(); ++i) {
      const char c = digits[i];
      if (c < '0' || c > '9')
        return make_error(Errc::invalid_argument, "decimal: unexpected character '" +
                                                      std::string(1, c) + "' at offset " +
                                                      std::to_string(offset + i));
      LB_TRY(times_ten, checked_mul(value, u256{10}));
      LB_TRY(next, checked_add(times_ten, u256{static_cast<std::uint64_t>(c - '0')}));
      value = next;
    }
    return {};
  };
  LB_TRY_STATUS(push_digits(whole, 0));
  LB_TRY_STATUS(push_digits(frac, whole.size() + 1));
  for (std::size_t i = frac.size(); i < decimals; ++i) {
    LB_TRY(times_ten, checked_mul(value, u256{10}));
    value = times_ten;
  }
  return value;
}

std::string_view to_string(CollateralEffect effect) noexcept {
  switch (effect) {
    case CollateralEffect::already_enabled: return "already_enabled";
    case CollateralEffect::auto_enabled: return "auto_enabled";
    case CollateralEffect::not_counted: return "not_counted";
  }
  return "not_counted";
}

Result<CollateralStatus> supply_collateral_status(const Snapshot& snapshot, const Address& asset) {
  LB_TRY(view, detail::find_position_view(snapshot, asset));
  const Reserve& reserve = *view.reserve;
  const ReserveConfig& cfg = reserve.config;
  const u256& user_cfg = snapshot.user.configuration;
  CollateralStatus out;
  if (!cfg.active || cfg.paused || cfg.frozen) {
    out.reason = "the reserve is inactive, paused or frozen: supply reverts";
    return out;
  }
  if (detail::liquidation_threshold(snapshot, reserve) == 0) {
    out.reason = "the liquidation threshold of the asset is 0 for this user";
    return out;
  }
  if (is_using_as_collateral(user_cfg, reserve.id)) {
    out.effect = CollateralEffect::already_enabled;
    return out;
  }
  if (view.position != nullptr && !view.position->scaled_atoken_balance.is_zero()) {
    out.reason =
        "the user holds the asset with collateral disabled; only the user (or a position "
        "manager) can enable it";
    return out;
  }
  // ValidationLogic.validateAutomaticUseAsCollateral for a first supply.
  if (cfg.debt_ceiling != 0) {
    out.reason = "an isolated asset (debt ceiling set) is not enabled as collateral automatically";
    return out;
  }
  if (detail::user_reserve_ltv(snapshot, reserve) == 0) {
    out.reason = "the asset has LTV 0 for this user, so it is not enabled as collateral";
    return out;
  }
  // UserConfiguration.getIsolationModeState: exactly one collateral and it has a debt ceiling.
  unsigned collaterals = 0;
  const Reserve* only = nullptr;
  for (const Reserve& r : snapshot.reserves) {
    if (is_using_as_collateral(user_cfg, r.id)) {
      ++collaterals;
      only = &r;
    }
  }
  if (collaterals == 1 && only->config.debt_ceiling != 0) {
    out.reason = "the user is in isolation mode, so new collateral is not enabled";
    return out;
  }
  out.effect = CollateralEffect::auto_enabled;
  return out;
}

Result<Plan> plan_repay(const Snapshot& snapshot, const Address& debt_asset, const u256& target_hf,
                        const PlanOptions& options) {
  LB_TRY_STATUS(validate_target(target_hf));
  LB_TRY(s, Scenario::create(snapshot, debt_asset, options.delay_seconds));
  Plan plan;
  LB_TRY(before, s.evaluate());
  plan.before = before;
  plan.after = before;
  if (before.health_factor >= target_hf) return plan;
  LB_TRY(debt, s.variable_debt());
  u256 cap = debt;
  if (options.max_amount && *options.max_amount < cap) cap = *options.max_amount;
  const auto reaches = [&](const u256& amount) -> Result<bool> {
    s.reset();
    LB_TRY_STATUS(s.repay(amount));
    LB_TRY(data, s.evaluate());
    return data.health_factor >= target_hf;
  };
  LB_TRY(enough, reaches(cap));
  if (!enough) {
    LB_TRY(best, s.evaluate());
    return unreachable("repaying " + cap.to_dec() + " (" +
                           (cap == debt ? std::string("all of the variable debt")
                                        : std::string("the maximum amount")) +
                           ")",
                       best, target_hf);
  }
  LB_TRY(amount, bisect_first_true(u256{}, cap, reaches));
  s.reset();
  LB_TRY_STATUS(s.repay(amount));
  LB_TRY(after, s.evaluate());
  plan.amount = amount;
  plan.after = after;
  return plan;
}

namespace {

/// ReserveLogic._accrueToTreasury: the scaled amount minted to the treasury by the reserve's update
/// at `now` (interest on the debt since the last update, times the reserve factor).
Result<u256> treasury_accrual(const Snapshot& snapshot, const Reserve& reserve,
                              const ReserveTotals& totals, const u256& next_liquidity_index,
                              std::uint64_t now) {
  if (reserve.config.reserve_factor == 0) return u256{};
  const Revision revision = snapshot.revision;
  const u256 factor{reserve.config.reserve_factor};
  const u256& scaled_debt = totals.scaled_variable_debt;
  LB_TRY(next_debt_index, normalized_debt(reserve, now, revision));
  if (has_directional_rounding(revision)) {
    LB_TRY(accrued, ray_mul_floor(scaled_debt, next_debt_index - reserve.variable_borrow_index));
    LB_TRY(minted, percent_mul(accrued, factor));
    return ray_div_floor(minted, next_liquidity_index);
  }
  LB_TRY(previous, ray_mul(scaled_debt, reserve.variable_borrow_index));
  LB_TRY(current, ray_mul(scaled_debt, next_debt_index));
  LB_TRY(accrued, checked_sub(current, previous));
  if (has_stable_debt(revision) && !totals.principal_stable_debt.is_zero()) {
    // The stable supply compounded to the last reserve update, and to now (getSupplyData).
    LB_TRY(to_last_update, compounded_interest(totals.average_stable_rate, totals.stable_debt_last_updated,
                                               reserve.last_update_timestamp, revision));
    LB_TRY(to_now, compounded_interest(totals.average_stable_rate, totals.stable_debt_last_updated, now,
                                       revision));
    LB_TRY(stable_previous, ray_mul(totals.principal_stable_debt, to_last_update));
    LB_TRY(stable_current, ray_mul(totals.principal_stable_debt, to_now));
    LB_TRY(with_stable, checked_add(accrued, stable_current));
    LB_TRY(net, checked_sub(with_stable, stable_previous));
    accrued = net;
  }
  LB_TRY(minted, percent_mul(accrued, factor));
  return ray_div(minted, next_liquidity_index);
}

}  // namespace

Result<std::optional<u256>> supply_cap_headroom(const Snapshot& snapshot, const Address& asset,
                                                std::uint64_t delay_seconds) {
  LB_TRY(view, detail::find_position_view(snapshot, asset));
  const Reserve& reserve = *view.reserve;
  if (reserve.config.supply_cap == 0) return std::optional<u256>{};
  if (!reserve.totals)
    return make_error(Errc::invalid_argument,
                      "protection: reserve " + asset.to_checksum() + " has a supply cap of " +
                          std::to_string(reserve.config.supply_cap) +
                          " tokens but the snapshot has no totals for it (liquidbot snapshot writes them)");
  const ReserveTotals& totals = *reserve.totals;
  const std::uint64_t now = snapshot.timestamp + delay_seconds;
  LB_TRY(index, normalized_income(reserve, now));
  LB_TRY(minted, treasury_accrual(snapshot, reserve, totals, index, now));
  LB_TRY(treasury, checked_add(totals.accrued_to_treasury, minted));
  LB_TRY(scaled_supply, checked_add(totals.scaled_atoken_supply, treasury));
  LB_TRY(cap, checked_mul(u256{reserve.config.supply_cap}, detail::asset_unit(reserve)));
  if (!has_directional_rounding(snapshot.revision)) {
    // 3.0-3.4: (scaledTotalSupply + accruedToTreasury).rayMul(index) + amount <= cap.
    LB_TRY(supplied, ray_mul(scaled_supply, index));
    return std::optional<u256>{supplied >= cap ? u256{} : cap - supplied};
  }
  // 3.5+: (scaledTotalSupply + amount.rayDivFloor(index) + accruedToTreasury).rayMulFloor(index) <= cap.
  const auto exceeds = [&](const u256& amount) -> Result<bool> {
    LB_TRY(scaled_amount, ray_div_floor(amount, index));
    LB_TRY(total_scaled, checked_add(scaled_supply, scaled_amount));
    LB_TRY(total, ray_mul_floor(total_scaled, index));
    return total > cap;
  };
  LB_TRY(full_already, exceeds(u256{}));
  if (full_already) return std::optional<u256>{u256{}};
  // Floors can let at most about index/RAY + 1 units past the cap; search just beyond it.
  LB_TRY(slack, checked_add(index / kRay, u256{2}));
  LB_TRY(hi, checked_add(cap, slack));
  LB_TRY(over_at_hi, exceeds(hi));
  if (!over_at_hi)
    return make_error(Errc::internal, "protection: supply cap search bound " + hi.to_dec() + " is within the cap");
  LB_TRY(first_over, bisect_first_true(u256{}, hi, exceeds));
  return std::optional<u256>{first_over - u256{1}};
}

Result<SupplyPlan> plan_supply(const Snapshot& snapshot, const Address& asset,
                               const u256& target_hf, const PlanOptions& options) {
  LB_TRY_STATUS(validate_target(target_hf));
  LB_TRY(status, supply_collateral_status(snapshot, asset));
  LB_TRY(s, Scenario::create(snapshot, asset, options.delay_seconds));
  SupplyPlan out;
  out.collateral = status;
  LB_TRY(before, s.evaluate());
  out.plan.before = before;
  out.plan.after = before;
  if (before.health_factor >= target_hf) return out;
  if (status.effect == CollateralEffect::not_counted)
    return make_error(Errc::unreachable_target,
                      "protection: supplying " + asset.to_checksum() +
                          " does not count as collateral: " + status.reason);
  const bool enable = status.effect == CollateralEffect::auto_enabled;
  const auto reaches = [&](const u256& amount) -> Result<bool> {
    s.reset();
    LB_TRY_STATUS(s.supply(amount, enable));
    LB_TRY(data, s.evaluate());
    return data.health_factor >= target_hf;
  };
  LB_TRY(headroom, supply_cap_headroom(snapshot, asset, options.delay_seconds));
  out.supply_cap_headroom = headroom;
  std::optional<u256> limit = options.max_amount;
  std::string limit_what = "the maximum amount";
  if (headroom && (!limit || *headroom < *limit)) {
    limit = headroom;
    limit_what = "the supply cap's headroom";
  }
  u256 hi;
  if (limit) {
    hi = *limit;
    LB_TRY(enough, reaches(hi));
    if (!enough) {
      LB_TRY(best, s.evaluate());
      return unreachable("supplying " + limit_what + " " + hi.to_dec(), best, target_hf);
    }
  } else {
    // Grow geometrically until the target holds; stop where the numbers leave the chain's range.
    hi = u256{1};
    for (;;) {
      auto enough = reaches(hi);
      if (!enough)
        return make_error(Errc::unreachable_target,
                          "protection: no supplied amount of " + asset.to_checksum() +
                              " reaches the target before " + enough.error().message);
      if (*enough) break;
      if (hi.bit_length() >= 200)
        return make_error(Errc::unreachable_target, "protection: supplying up to 2^200 units of " +
                                                        asset.to_checksum() +
                                                        " does not reach the target");
      hi = hi << 1;
    }
  }
  LB_TRY(amount, bisect_first_true(u256{}, hi, reaches));
  s.reset();
  LB_TRY_STATUS(s.supply(amount, enable));
  LB_TRY(after, s.evaluate());
  out.plan.amount = amount;
  out.plan.after = after;
  return out;
}

namespace {

/// The deleverage amounts for a flash amount F (loan premium, fee, smallest W that covers them).
struct DeleverageLeg {
  u256 premium;
  u256 service_fee;
  u256 withdraw;
  u256 swap_output_min;
};

class Deleverage {
 public:
  Deleverage(const DeleverageParams& params, Revision revision, u256 collateral_unit,
             u256 debt_unit)
      : params_(params), revision_(revision), collateral_unit_(collateral_unit),
        debt_unit_(debt_unit) {}

  /// W(F): swap output floor(floor(W * price * unit_d / (1e18 * unit_c)) * (1e4 - slip) / 1e4)
  /// must cover F + premium + fee; the smallest such W in closed form (both floors inverted).
  Result<DeleverageLeg> leg(const u256& flash) const {
    DeleverageLeg out;
    const u256 premium_bps{params_.premium_bps};
    if (has_directional_rounding(revision_)) {
      LB_TRY(p, percent_mul_ceil(flash, premium_bps));
      out.premium = p;
    } else {
      LB_TRY(p, percent_mul(flash, premium_bps));
      out.premium = p;
    }
    LB_TRY(fee, mul_div(flash, u256{params_.fee_bps}, u256{kBps}, Rounding::ceil));
    out.service_fee = fee;
    LB_TRY(need1, checked_add(flash, out.premium));
    LB_TRY(need, checked_add(need1, out.service_fee));
    LB_TRY(gross, mul_div(need, u256{kBps}, u256{kBps - params_.slippage_bps}, Rounding::ceil));
    LB_TRY(numerator_scale, checked_mul(kWad, collateral_unit_));
    LB_TRY(per_unit, checked_mul(params_.swap_price, debt_unit_));
    LB_TRY(withdraw, mul_div(gross, numerator_scale, per_unit, Rounding::ceil));
    out.withdraw = withdraw;
    LB_TRY(raw_out, mul_div(withdraw, per_unit, numerator_scale, Rounding::floor));
    LB_TRY(min_out, mul_div(raw_out, u256{kBps - params_.slippage_bps}, u256{kBps},
                            Rounding::floor));
    out.swap_output_min = min_out;
    return out;
  }

 private:
  DeleverageParams params_;
  Revision revision_;
  u256 collateral_unit_;
  u256 debt_unit_;
};

}  // namespace

Result<DeleveragePlan> plan_deleverage(const Snapshot& snapshot, const DeleverageParams& params,
                                       const u256& target_hf, const PlanOptions& options) {
  LB_TRY_STATUS(validate_target(target_hf));
  if (params.debt_asset == params.collateral_asset)
    return make_error(Errc::unsupported,
                      "deleverage: debt and collateral are the same asset; repay with aTokens");
  if (params.swap_price.is_zero())
    return make_error(Errc::invalid_argument, "deleverage: swap price is 0");
  if (params.slippage_bps >= kBps || params.fee_bps >= kBps || params.premium_bps >= kBps)
    return make_error(Errc::invalid_argument, "deleverage: bps values must be below 10000");
  LB_TRY(debt_side, Scenario::create(snapshot, params.debt_asset, options.delay_seconds));
  LB_TRY(coll_side, Scenario::create(snapshot, params.collateral_asset, options.delay_seconds));
  if (!is_using_as_collateral(snapshot.user.configuration, coll_side.reserve().id))
    return make_error(Errc::unreachable_target, "deleverage: " +
                                                    params.collateral_asset.to_checksum() +
                                                    " is not enabled as collateral for the user");
  LB_TRY_STATUS(check_ltvzero_rule(snapshot, coll_side.reserve(), "deleverage"));
  const Deleverage model(params, snapshot.revision, detail::asset_unit(coll_side.reserve()),
                         detail::asset_unit(debt_side.reserve()));
  LB_TRY(debt, debt_side.variable_debt());
  LB_TRY(collateral, coll_side.collateral_balance());
  // One scenario carries both legs: take the debt side's working copy and locate the collateral.
  Scenario& s = debt_side;
  std::size_t coll_pos = s.snapshot().user.positions.size();
  for (std::size_t i = 0; i < s.snapshot().user.positions.size(); ++i)
    if (s.snapshot().user.positions[i].asset == params.collateral_asset) coll_pos = i;
  if (coll_pos == s.snapshot().user.positions.size())
    return make_error(Errc::unreachable_target, "deleverage: the user holds no " +
                                                    params.collateral_asset.to_checksum());
  const Position base_coll = s.snapshot().user.positions[coll_pos];
  const unsigned coll_bit = 2u * coll_side.reserve().id + 1u;
  const u256& income = coll_side.income_index();
  const auto apply = [&](const u256& flash) -> Result<AccountData> {
    s.reset();
    Position& cp = s.snapshot().user.positions[coll_pos];
    cp = base_coll;
    LB_TRY(leg, model.leg(flash));
    LB_TRY_STATUS(s.repay(flash));
    LB_TRY(burn, has_directional_rounding(snapshot.revision) ? ray_div_ceil(leg.withdraw, income)
                                                             : ray_div(leg.withdraw, income));
    cp.scaled_atoken_balance =
        burn >= cp.scaled_atoken_balance ? u256{} : cp.scaled_atoken_balance - burn;
    if (cp.scaled_atoken_balance.is_zero())
      s.snapshot().user.configuration = s.snapshot().user.configuration & ~(u256{1} << coll_bit);
    return s.evaluate();
  };
  DeleveragePlan out;
  LB_TRY(before, s.evaluate());
  out.before = before;
  out.after = before;
  if (before.health_factor >= target_hf) return out;
  // Largest F whose withdrawal fits the collateral balance (W(F) is monotone).
  u256 cap = debt;
  if (options.max_amount && *options.max_amount < cap) cap = *options.max_amount;
  LB_TRY(cap_leg, model.leg(cap));
  if (cap_leg.withdraw > collateral) {
    const auto too_much = [&](const u256& flash) -> Result<bool> {
      LB_TRY(leg, model.leg(flash));
      return leg.withdraw > collateral;
    };
    LB_TRY(first_too_much, bisect_first_true(u256{}, cap, too_much));
    cap = first_too_much - u256{1};
  }
  const auto reaches = [&](const u256& flash) -> Result<bool> {
    LB_TRY(data, apply(flash));
    return data.health_factor >= target_hf;
  };
  LB_TRY(enough, reaches(cap));
  if (!enough) {
    LB_TRY(best, apply(cap));
    return unreachable("deleveraging " + cap.to_dec() + " (the most the debt, collateral and "
                       "maximum amount allow)",
                       best, target_hf);
  }
  LB_TRY(flash, bisect_first_true(u256{}, cap, reaches));
  LB_TRY(leg, model.leg(flash));
  LB_TRY(after, apply(flash));
  out.flash_amount = flash;
  out.premium = leg.premium;
  out.service_fee = leg.service_fee;
  out.withdraw_amount = leg.withdraw;
  out.swap_output_min = leg.swap_output_min;
  out.after = after;
  return out;
}

Result<Plan> max_safe_withdrawal(const Snapshot& snapshot, const Address& asset,
                                 const u256& min_hf, const PlanOptions& options) {
  LB_TRY(s, Scenario::create(snapshot, asset, options.delay_seconds));
  LB_TRY_STATUS(check_ltvzero_rule(snapshot, s.reserve(), "withdrawal"));
  LB_TRY(balance, s.collateral_balance());
  u256 cap = balance;
  if (options.max_amount && *options.max_amount < cap) cap = *options.max_amount;
  Plan plan;
  LB_TRY(before, s.evaluate());
  plan.before = before;
  plan.after = before;
  const auto breaks = [&](const u256& amount) -> Result<bool> {
    s.reset();
    LB_TRY_STATUS(s.withdraw(amount));
    LB_TRY(data, s.evaluate());
    return data.health_factor < min_hf;
  };
  LB_TRY(breaks_at_zero, breaks(u256{}));
  if (breaks_at_zero)
    return make_error(Errc::unreachable_target, "protection: HF " + hf_text(before.health_factor) +
                                                    " is already below " + min_hf.to_fixed(18) +
                                                    "; nothing can be withdrawn");
  LB_TRY(breaks_at_cap, breaks(cap));
  u256 amount = cap;
  if (breaks_at_cap) {
    LB_TRY(first_bad, bisect_first_true(u256{}, cap, breaks));
    amount = first_bad - u256{1};
  }
  s.reset();
  LB_TRY_STATUS(s.withdraw(amount));
  LB_TRY(after, s.evaluate());
  plan.amount = amount;
  plan.after = after;
  return plan;
}

namespace {

/// Highest price bound searched: the current price times 2^40 (a trillion-fold move), at least 2^64.
u256 price_search_bound(const u256& current) noexcept {
  const u256 scaled = current << 40;
  const u256 floor_bound = u256{1} << 64;
  return (current.bit_length() + 40 > 255 || scaled < floor_bound) ? floor_bound : scaled;
}

}  // namespace

Result<LiquidationPrice> liquidation_price(const Snapshot& snapshot, const Address& asset) {
  LB_TRY(s, Scenario::create(snapshot, asset, 0));
  const Reserve& reserve = s.reserve();
  const bool collateral = is_using_as_collateral(snapshot.user.configuration, reserve.id);
  const bool borrowed = is_borrowing(snapshot.user.configuration, reserve.id);
  if (!collateral && !borrowed)
    return make_error(Errc::invalid_argument, "liquidation price: the user neither uses " +
                                                  asset.to_checksum() +
                                                  " as collateral nor borrows it");
  const std::size_t index = static_cast<std::size_t>(&reserve - s.snapshot().reserves.data());
  LiquidationPrice out;
  out.current_price = reserve.price;
  const auto liquidatable_at = [&](const u256& price) -> Result<bool> {
    s.snapshot().reserves[index].price = price;
    LB_TRY(data, s.evaluate());
    return data.health_factor < kLiquidationThresholdHf;
  };
  const u256 bound = price_search_bound(out.current_price);
  LB_TRY(at_zero, liquidatable_at(u256{}));
  LB_TRY(at_bound, liquidatable_at(bound));
  if (!at_zero) {
    out.reason = at_bound ? "HF falls below 1 only when the price rises (the asset is mostly debt)"
                          : "no price of this asset alone makes HF < 1";
    if (!at_bound) return out;
  }
  if (at_zero && at_bound) {
    out.reason = "HF stays below 1 at every price up to " + bound.to_dec();
    return out;
  }
  if (at_zero) {
    // Collateral side: HF rises with the price; the answer is the last liquidatable price.
    LB_TRY(first_safe, bisect_first_true(u256{}, bound, [&](const u256& p) -> Result<bool> {
      LB_TRY(liq, liquidatable_at(p));
      return !liq;
    }));
    out.price = first_safe - u256{1};
  } else {
    // Debt side: HF falls as the price rises; the answer is the first liquidatable price.
    LB_TRY(first_liq, bisect_first_true(u256{}, bound, liquidatable_at));
    out.price = first_liq;
  }
  s.snapshot().reserves[index].price = *out.price;
  LB_TRY(at_price, s.evaluate());
  out.at_price = at_price;
  return out;
}

Result<PriceChange> parse_price_change(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    return make_error(Errc::invalid_argument,
                      "price change: expected <address>=<percent>, got \"" + std::string(text) + "\"");
  auto address = Address::parse(text.substr(0, eq));
  if (!address)
    return make_error(Errc::invalid_argument, "price change: " + address.error().message);
  std::string_view percent = text.substr(eq + 1);
  bool negative = false;
  if (!percent.empty() && (percent.front() == '-' || percent.front() == '+')) {
    negative = percent.front() == '-';
    percent.remove_prefix(1);
  }
  // percent with 7 fraction digits = parts per billion of 1.
  auto ppb = parse_decimal(percent, 7);
  if (!ppb) return make_error(Errc::invalid_argument, "price change: " + ppb.error().message);
  if (*ppb > u256{static_cast<std::uint64_t>(negative ? kPpb : 1000 * kPpb)})
    return make_error(Errc::invalid_argument,
                      "price change: \"" + std::string(text) +
                          (negative ? "\" falls below -100%" : "\" exceeds +100000%"));
  PriceChange out;
  out.asset = *address;
  const auto magnitude = static_cast<std::int64_t>(ppb->limbs[0]);
  out.change_ppb = negative ? -magnitude : magnitude;
  return out;
}

namespace {

Result<u256> changed_price(const u256& price, std::int64_t change_ppb) {
  if (change_ppb < -kPpb)
    return make_error(Errc::invalid_argument, "price change below -100%");
  const std::int64_t factor = kPpb + change_ppb;
  return mul_div(price, u256{static_cast<std::uint64_t>(factor)},
                 u256{static_cast<std::uint64_t>(kPpb)}, Rounding::floor);
}

}  // namespace

Result<AccountData> shock(const Snapshot& snapshot, std::span<const PriceChange> changes) {
  Snapshot work = snapshot;
  for (const PriceChange& change : changes) {
    const Reserve* reserve = work.find_reserve(change.asset);
    if (reserve == nullptr)
      return make_error(Errc::not_found, "shock: no reserve for asset " + change.asset.to_checksum());
    Reserve& r = work.reserves[static_cast<std::size_t>(reserve - work.reserves.data())];
    LB_TRY(price, changed_price(r.price, change.change_ppb));
    r.price = price;
    for (EModeCategory& e : work.emodes)
      if (e.price_source == change.asset) {
        LB_TRY(emode_price, changed_price(e.price, change.change_ppb));
        e.price = emode_price;
      }
  }
  return account_data(work);
}

Result<UniformDrop> min_collateral_drop(const Snapshot& snapshot) {
  Snapshot work = snapshot;
  std::vector<std::size_t> collateral;
  for (std::size_t i = 0; i < work.reserves.size(); ++i)
    if (is_using_as_collateral(work.user.configuration, work.reserves[i].id))
      collateral.push_back(i);
  const EModeCategory* emode = detail::user_emode(snapshot);
  const bool emode_priced = has_emode_price_source(snapshot.revision) && emode != nullptr &&
                            !emode->price.is_zero();
  const auto at_drop = [&](std::int64_t drop) -> Result<AccountData> {
    for (std::size_t i : collateral) {
      LB_TRY(price, changed_price(snapshot.reserves[i].price, -drop));
      work.reserves[i].price = price;
    }
    if (emode_priced) {
      for (EModeCategory& e : work.emodes)
        if (e.id == emode->id) {
          LB_TRY(price, changed_price(emode->price, -drop));
          e.price = price;
        }
    }
    return account_data(work);
  };
  const auto liquidatable = [&](const u256& drop) -> Result<bool> {
    LB_TRY(data, at_drop(static_cast<std::int64_t>(drop.limbs[0])));
    return data.health_factor < kLiquidationThresholdHf;
  };
  UniformDrop out;
  LB_TRY(now, liquidatable(u256{}));
  if (!now) {
    LB_TRY(at_total, liquidatable(u256{static_cast<std::uint64_t>(kPpb)}));
    if (!at_total) {
      LB_TRY(data, at_drop(kPpb));
      return make_error(Errc::unreachable_target,
                        "price drop: HF stays at " + hf_text(data.health_factor) +
                            " even when every collateral price falls 100%");
    }
    LB_TRY(drop, bisect_first_true(u256{}, u256{static_cast<std::uint64_t>(kPpb)}, liquidatable));
    out.drop_ppb = static_cast<std::int64_t>(drop.limbs[0]);
  }
  LB_TRY(data, at_drop(out.drop_ppb));
  out.at_drop = data;
  return out;
}

}  // namespace liquidbot::aave
