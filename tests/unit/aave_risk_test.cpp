// Risk scoring (docs/risk-scoring.md), urgency order and strategy choice.
#include <doctest/doctest.h>

#include <liquidbot/aave/risk.hpp>

#include "unit/aave_protect_fixtures.hpp"

#include <cmath>
#include <vector>

using namespace lbtest;
using liquidbot::Errc;

namespace {

u256 wad_percent(unsigned percent) { return u256{percent} * u256{10'000'000'000'000'000ULL}; }

/// A snapshot whose HF is exactly in [lo, hi] percent (retries random draws).
aave::Snapshot snapshot_with_hf(Rng& rng, unsigned lo, unsigned hi) {
  for (;;) {
    aave::Snapshot s = random_snapshot(rng, aave::Revision::v3_6, static_cast<unsigned>(rng.range(lo, hi)));
    const u256 h = hf(s);
    if (h >= wad_percent(lo) && h < wad_percent(hi)) return s;
  }
}

}  // namespace

TEST_CASE("aave risk: levels follow the configurable thresholds") {
  Rng rng{0x715c0001};
  const aave::RiskConfig config;
  CHECK(config.alert_hf == wad_percent(110));
  CHECK(config.act_hf == wad_percent(105));
  CHECK(config.target_hf == wad_percent(130));
  struct Case { unsigned lo, hi; aave::RiskLevel level; };
  for (const Case& c : {Case{80, 99, aave::RiskLevel::liquidatable}, Case{100, 104, aave::RiskLevel::act},
                        Case{105, 109, aave::RiskLevel::alert}, Case{110, 200, aave::RiskLevel::ok}}) {
    for (int i = 0; i < 10; ++i) {
      const aave::Snapshot s = snapshot_with_hf(rng, c.lo, c.hi);
      auto r = aave::score_risk(s, config);
      REQUIRE(r.ok());
      CHECK(r->level == c.level);
      CHECK(r->account == aave::account_data(s).value());
    }
  }
  aave::RiskConfig strict;
  strict.alert_hf = wad_percent(150);
  strict.act_hf = wad_percent(140);
  strict.target_hf = wad_percent(160);
  const aave::Snapshot s = snapshot_with_hf(rng, 120, 130);
  CHECK(aave::score_risk(s, strict).value().level == aave::RiskLevel::act);
  CHECK(aave::score_risk(s, config).value().level == aave::RiskLevel::ok);
}

TEST_CASE("aave risk: score is the documented Gaussian tail of the distance to liquidation") {
  Rng rng{0x715c0002};
  aave::RiskConfig config;
  config.horizon_days = 1.0;
  config.default_volatility = 0.6;
  for (int i = 0; i < 40; ++i) {
    const aave::Snapshot s = snapshot_with_hf(rng, 100, 160);
    auto r = aave::score_risk(s, config);
    REQUIRE(r.ok());
    // distance d = drop / 1e9; sigma_h = 0.6 * sqrt(1/365); score = 100 * exp(-(d/sigma_h)^2 / 2)
    const double d = static_cast<double>(r->drop_ppb) / 1e9;
    const double sigma_h = 0.6 * std::sqrt(1.0 / 365.0);
    CHECK(r->volatility == doctest::Approx(0.6));
    CHECK(r->score == doctest::Approx(100.0 * std::exp(-0.5 * (d / sigma_h) * (d / sigma_h))));
    CHECK(r->drop_ppb == aave::min_collateral_drop(s).value().drop_ppb);
    CHECK(r->expected_loss_base == doctest::Approx(r->probability * r->penalty_base));
    CHECK(r->penalty_base > 0.0);
  }
  // Liquidatable: score 100; no debt: score 0.
  const aave::Snapshot liq = snapshot_with_hf(rng, 80, 99);
  CHECK(aave::score_risk(liq, config).value().score == 100.0);
  aave::Snapshot no_debt = liq;
  for (aave::Position& p : no_debt.user.positions) p.scaled_variable_debt = u256{};
  no_debt.user.configuration = no_debt.user.configuration & u256::from_limbs(
      0xAAAAAAAAAAAAAAAAULL, 0xAAAAAAAAAAAAAAAAULL, 0xAAAAAAAAAAAAAAAAULL, 0xAAAAAAAAAAAAAAAAULL);
  auto none = aave::score_risk(no_debt, config);
  REQUIRE(none.ok());
  CHECK(none->score == 0.0);
  CHECK_FALSE(none->has_debt);
}

TEST_CASE("aave risk: per-asset volatility is collateral-value weighted") {
  Rng rng{0x715c0003};
  const aave::Snapshot s = snapshot_with_hf(rng, 110, 140);
  aave::RiskConfig calm;
  calm.default_volatility = 0.2;
  aave::RiskConfig wild = calm;
  for (const aave::Reserve& r : s.reserves) wild.volatility.emplace_back(r.asset, 1.5);
  const auto a = aave::score_risk(s, calm).value();
  const auto b = aave::score_risk(s, wild).value();
  CHECK(a.volatility == doctest::Approx(0.2));
  CHECK(b.volatility == doctest::Approx(1.5));
  CHECK(b.score > a.score);
}

TEST_CASE("aave risk: urgency order") {
  Rng rng{0x715c0004};
  std::vector<aave::RiskScore> scores;
  const aave::RiskConfig config;
  for (unsigned band : {150u, 95u, 103u, 107u, 101u}) {
    scores.push_back(aave::score_risk(snapshot_with_hf(rng, band, band + 2), config).value());
  }
  const auto order = aave::urgency_order(scores);
  REQUIRE(order.size() == 5);
  CHECK(order[0] == 1);  // liquidatable first
  CHECK(scores[order[1]].level == aave::RiskLevel::act);
  CHECK(scores[order[2]].level == aave::RiskLevel::act);
  CHECK(order[3] == 3);  // alert
  CHECK(order[4] == 0);  // ok
  for (std::size_t i = 1; i < order.size(); ++i)
    CHECK_FALSE(aave::more_urgent(scores[order[i]], scores[order[i - 1]]));
}

TEST_CASE("aave risk: invalid configuration is rejected") {
  Rng rng{0x715c0005};
  const aave::Snapshot s = snapshot_with_hf(rng, 110, 140);
  aave::RiskConfig c;
  c.act_hf = wad_percent(120);
  CHECK(aave::score_risk(s, c).error().code == Errc::invalid_argument);
  c = {};
  c.target_hf = wad_percent(104);
  CHECK(aave::score_risk(s, c).error().code == Errc::invalid_argument);
  c = {};
  c.default_volatility = -1;
  CHECK(aave::score_risk(s, c).error().code == Errc::invalid_argument);
  c = {};
  c.horizon_days = std::nan("");
  CHECK(aave::score_risk(s, c).error().code == Errc::invalid_argument);
}

TEST_CASE("aave risk: strategy choice picks the cheapest reaching candidate or alerts") {
  Rng rng{0x715c0006};
  const aave::RiskConfig config;
  aave::NetworkCosts network;
  network.gas_price_wei = u256{10'000'000};            // 0.01 gwei
  network.native_price_base = u256{300'000'000'000};   // $3000
  unsigned chosen = 0;
  for (int i = 0; i < 20; ++i) {
    const aave::Snapshot s = snapshot_with_hf(rng, 100, 104);
    std::vector<aave::StrategyCandidate> candidates(2);
    candidates[0].kind = aave::StrategyCandidate::Kind::repay;
    candidates[0].asset = s.reserves[1].asset;
    candidates[0].gas = 250'000;
    candidates[0].service_fee_bps = 10;
    candidates[1].kind = aave::StrategyCandidate::Kind::supply;
    candidates[1].asset = s.reserves[0].asset;
    candidates[1].gas = 200'000;
    candidates[1].service_fee_bps = 10;
    auto choice = aave::choose_strategy(s, config, network, candidates);
    REQUIRE(choice.ok());
    REQUIRE(choice->candidate_costs.size() == 2);
    if (choice->alert_only) continue;
    ++chosen;
    const std::size_t k = *choice->candidate;
    const double other = choice->candidate_costs[1 - k];
    CHECK((other < 0.0 || choice->cost_base <= other));
    CHECK(choice->cost_base <= choice->risk.expected_loss_base);
    REQUIRE(choice->plan.has_value());
    const aave::Reserve& r = *s.find_reserve(candidates[k].asset);
    const u256 expected = k == 0 ? aave::plan_repay(s, r.asset, config.target_hf).value().amount
                                 : aave::plan_supply(s, r.asset, config.target_hf).value().plan.amount;
    CHECK(choice->plan->amount == expected);
    // cost = gas * price * native / 1e18 + amount value * fee
    const double gas_cost = static_cast<double>(candidates[k].gas) * 1e7 * 3e11 / 1e18;
    const double fee = expected.to_double() * r.price.to_double() /
                       aave::asset_unit(r.config.decimals).to_double() * 10 / 1e4;
    CHECK(choice->cost_base == doctest::Approx(gas_cost + fee));
    // Make gas absurdly expensive: acting now costs more than it protects.
    aave::NetworkCosts pricey = network;
    pricey.gas_price_wei = u256{1'000'000'000'000'000ULL};
    auto alert = aave::choose_strategy(s, config, pricey, candidates);
    REQUIRE(alert.ok());
    CHECK(alert->alert_only);
    CHECK(alert->why == "cost exceeds the expected loss it protects");
  }
  CHECK(chosen > 5);
  // Healthy positions are alert-only without sizing anything.
  const aave::Snapshot healthy = snapshot_with_hf(rng, 150, 200);
  auto none = aave::choose_strategy(healthy, config, network, {});
  REQUIRE(none.ok());
  CHECK(none->alert_only);
  CHECK(none->why == "position healthy");
}
