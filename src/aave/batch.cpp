// Batch account data: one Market (indexes per timestamp computed once), users in a UserBook
// (structure-of-arrays rows), evaluation without per-user allocation, optional worker threads.
#include <liquidbot/aave/batch.hpp>

#include "detail/aave_account.hpp"
#include "detail/aave_fast.hpp"
#include "detail/aave_snapshot.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>

namespace liquidbot::aave {

namespace {

using detail::Reciprocal64;
using detail::RayRounding;

/// Per-reserve inputs of the fast path, rebuilt per evaluation call (at most 128 entries).
struct FastReserve {
  bool ok = false;  ///< every input in range; otherwise users of this reserve take the checked path
  std::uint16_t id = 0;
  std::uint16_t ltv = 0;
  std::uint16_t lt = 0;
  u256 income;
  u256 debt_index;
  u256 price;
  Reciprocal64 unit;
};

struct FastContext {
  Revision revision = kDefaultRevision;
  Reciprocal64 two_five27 = Reciprocal64::make(detail::kTwoFivePow27);
  Reciprocal64 percent = Reciprocal64::make(kPercentageFactor);
  std::vector<FastReserve> reserves;
};

/// q = x / d for a u256 divisor, through a reciprocal when it fits 64 bits.
u256 divide_by(const u256& x, const u256& d) noexcept {
  if (d.fits_u64()) {
    u256 q;
    Reciprocal64::make(d.limbs[0]).divide(x, q);
    return q;
  }
  return x / d;
}

}  // namespace

struct BatchAccess {
  static FastContext fast_context(const Market& m) {
    FastContext ctx;
    ctx.revision = m.revision_;
    ctx.reserves.resize(m.reserves_.size());
    if (has_stable_debt(m.revision_)) return ctx;  // 3.0-3.1: stable debt, eMode prices
    for (std::size_t i = 0; i < m.reserves_.size(); ++i) {
      const Reserve& r = m.reserves_[i];
      FastReserve& f = ctx.reserves[i];
      f.id = r.id;
      f.ltv = r.config.ltv;
      f.lt = r.config.liquidation_threshold;
      f.ok = !m.income_error_[i] && !m.debt_error_[i] && m.unit_[i].fits_u64() &&
             !m.unit_[i].is_zero() && detail::fits_u128(r.price) && detail::fits_u128(m.income_[i]) &&
             detail::fits_u128(m.debt_[i]);
      if (!f.ok) continue;
      f.income = m.income_[i];
      f.debt_index = m.debt_[i];
      f.price = r.price;
      f.unit = Reciprocal64::make(m.unit_[i].limbs[0]);
    }
    return ctx;
  }

