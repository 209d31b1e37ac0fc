// getUserAccountData per revision (GenericLogic.calculateUserAccountData + calculateAvailableBorrows).
#include <liquidbot/aave/account.hpp>

#include "detail/aave_account.hpp"

#include <string>

namespace liquidbot::aave {

u256 asset_unit(std::uint8_t decimals) noexcept {
  u256 unit{1};
  for (unsigned i = 0; i < decimals; ++i) unit *= u256{10};  // wraps like `unchecked { 10 ** d }`
  return unit;
}

Result<u256> normalized_income(const Reserve& reserve, std::uint64_t timestamp) noexcept {
  if (reserve.last_update_timestamp == timestamp) return reserve.liquidity_index;
  LB_TRY(interest, linear_interest(reserve.current_liquidity_rate, reserve.last_update_timestamp,
                                   timestamp));
  return ray_mul(interest, reserve.liquidity_index);
}

Result<u256> normalized_debt(const Reserve& reserve, std::uint64_t timestamp,
                             Revision revision) noexcept {
  if (reserve.last_update_timestamp == timestamp) return reserve.variable_borrow_index;
  LB_TRY(interest, compounded_interest(reserve.current_variable_borrow_rate,
                                       reserve.last_update_timestamp, timestamp, revision));
  return ray_mul(interest, reserve.variable_borrow_index);
}

Result<u256> atoken_balance(const u256& scaled, const u256& income, Revision revision) noexcept {
  return has_directional_rounding(revision) ? ray_mul_floor(scaled, income) : ray_mul(scaled, income);
}

Result<u256> variable_debt_balance(const u256& scaled, const u256& debt_index,
                                   Revision revision) noexcept {
  return has_directional_rounding(revision) ? ray_mul_ceil(scaled, debt_index)
                                            : ray_mul(scaled, debt_index);
}

Result<u256> stable_debt_balance(const Position& position, std::uint64_t timestamp,
                                 Revision revision) noexcept {
  if (!has_stable_debt(revision) || position.principal_stable_debt.is_zero()) return u256{};
  LB_TRY(interest, compounded_interest(position.stable_rate, position.stable_last_updated, timestamp,
                                       revision));
  return ray_mul(position.principal_stable_debt, interest);
}

Result<AccountDetail> account_detail(const Snapshot& s) {
  if (auto status = validate(s); !status) return std::move(status).error();
  const UserState& user = s.user;
  detail::AaveEModeView emode{user.emode_category,
                              user.emode_category != 0 ? s.find_emode(user.emode_category) : nullptr};
  detail::AaveAccountAccumulator acc(s.revision, emode);
  AccountDetail out;
  for (unsigned id = 0; id < kMaxReserves; ++id) {
    const bool borrowed = is_borrowing(user.configuration, id);
    const bool collateral = is_using_as_collateral(user.configuration, id);
    if (!borrowed && !collateral) continue;
    const Reserve* reserve = s.find_reserve(static_cast<std::uint16_t>(id));
    const std::size_t index = static_cast<std::size_t>(reserve - s.reserves.data());
    const Position* position = nullptr;
    for (const auto& p : user.positions)
      if (p.asset == reserve->asset) position = &p;
    const u256 unit = asset_unit(reserve->config.decimals);
    const detail::AaveReserveIndexes indexes =
        detail::aave_reserve_indexes(*reserve, index, s.timestamp, s.revision);
    u256 stable;
    if (borrowed) {
      auto balance = stable_debt_balance(*position, s.timestamp, s.revision);
      if (!balance)
        return make_error(balance.error().code, "user.positions stable debt on reserve " +
                                                    std::to_string(id) + ": " + balance.error().message);
      stable = *balance;
    }
    detail::AaveLineInput in;
    in.id = static_cast<std::uint16_t>(id);
    in.config = &reserve->config;
    in.oracle_price = &reserve->price;
    in.unit = &unit;
    in.income = indexes.income_error ? nullptr : &indexes.income;
    in.debt_index = indexes.debt_error ? nullptr : &indexes.debt_index;
    in.income_error = indexes.income_error ? &*indexes.income_error : nullptr;
    in.debt_error = indexes.debt_error ? &*indexes.debt_error : nullptr;
    in.scaled_atoken = &position->scaled_atoken_balance;
    in.scaled_vdebt = &position->scaled_variable_debt;
    in.stable_debt = has_stable_debt(s.revision) ? &stable : nullptr;
    in.borrowed = borrowed;
    in.collateral = collateral;
    ReserveLine line;
    line.reserve_index = index;
    LB_TRY_STATUS(acc.add(in, &line));
    out.lines.push_back(line);
  }
  LB_TRY(data, acc.finish());
  out.data = data;
  out.weighted_lt_sum = acc.weighted_lt_sum();
  out.weighted_ltv_sum = acc.weighted_ltv_sum();
  out.has_zero_ltv_collateral = acc.has_zero_ltv();
  return out;
}

Result<AccountData> account_data(const Snapshot& snapshot) {
  LB_TRY(detail, account_detail(snapshot));
  return detail.data;
}

}  // namespace liquidbot::aave

