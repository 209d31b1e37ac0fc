// SPDX-License-Identifier: MIT
// Risk score, urgency order and strategy choice (docs/risk-scoring.md).
#include <liquidbot/aave/risk.hpp>

#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/liquidation.hpp>
#include <liquidbot/aave/math.hpp>

#include "../detail/aave_position.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace liquidbot::aave {

namespace {

constexpr double kDaysPerYear = 365.0;
constexpr double kBpsD = 10000.0;

/// Value of `amount` token units of `reserve` in base-currency units, as a double.
double base_value(const Reserve& reserve, const u256& amount) {
  const double unit = detail::asset_unit(reserve).to_double();
  return unit == 0.0 ? 0.0 : amount.to_double() * reserve.price.to_double() / unit;
}

/// Share of the debt a liquidator could take right below HF 1, per revision (docs: penalty).
double close_share(Revision revision, const AccountData& account) {
  if (revision < Revision::v3_3) return 0.5;
  const u256 threshold{kMinBaseMaxCloseFactorThreshold};
  return (account.total_debt_base >= threshold && account.total_collateral_base >= threshold)
             ? 0.5
             : 1.0;
}

}  // namespace

double RiskConfig::volatility_of(const Address& asset) const noexcept {
  for (const auto& [a, v] : volatility)
    if (a == asset) return v;
  return default_volatility;
}

Status RiskConfig::validate() const {
  if (act_hf < kWad) return make_error(Errc::invalid_argument, "risk: act HF is below 1.0");
  if (act_hf > alert_hf)
    return make_error(Errc::invalid_argument, "risk: act HF " + act_hf.to_fixed(18) +
                                                  " is above the alert HF " + alert_hf.to_fixed(18));
  if (target_hf <= act_hf)
    return make_error(Errc::invalid_argument, "risk: target HF " + target_hf.to_fixed(18) +
                                                  " is not above the act HF " + act_hf.to_fixed(18));
  if (!std::isfinite(horizon_days) || horizon_days <= 0.0)
    return make_error(Errc::invalid_argument, "risk: horizon must be a positive number of days");
  if (!std::isfinite(default_volatility) || default_volatility < 0.0)
    return make_error(Errc::invalid_argument, "risk: default volatility must be >= 0");
  for (const auto& [asset, v] : volatility)
    if (!std::isfinite(v) || v < 0.0)
      return make_error(Errc::invalid_argument,
                        "risk: volatility of " + asset.to_checksum() + " must be >= 0");
  return {};
}

std::string_view to_string(RiskLevel level) noexcept {
  switch (level) {
    case RiskLevel::ok: return "ok";
    case RiskLevel::alert: return "alert";
    case RiskLevel::act: return "act";
    case RiskLevel::liquidatable: return "liquidatable";
  }
  return "ok";
}

Result<RiskScore> score_risk(const Snapshot& snapshot, const RiskConfig& config) {
  LB_TRY_STATUS(config.validate());
  LB_TRY(detail_data, account_detail(snapshot));
  RiskScore out;
  out.account = detail_data.data;
  const u256& hf = out.account.health_factor;
  out.level = hf < kLiquidationThresholdHf ? RiskLevel::liquidatable
              : hf < config.act_hf         ? RiskLevel::act
              : hf < config.alert_hf       ? RiskLevel::alert
                                           : RiskLevel::ok;
  out.has_debt = !out.account.total_debt_base.is_zero();

  double weighted = 0.0;
  double total = 0.0;
  std::uint16_t max_bonus = 10000;
  for (const ReserveLine& line : detail_data.lines) {
    if (!line.collateral) continue;
    const double value = line.collateral_base.to_double();
    weighted += value * config.volatility_of(snapshot.reserves[line.reserve_index].asset);
    total += value;
    max_bonus = std::max(max_bonus, line.liquidation_bonus);
  }
  out.volatility = total > 0.0 ? weighted / total : config.default_volatility;
  if (!out.has_debt) {
    out.drop_ppb = kPpb;
    return out;
  }
  auto drop = min_collateral_drop(snapshot);
  if (drop)
    out.drop_ppb = drop->drop_ppb;
  else if (drop.error().code == Errc::unreachable_target)
    out.drop_ppb = kPpb;
  else
    return std::move(drop).error();

  const double horizon_sigma = out.volatility * std::sqrt(config.horizon_days / kDaysPerYear);
  const double distance = static_cast<double>(out.drop_ppb) / static_cast<double>(kPpb);
  if (out.level == RiskLevel::liquidatable || distance == 0.0) {
    out.sigmas = 0.0;
    out.probability = 1.0;
  } else if (horizon_sigma == 0.0) {
    out.sigmas = INFINITY;
    out.probability = 0.0;
  } else {
    out.sigmas = distance / horizon_sigma;
    out.probability = std::exp(-0.5 * out.sigmas * out.sigmas);
  }
  out.penalty_base = out.account.total_debt_base.to_double() *
                     close_share(snapshot.revision, out.account) *
                     (static_cast<double>(max_bonus) - kBpsD) / kBpsD;
  out.expected_loss_base = out.probability * out.penalty_base;
  out.score = 100.0 * out.probability;
  return out;
}