  /// The fast path; false when some operand is out of its proven range (then use evaluate_one).
  static bool evaluate_fast(const FastContext& ctx, const Market& m, const UserBook& b,
                            std::uint32_t u, AccountData& out) noexcept {
    if (has_stable_debt(ctx.revision)) return false;
    const bool v35 = has_directional_rounding(ctx.revision);
    const bool v36 = has_ltvzero_bitmap(ctx.revision);
    const std::uint8_t category = b.emode_[u];
    const EModeCategory* e =
        category != 0 ? &m.emodes_[static_cast<std::size_t>(m.emode_by_id_[category])] : nullptr;
    u256 collateral, debt, lt_sum, ltv_sum, weighted, value;
    const std::uint32_t end = b.first_row_[u + 1];
    for (std::uint32_t row = b.first_row_[u]; row < end; ++row) {
      const FastReserve& f = ctx.reserves[b.row_reserve_[row]];
      if (!f.ok) return false;
      const std::uint8_t flags = b.row_flags_[row];
      if ((flags & 4) != 0) return false;  // a scaled balance of 2^128 or more
      const std::uint64_t* narrow = &b.row_narrow_[4 * static_cast<std::size_t>(row)];
      if ((flags & 2) != 0 && (v36 || f.lt != 0)) {
        const u256 scaled = u256::from_limbs(narrow[0], narrow[1], 0, 0);
        const u256 balance = detail::ray_mul_fast(scaled, f.income,
                                                  v35 ? RayRounding::floor : RayRounding::half_up, ctx.two_five27);
        if (!detail::fits_u128(balance)) return false;
        u256 base;
        f.unit.divide(detail::mul_128(balance, f.price), base);
        if (!detail::add_checked(collateral, base, collateral)) return false;
        const bool in_emode = e != nullptr && is_reserve_enabled_on_bitmap(e->collateral_bitmap, f.id);
        std::uint16_t ltv = 0;
        if (v36)
          ltv = in_emode ? (is_reserve_enabled_on_bitmap(e->ltvzero_bitmap, f.id) ? 0 : e->ltv) : f.ltv;
        else
          ltv = f.ltv == 0 ? 0 : (in_emode ? e->ltv : f.ltv);
        if (ltv != 0 && (!detail::mul_small(base, ltv, weighted) ||
                         !detail::add_checked(ltv_sum, weighted, ltv_sum)))
          return false;
        const std::uint16_t lt = in_emode ? e->liquidation_threshold : f.lt;
        if (!detail::mul_small(base, lt, weighted) || !detail::add_checked(lt_sum, weighted, lt_sum))
          return false;
      }
      if ((flags & 1) != 0) {
        const u256 scaled = u256::from_limbs(narrow[2], narrow[3], 0, 0);
        if (!v35 && scaled.is_zero()) continue;
        const u256 balance = detail::ray_mul_fast(scaled, f.debt_index,
                                                  v35 ? RayRounding::ceil : RayRounding::half_up, ctx.two_five27);
        if (!detail::fits_u128(balance)) return false;
        u256 base;
        const std::uint64_t rem = f.unit.divide(detail::mul_128(balance, f.price), base);
        if (v35 && rem != 0) detail::increment(base);
        if (!detail::add_checked(debt, base, debt)) return false;
      }
    }
    out.total_collateral_base = collateral;
    out.total_debt_base = debt;
    if (collateral.is_zero()) {
      out.ltv = u256{};
      out.current_liquidation_threshold = u256{};
    } else if (collateral.fits_u64()) {
      // Both quotients are below 2^16 (every LTV/LT <= 65535), so one hardware division each.
      out.ltv = u256{detail::div_128_by_64(ltv_sum.limbs[1], ltv_sum.limbs[0], collateral.limbs[0])};
      out.current_liquidation_threshold =
          u256{detail::div_128_by_64(lt_sum.limbs[1], lt_sum.limbs[0], collateral.limbs[0])};
    } else {
      out.ltv = ltv_sum / collateral;
      out.current_liquidation_threshold = lt_sum / collateral;
    }
    if (debt.is_zero()) {
      out.health_factor = kMaxHealthFactor;
    } else {
      u256 numerator = lt_sum;
      if (!v35) {  // percentMul(C, avgLT)
        if (!detail::mul_small(collateral, out.current_liquidation_threshold.limbs[0], value) ||
            !detail::add_checked(value, u256{kHalfPercentage}, value))
          return false;
        ctx.percent.divide(value, numerator);
      }
      // wadDiv(numerator, D) = (numerator * 1e18 + D / 2) / D
      if (!detail::mul_small(numerator, kWad.limbs[0], value) ||
          !detail::add_checked(value, detail::shr1(debt), value))
        return false;
      // 3.5+: floor(floor(value / D) / 1e4) = floor(value / (D * 1e4)): one hardware division
      // when D * 1e4 fits 64 bits and the quotient does too.
      u256 scaled_debt;
      if (v35 && debt.fits_u64() && detail::mul_small(debt, kPercentageFactor, scaled_debt) &&
          scaled_debt.fits_u64() && (value.limbs[2] | value.limbs[3]) == 0 &&
          value.limbs[1] < scaled_debt.limbs[0]) {
        out.health_factor = u256{detail::div_128_by_64(value.limbs[1], value.limbs[0], scaled_debt.limbs[0])};
      } else {
        out.health_factor = divide_by(value, debt);
        if (v35) ctx.percent.divide(out.health_factor, out.health_factor);
      }
    }
    if (!detail::mul_small(collateral, out.ltv.limbs[0], value)) return false;
    if (!v35 && !detail::add_checked(value, u256{kHalfPercentage}, value)) return false;
    u256 borrowable;
    ctx.percent.divide(value, borrowable);
    out.available_borrows_base = borrowable > debt ? detail::sub_unchecked(borrowable, debt) : u256{};
    return true;
  }