namespace liquidbot::detail {

using aave::Revision;

AaveReserveIndexes aave_reserve_indexes(const aave::Reserve& reserve, std::size_t index,
                                        std::uint64_t timestamp, Revision revision) {
  AaveReserveIndexes out;
  const auto where = [index] { return "reserves[" + std::to_string(index) + "]."; };
  if (reserve.last_update_timestamp > timestamp) {
    const Error early = make_error(Errc::invalid_argument,
                                   where() + "lastUpdateTimestamp: " + std::to_string(reserve.last_update_timestamp) +
                                       " is after the evaluation timestamp " + std::to_string(timestamp));
    out.income_error = early;
    out.debt_error = early;
    return out;
  }
  auto income = aave::normalized_income(reserve, timestamp);
  if (income)
    out.income = *income;
  else
    out.income_error = make_error(income.error().code, where() + "liquidityIndex: " + income.error().message);
  auto debt = aave::normalized_debt(reserve, timestamp, revision);
  if (debt)
    out.debt_index = *debt;
  else
    out.debt_error = make_error(debt.error().code, where() + "variableBorrowIndex: " + debt.error().message);
  return out;
}

Status AaveAccountAccumulator::add(const AaveLineInput& in, aave::ReserveLine* line) {
  const aave::ReserveConfig& cfg = *in.config;
  const aave::EModeCategory* e = emode_.emode;
  const bool legacy_emode = aave::has_emode_price_source(revision_);
  // 3.0-3.1: an eMode price source replaces the oracle price for the category's assets.
  const u256* price = in.oracle_price;
  if (legacy_emode && e != nullptr && !e->price.is_zero() && cfg.emode_category == emode_.category)
    price = &e->price;
  const u256& unit = *in.unit;
  if (line != nullptr) {
    line->reserve_id = in.id;
    line->price = *price;
    line->unit = unit;
    line->borrowed = in.borrowed;
  }
  const bool counted =
      in.collateral && (aave::has_ltvzero_bitmap(revision_) || cfg.liquidation_threshold != 0);
  if (counted) {
    if (in.income == nullptr) return *in.income_error;
    LB_TRY(balance, aave::atoken_balance(*in.scaled_atoken, *in.income, revision_));
    LB_TRY(value, checked_mul(balance, *price));
    if (unit.is_zero()) return make_error(Errc::division_by_zero, "asset unit 10^decimals wraps to 0");
    const u256 base = value / unit;
    LB_TRY(collateral, checked_add(collateral_, base));
    collateral_ = collateral;
    const bool in_emode =
        e != nullptr && (legacy_emode ? cfg.emode_category == emode_.category
                                      : aave::is_reserve_enabled_on_bitmap(e->collateral_bitmap, in.id));
    std::uint16_t ltv = 0;
    if (aave::has_ltvzero_bitmap(revision_))
      ltv = in_emode ? (aave::is_reserve_enabled_on_bitmap(e->ltvzero_bitmap, in.id) ? 0 : e->ltv)
                     : cfg.ltv;
    else
      ltv = cfg.ltv == 0 ? 0 : (in_emode ? e->ltv : cfg.ltv);
    if (ltv == 0) {
      has_zero_ltv_ = true;
    } else {
      LB_TRY(weighted, checked_mul(base, u256{ltv}));
      LB_TRY(sum, checked_add(ltv_sum_, weighted));
      ltv_sum_ = sum;
    }
    const std::uint16_t lt = in_emode ? e->liquidation_threshold : cfg.liquidation_threshold;
    LB_TRY(weighted_lt, checked_mul(base, u256{lt}));
    LB_TRY(lt_sum, checked_add(lt_sum_, weighted_lt));
    lt_sum_ = lt_sum;
    if (line != nullptr) {
      line->collateral = true;
      line->in_emode = in_emode;
      line->collateral_balance = balance;
      line->collateral_base = base;
      line->ltv = ltv;
      line->liquidation_threshold = lt;
      line->liquidation_bonus = in_emode ? e->liquidation_bonus : cfg.liquidation_bonus;
    }
  }
  if (in.borrowed) {
    u256 base;
    if (aave::has_directional_rounding(revision_)) {
      if (in.debt_index == nullptr) return *in.debt_error;
      LB_TRY(debt, aave::variable_debt_balance(*in.scaled_vdebt, *in.debt_index, revision_));
      LB_TRY(value, aave::mul_div_ceil(debt, *price, unit));
      if (line != nullptr) line->variable_debt = debt;
      base = value;
    } else {
      // <= 3.4: zero scaled debt skips the index; 3.0-3.1 add the stable balance, then floor.
      u256 debt;
      if (!in.scaled_vdebt->is_zero()) {
        if (in.debt_index == nullptr) return *in.debt_error;
        LB_TRY(variable, aave::variable_debt_balance(*in.scaled_vdebt, *in.debt_index, revision_));
        debt = variable;
      }
      if (line != nullptr) line->variable_debt = debt;
      if (in.stable_debt != nullptr) {
        LB_TRY(total, checked_add(debt, *in.stable_debt));
        debt = total;
        if (line != nullptr) line->stable_debt = *in.stable_debt;
      }
      if (!debt.is_zero() || in.stable_debt != nullptr) {
        LB_TRY(value, checked_mul(debt, *price));
        if (unit.is_zero())
          return make_error(Errc::division_by_zero, "asset unit 10^decimals wraps to 0");
        base = value / unit;
      }
    }
    LB_TRY(total_debt, checked_add(debt_, base));
    debt_ = total_debt;
    if (line != nullptr) line->debt_base = base;
  }
  return {};
}

Result<aave::AccountData> AaveAccountAccumulator::finish() const {
  aave::AccountData out;
  out.total_collateral_base = collateral_;
  out.total_debt_base = debt_;
  if (!collateral_.is_zero()) {
    out.ltv = ltv_sum_ / collateral_;
    out.current_liquidation_threshold = lt_sum_ / collateral_;
  }
  if (debt_.is_zero()) {
    out.health_factor = aave::kMaxHealthFactor;
  } else if (aave::has_directional_rounding(revision_)) {
    LB_TRY(hf, aave::wad_div(lt_sum_, debt_));
    out.health_factor = hf / u256{aave::kPercentageFactor};
  } else {
    LB_TRY(adjusted, aave::percent_mul(collateral_, out.current_liquidation_threshold));
    LB_TRY(hf, aave::wad_div(adjusted, debt_));
    out.health_factor = hf;
  }
  LB_TRY(borrowable, aave::has_directional_rounding(revision_)
                         ? aave::percent_mul_floor(collateral_, out.ltv)
                         : aave::percent_mul(collateral_, out.ltv));
  if (borrowable > debt_) out.available_borrows_base = borrowable - debt_;
  return out;
}

}  // namespace liquidbot::detail
