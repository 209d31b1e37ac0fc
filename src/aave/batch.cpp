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

using detail::fast_u128;
using detail::Reciprocal64;
using detail::RayRounding;

/// Per-reserve inputs of the fast path (see aave_fast.hpp for its domain).
struct FastReserve {
  fast_u128 income = 0;
  fast_u128 debt_index = 0;
  std::uint64_t price = 0;
  Reciprocal64 unit;
  bool ok = false;  ///< every input in the domain; otherwise users of this reserve take the checked path
};

/// A collateral's weights for a user in one eMode slot (0 = none, k = emodes()[k - 1]).
struct FastWeights {
  std::uint16_t ltv = 0;
  std::uint16_t lt = 0;
  bool counted = false;  ///< the collateral enters the sums (<= 3.5: only with LT != 0)
};

/// Built once per evaluation call: (eModes + 1) * reserves weights, no per-user work.
struct FastContext {
  bool directional = false;  ///< 3.5+ rounding
  std::size_t reserve_count = 0;
  Reciprocal64 two_five27 = Reciprocal64::make(detail::kTwoFivePow27);
  Reciprocal64 percent = Reciprocal64::make(kPercentageFactor);
  std::vector<FastReserve> reserves;
  std::vector<FastWeights> weights;  ///< slot * reserve_count + reserve
  std::vector<std::uint8_t> slot_ok;  ///< false: 3.0-3.1 eMode with its own price source
};

/// The weights GenericLogic.calculateUserAccountData gives a collateral (AaveAccountAccumulator::add).
FastWeights collateral_weights(Revision revision, const Reserve& r, const EModeCategory* e) noexcept {
  const bool in_emode = e != nullptr && (has_emode_price_source(revision)
                                             ? r.config.emode_category == e->id
                                             : is_reserve_enabled_on_bitmap(e->collateral_bitmap, r.id));
  FastWeights w;
  if (has_ltvzero_bitmap(revision))
    w.ltv = in_emode ? (is_reserve_enabled_on_bitmap(e->ltvzero_bitmap, r.id) ? 0 : e->ltv) : r.config.ltv;
  else
    w.ltv = r.config.ltv == 0 ? 0 : (in_emode ? e->ltv : r.config.ltv);
  w.lt = in_emode ? e->liquidation_threshold : r.config.liquidation_threshold;
  w.counted = has_ltvzero_bitmap(revision) || r.config.liquidation_threshold != 0;
  return w;
}

/// (numerator * 10^18 + d / 2) / d (wadDiv), then (3.5+, `percent` not null) floored by 10^4.
/// numerator below 2^88, d non-zero below 2^64.
u256 health_factor(fast_u128 numerator, std::uint64_t d, const Reciprocal64* percent) noexcept {
  const fast_u128 low = static_cast<fast_u128>(detail::low64(numerator)) * kWad.limbs[0];
  const fast_u128 high = static_cast<fast_u128>(detail::high64(numerator)) * kWad.limbs[0] + detail::high64(low);
  u256 value = u256::from_limbs(detail::low64(low), detail::low64(high), detail::high64(high), 0);
  const std::uint64_t half = d / 2;
  value.limbs[0] += half;
  if (value.limbs[0] < half && ++value.limbs[1] == 0) ++value.limbs[2];
  if (percent == nullptr) return detail::divide_by_u64(value, d);
  // floor(floor(x / d) / 10^4) = floor(x / (d * 10^4)): one division when d * 10^4 fits 64 bits.
  const fast_u128 divisor = static_cast<fast_u128>(d) * kPercentageFactor;
  if (detail::high64(divisor) == 0) return detail::divide_by_u64(value, detail::low64(divisor));
  // Else d >= 2^50, so x / d < 2^98.
  const u256 q = detail::divide_by_u64(value, d);
  std::uint64_t rem = 0;
  return detail::from_u128(percent->divide(detail::make_u128(q.limbs[1], q.limbs[0]), rem));
}

}  // namespace