  static Status evaluate_one(const Market& m, const UserBook& b, std::uint32_t u, AccountData& out) {
    const std::uint8_t category = b.emode_[u];
    const EModeCategory* emode =
        category != 0 ? &m.emodes_[static_cast<std::size_t>(m.emode_by_id_[category])] : nullptr;
    detail::AaveAccountAccumulator acc(m.revision_, detail::AaveEModeView{category, emode});
    const std::uint32_t end = b.first_row_[u + 1];
    for (std::uint32_t row = b.first_row_[u]; row < end; ++row) {
      const std::size_t ri = b.row_reserve_[row];
      const Reserve& reserve = m.reserves_[ri];
      const auto& income_error = m.income_error_[ri];
      const auto& debt_error = m.debt_error_[ri];
      detail::AaveLineInput in;
      in.id = reserve.id;
      in.config = &reserve.config;
      in.oracle_price = &reserve.price;
      in.unit = &m.unit_[ri];
      in.income = income_error ? nullptr : &m.income_[ri];
      in.debt_index = debt_error ? nullptr : &m.debt_[ri];
      in.income_error = income_error ? &*income_error : nullptr;
      in.debt_error = debt_error ? &*debt_error : nullptr;
      in.scaled_atoken = &b.row_scaled_atoken_[row];
      in.scaled_vdebt = &b.row_scaled_vdebt_[row];
      in.borrowed = (b.row_flags_[row] & 1) != 0;
      in.collateral = (b.row_flags_[row] & 2) != 0;
      u256 stable;
      if (has_stable_debt(m.revision_)) {
        const std::uint32_t k = b.row_stable_[row];
        if (k != UINT32_MAX && in.borrowed) {
          LB_TRY(balance, stable_debt_balance(b.stable_[k], m.timestamp_, m.revision_));
          stable = balance;
        }
        in.stable_debt = &stable;
      }
      LB_TRY_STATUS(acc.add(in, nullptr));
    }
    LB_TRY(data, acc.finish());
    out = data;
    return {};
  }

  template <typename IndexOf>
  static Status run(const Market& m, const UserBook& b, std::size_t count, IndexOf index_of,
                    std::span<AccountData> out, std::span<Errc> status, BatchOptions options) {
    if (out.size() != b.size() || status.size() != b.size())
      return make_error(Errc::invalid_argument, "batch: out and status need one entry per user (" +
                                                    std::to_string(b.size()) + ")");
    const FastContext ctx = fast_context(m);
    auto work = [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const std::uint32_t u = index_of(i);
        if (evaluate_fast(ctx, m, b, u, out[u])) {
          status[u] = Errc::ok;
        } else if (auto result = evaluate_one(m, b, u, out[u]); result) {
          status[u] = Errc::ok;
        } else {
          status[u] = result.error().code;
          out[u] = AccountData{};
        }
      }
    };
    const std::size_t threads = std::clamp<std::size_t>(options.threads, 1, std::max<std::size_t>(count, 1));
    if (threads == 1) {
      work(0, count);
      return {};
    }
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    const std::size_t chunk = (count + threads - 1) / threads;
    for (std::size_t t = 1; t < threads; ++t) {
      const std::size_t begin = std::min(count, t * chunk);
      const std::size_t end = std::min(count, begin + chunk);
      pool.emplace_back(work, begin, end);
    }
    work(0, std::min(count, chunk));
    for (auto& thread : pool) thread.join();
    return {};
  }
};

Result<Market> Market::from_snapshot(const Snapshot& snapshot) {
  Snapshot market_only;
  market_only.revision = snapshot.revision;
  market_only.timestamp = snapshot.timestamp;
  market_only.base_currency_unit = snapshot.base_currency_unit;
  market_only.reserves = snapshot.reserves;
  market_only.emodes = snapshot.emodes;
  LB_TRY_STATUS(validate(market_only));
  Market m;
  m.revision_ = snapshot.revision;
  m.base_currency_unit_ = snapshot.base_currency_unit;
  m.reserves_ = std::move(market_only.reserves);
  m.emodes_ = std::move(market_only.emodes);
  std::fill(std::begin(m.by_id_), std::end(m.by_id_), -1);
  std::fill(std::begin(m.emode_by_id_), std::end(m.emode_by_id_), -1);
  for (std::size_t i = 0; i < m.reserves_.size(); ++i) {
    m.by_id_[m.reserves_[i].id] = static_cast<int>(i);
    m.unit_.push_back(asset_unit(m.reserves_[i].config.decimals));
  }
  for (std::size_t i = 0; i < m.emodes_.size(); ++i) m.emode_by_id_[m.emodes_[i].id] = static_cast<int>(i);
  m.income_.resize(m.reserves_.size());
  m.debt_.resize(m.reserves_.size());
  m.income_error_.resize(m.reserves_.size());
  m.debt_error_.resize(m.reserves_.size());
  LB_TRY_STATUS(m.set_timestamp(snapshot.timestamp));
  return m;
}