bool more_urgent(const RiskScore& a, const RiskScore& b) noexcept {
  if (a.level != b.level) return a.level > b.level;
  if (a.expected_loss_base != b.expected_loss_base) return a.expected_loss_base > b.expected_loss_base;
  if (a.account.health_factor != b.account.health_factor)
    return a.account.health_factor < b.account.health_factor;
  return a.account.total_debt_base > b.account.total_debt_base;
}

std::vector<std::size_t> urgency_order(std::span<const RiskScore> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return more_urgent(scores[x], scores[y]);
  });
  return order;
}

Result<StrategyChoice> choose_strategy(const Snapshot& snapshot, const RiskConfig& config,
                                       const NetworkCosts& network,
                                       std::span<const StrategyCandidate> candidates) {
  LB_TRY(risk, score_risk(snapshot, config));
  StrategyChoice choice;
  choice.risk = risk;
  if (risk.level < RiskLevel::act) {
    choice.why = risk.level == RiskLevel::ok ? "position healthy" : "above the act threshold";
    return choice;
  }
  const PlanOptions base_options{config.delay_seconds, std::nullopt};
  std::optional<double> best;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const StrategyCandidate& c = candidates[i];
    PlanOptions options = base_options;
    options.max_amount = c.max_amount;
    const Reserve* reserve = snapshot.find_reserve(c.asset);
    if (reserve == nullptr)
      return make_error(Errc::not_found, "strategy: candidate " + std::to_string(i) +
                                             ": no reserve for " + c.asset.to_checksum());
    // Gas and L1 data fee in base currency: wei * (base per 1e18 wei).
    const double gas_wei = static_cast<double>(c.gas) * network.gas_price_wei.to_double() +
                           c.l1_fee_wei.to_double();
    double cost = gas_wei * network.native_price_base.to_double() / 1e18;
    bool reachable = true;
    std::optional<Plan> plan;
    std::optional<DeleveragePlan> dplan;
    switch (c.kind) {
      case StrategyCandidate::Kind::repay:
      case StrategyCandidate::Kind::supply: {
        auto sized = c.kind == StrategyCandidate::Kind::repay
                         ? plan_repay(snapshot, c.asset, config.target_hf, options)
                         : [&]() -> Result<Plan> {
                             LB_TRY(sp, plan_supply(snapshot, c.asset, config.target_hf, options));
                             return sp.plan;
                           }();
        if (!sized) {
          if (sized.error().code != Errc::unreachable_target) return std::move(sized).error();
          reachable = false;
          break;
        }
        cost += base_value(*reserve, sized->amount) * c.service_fee_bps / kBpsD;
        plan = std::move(sized).value();
        break;
      }
      case StrategyCandidate::Kind::deleverage: {
        if (!c.deleverage)
          return make_error(Errc::invalid_argument, "strategy: candidate " + std::to_string(i) +
                                                        ": deleverage without parameters");
        auto sized = plan_deleverage(snapshot, *c.deleverage, config.target_hf, options);
        if (!sized) {
          if (sized.error().code != Errc::unreachable_target) return std::move(sized).error();
          reachable = false;
          break;
        }
        const Reserve* debt = snapshot.find_reserve(c.deleverage->debt_asset);
        const Reserve* coll = snapshot.find_reserve(c.deleverage->collateral_asset);
        // Premium and service fee are paid out of the swap; what the user loses is the collateral
        // value withdrawn minus the debt value repaid, at oracle prices.
        cost += base_value(*coll, sized->withdraw_amount) - base_value(*debt, sized->flash_amount);
        dplan = std::move(sized).value();
        break;
      }
    }
    choice.candidate_costs.push_back(reachable ? cost : -1.0);
    if (reachable && (!best || cost < *best)) {
      best = cost;
      choice.candidate = i;
      choice.cost_base = cost;
      choice.plan = plan;
      choice.deleverage_plan = dplan;
    }
  }
  if (!best) {
    choice.candidate.reset();
    choice.why = "no candidate reaches the target";
    return choice;
  }
  if (*best > risk.expected_loss_base) {
    choice.why = "cost exceeds the expected loss it protects";
    return choice;
  }
  choice.alert_only = false;
  choice.why = "cheapest candidate reaching the target";
  return choice;
}

}  // namespace liquidbot::aave