struct BatchAccess {
  static FastContext fast_context(const Market& m) {
    FastContext ctx;
    const Revision revision = m.revision_;
    ctx.directional = has_directional_rounding(revision);
    ctx.reserve_count = m.reserves_.size();
    ctx.reserves.resize(m.reserves_.size());
    for (std::size_t i = 0; i < m.reserves_.size(); ++i) {
      FastReserve& f = ctx.reserves[i];
      fast_u128 price = 0;
      f.ok = !m.income_error_[i] && !m.debt_error_[i] && m.unit_[i].fits_u64() && !m.unit_[i].is_zero() &&
             detail::to_u128(m.reserves_[i].price, price) && price >> 64 == 0 &&
             detail::to_u128(m.income_[i], f.income) && f.income < detail::kFast96 &&
             detail::to_u128(m.debt_[i], f.debt_index) && f.debt_index < detail::kFast96;
      if (!f.ok) continue;
      f.price = detail::low64(price);
      f.unit = Reciprocal64::make(m.unit_[i].limbs[0]);
    }
    ctx.weights.resize((m.emodes_.size() + 1) * m.reserves_.size());
    ctx.slot_ok.resize(m.emodes_.size() + 1);
    for (std::size_t slot = 0; slot <= m.emodes_.size(); ++slot) {
      const EModeCategory* e = slot == 0 ? nullptr : &m.emodes_[slot - 1];
      ctx.slot_ok[slot] = e == nullptr || !has_emode_price_source(revision) || e->price.is_zero();
      for (std::size_t i = 0; i < m.reserves_.size(); ++i)
        ctx.weights[slot * m.reserves_.size() + i] = collateral_weights(revision, m.reserves_[i], e);
    }
    return ctx;
  }

  /// The fast path; false when some operand leaves its domain (then use evaluate_one).
  template <bool kDirectional>
  static bool evaluate_fast(const FastContext& ctx, const Market& m, const UserBook& b,
                            std::uint32_t u, AccountData& out) noexcept {
    const std::uint8_t category = b.emode_[u];
    const std::size_t slot = category == 0 ? 0 : static_cast<std::size_t>(m.emode_by_id_[category]) + 1;
    if (ctx.slot_ok[slot] == 0) return false;
    const FastWeights* weights = &ctx.weights[slot * ctx.reserve_count];
    constexpr RayRounding kIncomeRounding = kDirectional ? RayRounding::floor : RayRounding::half_up;
    constexpr RayRounding kDebtRounding = kDirectional ? RayRounding::ceil : RayRounding::half_up;
    // Each value is below 2^64 and a weight below 2^16, over at most 128 reserves: no sum overflows.
    fast_u128 collateral = 0, debt = 0, lt_sum = 0, ltv_sum = 0;
    const UserBook::Row* row = b.rows_.data() + b.first_row_[u];
    const UserBook::Row* const end = b.rows_.data() + b.first_row_[u + 1];
    for (; row != end; ++row) {
      const FastReserve& f = ctx.reserves[row->reserve];
      if (!f.ok || (row->flags & (UserBook::kWide | UserBook::kStable)) != 0) return false;
      const FastWeights& w = weights[row->reserve];
      if ((row->flags & UserBook::kCollateral) != 0 && w.counted) {
        const fast_u128 balance = detail::ray_mul_96(detail::make_u128(row->atoken_high, row->atoken_low),
                                                     f.income, kIncomeRounding, ctx.two_five27);
        std::uint64_t base = 0;
        if (!detail::value_in_base(balance, f.price, f.unit, false, base)) return false;
        collateral += base;
        ltv_sum += static_cast<fast_u128>(base) * w.ltv;
        lt_sum += static_cast<fast_u128>(base) * w.lt;
      }
      if ((row->flags & UserBook::kBorrowing) != 0) {
        const fast_u128 balance = detail::ray_mul_96(detail::make_u128(row->vdebt_high, row->vdebt_low),
                                                     f.debt_index, kDebtRounding, ctx.two_five27);
        std::uint64_t base = 0;
        if (!detail::value_in_base(balance, f.price, f.unit, kDirectional, base)) return false;
        debt += base;
      }
    }
    if (detail::high64(collateral) != 0 || detail::high64(debt) != 0) return false;
    const std::uint64_t c = detail::low64(collateral), d = detail::low64(debt);
    // Both averages are at most 65535 (each weight is): one hardware division each, high word < c.
    const std::uint64_t ltv = c == 0 ? 0 : detail::div_128_by_64(detail::high64(ltv_sum), detail::low64(ltv_sum), c);
    const std::uint64_t lt = c == 0 ? 0 : detail::div_128_by_64(detail::high64(lt_sum), detail::low64(lt_sum), c);
    out.total_collateral_base = u256{c};
    out.total_debt_base = u256{d};
    out.ltv = u256{ltv};
    out.current_liquidation_threshold = u256{lt};
    std::uint64_t rem = 0;
    if (d == 0) {
      out.health_factor = kMaxHealthFactor;
    } else if (kDirectional) {  // wadDiv(sum of value * LT, D) / 10^4
      out.health_factor = health_factor(lt_sum, d, &ctx.percent);
    } else {  // wadDiv(percentMul(C, avgLT), D)
      const fast_u128 adjusted = ctx.percent.divide(static_cast<fast_u128>(c) * lt + kHalfPercentage, rem);
      out.health_factor = health_factor(adjusted, d, nullptr);
    }
    // percentMulFloor (3.5+) / percentMul of C by the average LTV.
    const fast_u128 borrowable =
        ctx.percent.divide(static_cast<fast_u128>(c) * ltv + (kDirectional ? 0 : kHalfPercentage), rem);
    out.available_borrows_base = borrowable > d ? detail::from_u128(borrowable - d) : u256{};
    return true;
  }