Status Market::set_timestamp(std::uint64_t timestamp) {
  if (timestamp > (1ULL << 40) - 1) return make_error(Errc::invalid_argument, "market: timestamp exceeds uint40");
  timestamp_ = timestamp;
  for (std::size_t i = 0; i < reserves_.size(); ++i) {
    detail::AaveReserveIndexes indexes = detail::aave_reserve_indexes(reserves_[i], i, timestamp, revision_);
    income_[i] = indexes.income;
    debt_[i] = indexes.debt_index;
    income_error_[i] = std::move(indexes.income_error);
    debt_error_[i] = std::move(indexes.debt_error);
  }
  return {};
}

Status Market::set_price(std::uint16_t reserve_id, const u256& price) {
  const int i = index_of(reserve_id);
  if (i < 0)
    return make_error(Errc::not_found, "market: no reserve with id " + std::to_string(reserve_id));
  reserves_[static_cast<std::size_t>(i)].price = price;
  return {};
}

Result<std::uint32_t> UserBook::add(const Market& market, const UserState& user) {
  LB_TRY_STATUS(detail::validate_aave_user(market.reserves(), market.emodes(), user));
  if (size() >= UINT32_MAX - 1) return make_error(Errc::overflow, "user book is full");
  if (first_row_.empty()) first_row_.push_back(0);
  if (holders_.empty()) holders_.resize(kMaxReserves);
  const auto u = static_cast<std::uint32_t>(size());
  address_.push_back(user.address);
  configuration_.push_back(user.configuration);
  emode_.push_back(user.emode_category);
  for (unsigned id = 0; id < kMaxReserves; ++id) {
    const bool borrowed = is_borrowing(user.configuration, id);
    const bool collateral = is_using_as_collateral(user.configuration, id);
    if (!borrowed && !collateral) continue;
    const int ri = market.index_of(static_cast<std::uint16_t>(id));
    const Reserve& reserve = market.reserves()[static_cast<std::size_t>(ri)];
    const Position* position = nullptr;
    for (const auto& p : user.positions)
      if (p.asset == reserve.asset) position = &p;
    row_reserve_.push_back(static_cast<std::uint16_t>(ri));
    const u256& scaled_a = position->scaled_atoken_balance;
    const u256& scaled_v = position->scaled_variable_debt;
    const bool wide = !detail::fits_u128(scaled_a) || !detail::fits_u128(scaled_v);
    row_flags_.push_back(
        static_cast<std::uint8_t>((borrowed ? 1 : 0) | (collateral ? 2 : 0) | (wide ? 4 : 0)));
    row_scaled_atoken_.push_back(scaled_a);
    row_scaled_vdebt_.push_back(scaled_v);
    row_narrow_.insert(row_narrow_.end(), {scaled_a.limbs[0], scaled_a.limbs[1], scaled_v.limbs[0], scaled_v.limbs[1]});
    if (has_stable_debt(market.revision()) && !position->principal_stable_debt.is_zero()) {
      row_stable_.push_back(static_cast<std::uint32_t>(stable_.size()));
      stable_.push_back(*position);
    } else {
      row_stable_.push_back(UINT32_MAX);
    }
    holders_[id].push_back(u);
  }
  first_row_.push_back(static_cast<std::uint32_t>(row_reserve_.size()));
  return u;
}

std::span<const std::uint32_t> UserBook::users_holding(std::uint16_t reserve_id) const noexcept {
  if (reserve_id >= holders_.size()) return {};
  return holders_[reserve_id];
}

Status evaluate_all(const Market& market, const UserBook& book, std::span<AccountData> out,
                    std::span<Errc> status, BatchOptions options) {
  return BatchAccess::run(
      market, book, book.size(), [](std::size_t i) { return static_cast<std::uint32_t>(i); }, out,
      status, options);
}

Status evaluate_users(const Market& market, const UserBook& book,
                      std::span<const std::uint32_t> users, std::span<AccountData> out,
                      std::span<Errc> status, BatchOptions options) {
  for (const std::uint32_t u : users)
    if (u >= book.size())
      return make_error(Errc::invalid_argument, "batch: user index " + std::to_string(u) +
                                                    " out of range (" + std::to_string(book.size()) + ")");
  return BatchAccess::run(
      market, book, users.size(), [users](std::size_t i) { return users[i]; }, out, status, options);
}

Status reprice(Market& market, const UserBook& book, std::uint16_t reserve_id, const u256& price,
               std::span<AccountData> out, std::span<Errc> status, BatchOptions options) {
  LB_TRY_STATUS(market.set_price(reserve_id, price));
  return evaluate_users(market, book, book.users_holding(reserve_id), out, status, options);
}

}  // namespace liquidbot::aave