  static Status evaluate_one(const Market& m, const UserBook& b, std::uint32_t u, AccountData& out) {
    const std::uint8_t category = b.emode_[u];
    const EModeCategory* emode =
        category != 0 ? &m.emodes_[static_cast<std::size_t>(m.emode_by_id_[category])] : nullptr;
    detail::AaveAccountAccumulator acc(m.revision_, detail::AaveEModeView{category, emode});
    const std::uint32_t end = b.first_row_[u + 1];
    for (std::uint32_t row = b.first_row_[u]; row < end; ++row) {
      const UserBook::Row& packed = b.rows_[row];
      const std::size_t ri = packed.reserve;
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
      in.borrowed = (packed.flags & UserBook::kBorrowing) != 0;
      in.collateral = (packed.flags & UserBook::kCollateral) != 0;
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
        const bool fast = ctx.directional ? evaluate_fast<true>(ctx, m, b, u, out[u])
                                          : evaluate_fast<false>(ctx, m, b, u, out[u]);
        if (fast) {
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
    const u256& scaled_a = position->scaled_atoken_balance;
    const u256& scaled_v = position->scaled_variable_debt;
    detail::fast_u128 a = 0, v = 0;
    const bool wide = !detail::to_u128(scaled_a, a) || !detail::to_u128(scaled_v, v) ||
                      a >= detail::kFast96 || v >= detail::kFast96;
    const bool stable = has_stable_debt(market.revision()) && !position->principal_stable_debt.is_zero();
    Row row;
    row.atoken_low = detail::low64(a);
    row.vdebt_low = detail::low64(v);
    row.atoken_high = static_cast<std::uint32_t>(detail::high64(a));
    row.vdebt_high = static_cast<std::uint32_t>(detail::high64(v));
    row.reserve = static_cast<std::uint16_t>(ri);
    row.flags = static_cast<std::uint8_t>((borrowed ? kBorrowing : 0) | (collateral ? kCollateral : 0) |
                                          (wide ? kWide : 0) | (stable ? kStable : 0));
    rows_.push_back(row);
    row_scaled_atoken_.push_back(scaled_a);
    row_scaled_vdebt_.push_back(scaled_v);
    if (stable) {
      row_stable_.push_back(static_cast<std::uint32_t>(stable_.size()));
      stable_.push_back(*position);
    } else {
      row_stable_.push_back(UINT32_MAX);
    }
    holders_[id].push_back(u);
  }
  first_row_.push_back(static_cast<std::uint32_t>(rows_.size()));
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
