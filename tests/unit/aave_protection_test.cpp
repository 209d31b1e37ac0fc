// Protection sizing: every amount reaches the target and one unit less does not, checked by
// applying the contracts' mint/burn rounding to a copy and re-evaluating with account_data, on many
// random snapshots for every revision.
#include <doctest/doctest.h>

#include <liquidbot/aave/protection.hpp>

#include "unit/aave_protect_fixtures.hpp"

#include <string>

using namespace lbtest;
using liquidbot::Errc;
using liquidbot::Rounding;

namespace {

constexpr unsigned kSnapshotsPerRevision = 30;

u256 wad_percent(unsigned percent) { return u256{percent} * u256{10'000'000'000'000'000ULL}; }

u256 debt_of(const aave::Snapshot& s, const aave::Reserve& r) {
  const aave::Position* p = position_of(s, r.asset);
  if (p == nullptr) return {};
  return ok(aave::variable_debt_balance(p->scaled_variable_debt,
                                        ok(aave::normalized_debt(r, s.timestamp, s.revision)),
                                        s.revision));
}

u256 collateral_of(const aave::Snapshot& s, const aave::Reserve& r) {
  const aave::Position* p = position_of(s, r.asset);
  if (p == nullptr) return {};
  return ok(aave::atoken_balance(p->scaled_atoken_balance,
                                 ok(aave::normalized_income(r, s.timestamp)), s.revision));
}

}  // namespace

TEST_CASE("aave protection: parse_decimal is exact and strict") {
  CHECK(aave::parse_decimal("1.3", 18).value() == u256{1'300'000'000'000'000'000ULL});
  CHECK(aave::parse_decimal("1", 18).value() == u256{1'000'000'000'000'000'000ULL});
  CHECK(aave::parse_decimal("0.000000000000000001", 18).value() == u256{1});
  CHECK(aave::parse_decimal(".5", 2).value() == u256{50});
  CHECK(aave::parse_decimal("12.50", 6).value() == u256{12'500'000});
  CHECK(aave::parse_decimal("0", 0).value() == u256{0});
  for (const char* junk : {"", ".", "1.", "1.2.3", "-1", "+1", "1e18", " 1", "1 ", "0x10", "1,5",
                           "1.0000000000000000001"}) {
    auto r = aave::parse_decimal(junk, 18);
    CHECK_MESSAGE(!r.ok(), junk);
    if (!r.ok()) CHECK(r.error().code == Errc::invalid_argument);
  }
  auto huge = aave::parse_decimal(std::string(80, '9'), 0);
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == Errc::overflow);
}

TEST_CASE("aave protection: parse_price_change") {
  const std::string a = asset_address(0).to_hex();
  auto down = aave::parse_price_change(a + "=-12.5");
  REQUIRE(down.ok());
  CHECK(down->asset == asset_address(0));
  CHECK(down->change_ppb == -125'000'000);
  CHECK(aave::parse_price_change(a + "=+3").value().change_ppb == 30'000'000);
  CHECK(aave::parse_price_change(a + "=-100").value().change_ppb == -1'000'000'000);
  for (const std::string& bad : {a, a + "=", a + "=-100.1", a + "=abc", a + "=1e3",
                                 std::string("0x12=5"), a + "=-12.00000001"}) {
    CHECK_MESSAGE(!aave::parse_price_change(bad).ok(), bad);
  }
}

TEST_CASE("aave protection: repay-to-target is exact and minimal on random snapshots") {
  Rng rng{0x5eed0001};
  unsigned planned = 0, unreachable = 0, nothing = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(80, 140)));
      const u256 target = wad_percent(static_cast<unsigned>(rng.range(100, 180)));
      for (const aave::Reserve& r : s.reserves) {
        if (!aave::is_borrowing(s.user.configuration, r.id)) continue;
        INFO("revision " << aave::to_string(revision) << " snapshot " << n << " asset " << r.id);
        auto plan = aave::plan_repay(s, r.asset, target);
        const u256 debt = debt_of(s, r);
        if (!plan.ok()) {
          REQUIRE(plan.error().code == Errc::unreachable_target);
          aave::Snapshot all = s;
          apply_repay(all, r, debt);
          CHECK(hf(all) < target);
          ++unreachable;
          continue;
        }
        if (plan->amount.is_zero()) {
          CHECK(hf(s) >= target);
          ++nothing;
          continue;
        }
        CHECK(plan->amount <= debt);
        aave::Snapshot enough = s;
        apply_repay(enough, r, plan->amount);
        CHECK(hf(enough) >= target);
        CHECK(plan->after.health_factor == hf(enough));
        aave::Snapshot less = s;
        apply_repay(less, r, plan->amount - u256{1});
        CHECK(hf(less) < target);
        ++planned;
      }
    }
  }
  MESSAGE("repay: " << planned << " planned, " << unreachable << " unreachable, " << nothing
                    << " already at target");
  CHECK(planned > 100);
  CHECK(unreachable > 0);
}

TEST_CASE("aave protection: repay respects max_amount and delay") {
  Rng rng{0x5eed0002};
  unsigned checked = 0;
  for (unsigned n = 0; n < 40; ++n) {
    const aave::Snapshot s = random_snapshot(rng, aave::Revision::v3_6, 90);
    const aave::Reserve& r = s.reserves[1];
    const u256 target = wad_percent(120);
    aave::PlanOptions options;
    options.delay_seconds = 3600;
    auto plan = aave::plan_repay(s, r.asset, target, options);
    if (!plan.ok()) continue;
    aave::Snapshot later = s;
    later.timestamp += 3600;
    aave::Snapshot enough = later;
    apply_repay(enough, r, plan->amount);
    CHECK(hf(enough) >= target);
    aave::Snapshot less = later;
    apply_repay(less, r, plan->amount - u256{1});
    CHECK(hf(less) < target);
    options.max_amount = plan->amount - u256{1};
    auto capped = aave::plan_repay(s, r.asset, target, options);
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().code == Errc::unreachable_target);
    ++checked;
  }
  CHECK(checked > 20);
}

TEST_CASE("aave protection: supply-to-target is exact and minimal on random snapshots") {
  Rng rng{0x5eed0003};
  unsigned planned = 0, refused = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(80, 140)));
      const u256 target = wad_percent(static_cast<unsigned>(rng.range(100, 180)));
      for (const aave::Reserve& r : s.reserves) {
        INFO("revision " << aave::to_string(revision) << " snapshot " << n << " asset " << r.id);
        auto plan = aave::plan_supply(s, r.asset, target);
        if (!plan.ok()) {
          REQUIRE(plan.error().code == Errc::unreachable_target);
          CHECK(plan.error().message.find("does not count as collateral") != std::string::npos);
          ++refused;
          continue;
        }
        if (plan->plan.amount.is_zero()) {
          CHECK(hf(s) >= target);
          continue;
        }
        const bool enable = plan->collateral.effect == aave::CollateralEffect::auto_enabled;
        aave::Snapshot enough = s;
        apply_supply(enough, r, plan->plan.amount, enable);
        CHECK(hf(enough) >= target);
        CHECK(plan->plan.after.health_factor == hf(enough));
        aave::Snapshot less = s;
        apply_supply(less, r, plan->plan.amount - u256{1}, enable);
        CHECK(hf(less) < target);
        ++planned;
      }
    }
  }
  MESSAGE("supply: " << planned << " planned, " << refused << " refused");
  CHECK(planned > 100);
}

TEST_CASE("aave protection: supply collateral status follows validateAutomaticUseAsCollateral") {
  Rng rng{0x5eed0004};
  aave::Snapshot s = random_snapshot(rng, aave::Revision::v3_6, 95);
  s.user.emode_category = 0;
  s.emodes.clear();
  // Reserve 0 is enabled collateral.
  CHECK(aave::supply_collateral_status(s, s.reserves[0].asset).value().effect ==
        aave::CollateralEffect::already_enabled);
  // A fresh reserve without a debt ceiling: auto-enabled.
  aave::Reserve fresh = s.reserves[0];
  fresh.asset = asset_address(7);
  fresh.id = 7;
  s.reserves.push_back(fresh);
  CHECK(aave::supply_collateral_status(s, fresh.asset).value().effect ==
        aave::CollateralEffect::auto_enabled);
  // Debt ceiling: isolated assets are never auto-enabled.
  s.reserves.back().config.debt_ceiling = 1000;
  s.reserves.back().configuration = ok(s.reserves.back().config.encode());
  auto isolated = aave::supply_collateral_status(s, fresh.asset).value();
  CHECK(isolated.effect == aave::CollateralEffect::not_counted);
  CHECK(isolated.reason.find("debt ceiling") != std::string::npos);
  auto refused = aave::plan_supply(s, fresh.asset, wad_percent(150));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unreachable_target);
  // LTV 0: not enabled.
  s.reserves.back().config.debt_ceiling = 0;
  s.reserves.back().config.ltv = 0;
  s.reserves.back().configuration = ok(s.reserves.back().config.encode());
  CHECK(aave::supply_collateral_status(s, fresh.asset).value().effect ==
        aave::CollateralEffect::not_counted);
  // Held with collateral disabled: a supply does not re-enable it.
  aave::Snapshot held = s;
  held.reserves.back().config.ltv = 5000;
  held.reserves.back().configuration = ok(held.reserves.back().config.encode());
  aave::Position p;
  p.asset = fresh.asset;
  p.scaled_atoken_balance = u256{1000};
  held.user.positions.push_back(p);
  CHECK(aave::supply_collateral_status(held, fresh.asset).value().effect ==
        aave::CollateralEffect::not_counted);
  // Isolation mode: the only collateral has a debt ceiling.
  aave::Snapshot iso = s;
  iso.reserves.back().config.ltv = 5000;
  iso.reserves.back().configuration = ok(iso.reserves.back().config.encode());
  for (aave::Reserve& r : iso.reserves)
    if (r.id == 0) {
      r.config.debt_ceiling = 500;
      r.configuration = ok(r.config.encode());
    }
  for (const aave::Reserve& r : iso.reserves)
    if (r.id != 0) iso.user.configuration = iso.user.configuration & ~(u256{1} << (2u * r.id + 1));
  auto in_iso = aave::supply_collateral_status(iso, fresh.asset).value();
  CHECK(in_iso.effect == aave::CollateralEffect::not_counted);
  CHECK(in_iso.reason.find("isolation") != std::string::npos);
  CHECK_FALSE(aave::supply_collateral_status(s, asset_address(12)).ok());
}

TEST_CASE("aave protection: max safe withdrawal is the largest amount keeping the HF") {
  Rng rng{0x5eed0005};
  unsigned checked = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(105, 200)));
      const u256 min_hf = wad_percent(static_cast<unsigned>(rng.range(100, 104)));
      for (const aave::Reserve& r : s.reserves) {
        if (!aave::is_using_as_collateral(s.user.configuration, r.id)) continue;
        INFO("revision " << aave::to_string(revision) << " snapshot " << n << " asset " << r.id);
        auto plan = aave::max_safe_withdrawal(s, r.asset, min_hf);
        REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? std::string() : plan.error().to_string()));
        const u256 balance = collateral_of(s, r);
        CHECK(plan->amount <= balance);
        aave::Snapshot after = s;
        apply_withdraw(after, r, plan->amount);
        CHECK(hf(after) >= min_hf);
        if (plan->amount < balance) {
          aave::Snapshot more = s;
          apply_withdraw(more, r, plan->amount + u256{1});
          CHECK(hf(more) < min_hf);
        }
        ++checked;
      }
    }
  }
  CHECK(checked > 200);
}

namespace {

/// Reserve 2 of a 3-reserve snapshot becomes the user's zero-LTV collateral: reserve-level LTV 0
/// (every revision), or for 3.6 an eMode collateral in the category's ltvzero bitmap.
aave::Snapshot with_zero_ltv_collateral(Rng& rng, aave::Revision revision, bool via_emode) {
  aave::Snapshot s;
  do s = random_snapshot(rng, revision, 150);
  while (s.reserves.size() < 3);
  aave::Reserve& zero = s.reserves[2];
  if (via_emode) {
    aave::EModeCategory e;
    e.id = 1;
    e.ltv = 9000;
    e.liquidation_threshold = 9300;
    e.liquidation_bonus = 10100;
    e.collateral_bitmap = u256{7};
    e.borrowable_bitmap = u256{7};
    e.ltvzero_bitmap = u256{4};
    s.emodes = {e};
    s.user.emode_category = 1;
  } else {
    zero.config.ltv = 0;
    zero.configuration = ok(zero.config.encode());
  }
  aave::Position* p = nullptr;
  for (aave::Position& q : s.user.positions)
    if (q.asset == zero.asset) p = &q;
  if (p == nullptr) {
    s.user.positions.push_back({});
    p = &s.user.positions.back();
    p->asset = zero.asset;
  }
  if (p->scaled_atoken_balance.is_zero()) p->scaled_atoken_balance = pow10(zero.config.decimals);
  s.user.configuration = s.user.configuration | (u256{1} << 5);
  return s;
}

}  // namespace

TEST_CASE("aave protection: with zero-LTV collateral held, only it may be withdrawn") {
  // ValidationLogic.validateHFAndLtvzero (withdraw and aToken transfer of an enabled collateral
  // while borrowing): reserve LTV before 3.6, getUserReserveLtv (eMode ltvzero bitmap) in 3.6.
  Rng rng{0x5eed000b};
  for (aave::Revision revision : kRevisions) {
    for (bool via_emode : {false, true}) {
      if (via_emode && !aave::has_ltvzero_bitmap(revision)) continue;
      INFO("revision " << aave::to_string(revision) << (via_emode ? " eMode ltvzero" : " reserve LTV 0"));
      const aave::Snapshot s = with_zero_ltv_collateral(rng, revision, via_emode);
      const aave::Reserve& other = s.reserves[0];
      const aave::Reserve& zero = s.reserves[2];
      auto blocked = aave::max_safe_withdrawal(s, other.asset, aave::kWad);
      REQUIRE_FALSE(blocked.ok());
      CHECK(blocked.error().code == Errc::unreachable_target);
      CHECK(blocked.error().message.find("zero-LTV collateral") != std::string::npos);
      auto allowed = aave::max_safe_withdrawal(s, zero.asset, aave::kWad);
      REQUIRE_MESSAGE(allowed.ok(), (allowed.ok() ? std::string() : allowed.error().to_string()));
      CHECK_FALSE(allowed->amount.is_zero());
      aave::DeleverageParams params;
      params.debt_asset = s.reserves[1].asset;
      params.collateral_asset = other.asset;
      params.swap_price = aave::kWad;
      auto deleverage = aave::plan_deleverage(s, params, aave::kWad * u256{3});
      REQUIRE_FALSE(deleverage.ok());
      CHECK(deleverage.error().message.find("zero-LTV collateral") != std::string::npos);
      // Without debt the rule does not run.
      aave::Snapshot repaid = s;
      for (aave::Position& p : repaid.user.positions) p.scaled_variable_debt = p.principal_stable_debt = u256{};
      repaid.user.configuration = repaid.user.configuration & ~u256::from_hex("0x5555555555555555555555555555555555555555555555555555555555555555").value();
      CHECK(aave::max_safe_withdrawal(repaid, other.asset, aave::kWad).ok());
    }
  }
  // Before 3.6 the ltvzero bitmap does not exist: the same eMode setup blocks nothing.
  aave::Snapshot pre = with_zero_ltv_collateral(rng, aave::Revision::v3_6, true);
  pre.revision = aave::Revision::v3_5;
  CHECK(aave::max_safe_withdrawal(pre, pre.reserves[0].asset, aave::kWad).ok());
}

TEST_CASE("aave protection: supply plans stay within the supply cap's headroom") {
  // The headroom itself is checked against Pool.supply on the 3.0 and 3.6 chains
  // (integration.aave_protect_chain, integration.aave36_chain_*); here: the plan's use of it.
  Rng rng{0x5eed000c};
  for (aave::Revision revision : kRevisions) {
    INFO("revision " << aave::to_string(revision));
    aave::Snapshot s = random_snapshot(rng, revision, 90);
    aave::Reserve& r = s.reserves[0];
    CHECK_FALSE(aave::supply_cap_headroom(s, r.asset).value().has_value());
    const u256 unit = pow10(r.config.decimals);
    r.config.supply_cap = 1'000'000;
    r.config.reserve_factor = 1000;
    r.configuration = ok(r.config.encode());
    auto missing = aave::supply_cap_headroom(s, r.asset);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::invalid_argument);
    CHECK(missing.error().message.find("no totals") != std::string::npos);
    // 999,990 tokens supplied at the snapshot's time, debt accruing interest for the treasury.
    aave::ReserveTotals totals;
    const u256 income = ok(aave::normalized_income(r, s.timestamp));
    totals.scaled_atoken_supply = ok(aave::ray_div(u256{999'990} * unit, income));
    totals.scaled_variable_debt = ok(aave::ray_div(u256{5'000} * unit, r.variable_borrow_index));
    totals.principal_stable_debt = aave::has_stable_debt(revision) ? u256{1'000} * unit : u256{};
    totals.average_stable_rate = aave::has_stable_debt(revision) ? aave::kRay / u256{20} : u256{};
    totals.stable_debt_last_updated = r.last_update_timestamp;
    r.totals = totals;
    const u256 headroom = aave::supply_cap_headroom(s, r.asset).value().value();
    CHECK(headroom < u256{10} * unit);  // interest and the treasury's share took some of the 10 left
    CHECK(headroom > u256{0});
    const u256 later = aave::supply_cap_headroom(s, r.asset, 86'400).value().value();
    CHECK(later <= headroom);
    auto plan = aave::plan_supply(s, r.asset, wad_percent(200));
    if (plan.ok()) {
      CHECK(plan->plan.amount <= headroom);
      CHECK(plan->supply_cap_headroom == headroom);
    } else {
      CHECK(plan.error().code == Errc::unreachable_target);
    }
    // A target beyond the headroom's reach is refused, naming the cap.
    auto far = aave::plan_supply(s, r.asset, wad_percent(100000));
    REQUIRE_FALSE(far.ok());
    CHECK(far.error().message.find("supply cap's headroom") != std::string::npos);
    // Full: no headroom at all.
    r.totals->scaled_atoken_supply = ok(aave::ray_div(u256{1'000'001} * unit, income));
    CHECK(aave::supply_cap_headroom(s, r.asset).value().value() == u256{});
  }
}

TEST_CASE("aave protection: liquidation price p gives HF < 1 and p + 1 gives HF >= 1") {
  Rng rng{0x5eed0006};
  unsigned checked = 0, none = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(90, 300)));
      for (const aave::Reserve& r : s.reserves) {
        if (!aave::is_using_as_collateral(s.user.configuration, r.id) ||
            aave::is_borrowing(s.user.configuration, r.id))
          continue;
        INFO("revision " << aave::to_string(revision) << " snapshot " << n << " asset " << r.id);
        auto lp = aave::liquidation_price(s, r.asset);
        REQUIRE_MESSAGE(lp.ok(), (lp.ok() ? std::string() : lp.error().to_string()));
        if (!lp->price) {
          ++none;
          aave::Snapshot zero = s;
          const_cast<aave::Reserve*>(zero.find_reserve(r.asset))->price = u256{};
          CHECK(hf(zero) >= aave::kWad);
          continue;
        }
        aave::Snapshot at = s;
        aave::Reserve* mutable_r = const_cast<aave::Reserve*>(at.find_reserve(r.asset));
        mutable_r->price = *lp->price;
        CHECK(hf(at) < aave::kWad);
        mutable_r->price = *lp->price + u256{1};
        CHECK(hf(at) >= aave::kWad);
        CHECK((*lp->price < r.price) == (hf(s) >= aave::kWad));
        ++checked;
      }
    }
  }
  MESSAGE("liquidation price: " << checked << " found, " << none << " none");
  CHECK(checked > 150);
}

TEST_CASE("aave protection: shocks and the smallest uniform collateral drop") {
  Rng rng{0x5eed0007};
  unsigned checked = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(90, 250)));
      INFO("revision " << aave::to_string(revision) << " snapshot " << n);
      // A shock of -12.5% on reserve 0 equals evaluating with floor(P * 0.875).
      const aave::PriceChange change{s.reserves[0].asset, -125'000'000};
      auto shocked = aave::shock(s, std::span<const aave::PriceChange>(&change, 1));
      REQUIRE(shocked.ok());
      aave::Snapshot manual = s;
      manual.reserves[0].price = s.reserves[0].price * u256{875} / u256{1000};
      CHECK(shocked.value() == aave::account_data(manual).value());

      auto drop = aave::min_collateral_drop(s);
      REQUIRE_MESSAGE(drop.ok(), (drop.ok() ? std::string() : drop.error().to_string()));
      const auto dropped = [&](std::int64_t ppb) {
        aave::Snapshot d = s;
        for (aave::Reserve& r : d.reserves)
          if (aave::is_using_as_collateral(d.user.configuration, r.id))
            r.price = ok(liquidbot::mul_div(r.price, u256{static_cast<std::uint64_t>(aave::kPpb - ppb)},
                                            u256{static_cast<std::uint64_t>(aave::kPpb)}));
        return hf(d);
      };
      CHECK(dropped(drop->drop_ppb) < aave::kWad);
      CHECK(drop->at_drop.health_factor == dropped(drop->drop_ppb));
      if (drop->drop_ppb > 0) CHECK(dropped(drop->drop_ppb - 1) >= aave::kWad);
      ++checked;
    }
  }
  CHECK(checked == 7 * kSnapshotsPerRevision);
}

TEST_CASE("aave protection: flash-loan deleverage is exact and minimal") {
  Rng rng{0x5eed0008};
  unsigned planned = 0, unreachable = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < kSnapshotsPerRevision; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(85, 115)));
      const aave::Reserve& coll = s.reserves[0];
      const aave::Reserve& debt = s.reserves[1];
      const u256 target = wad_percent(static_cast<unsigned>(rng.range(105, 160)));
      aave::DeleverageParams params;
      params.debt_asset = debt.asset;
      params.collateral_asset = coll.asset;
      // Market price = oracle ratio +-2%, in debt tokens per collateral token (WAD).
      const u256 oracle = ok(liquidbot::mul_div(coll.price * u256{1'000'000'000'000'000'000ULL},
                                                pow10(debt.config.decimals),
                                                debt.price * pow10(coll.config.decimals)));
      params.swap_price = oracle * u256{rng.range(98, 102)} / u256{100} + u256{1};
      params.slippage_bps = static_cast<std::uint16_t>(rng.range(0, 100));
      params.fee_bps = static_cast<std::uint16_t>(rng.range(0, 30));
      params.premium_bps = static_cast<std::uint16_t>(rng.range(0, 9));
      INFO("revision " << aave::to_string(revision) << " snapshot " << n);
      auto plan = aave::plan_deleverage(s, params, target);
      if (!plan.ok()) {
        CHECK(plan.error().code == Errc::unreachable_target);
        ++unreachable;
        continue;
      }
      if (plan->flash_amount.is_zero()) continue;
      // The swap covers loan + premium + fee, and one unit less of collateral would not.
      const u256 need = plan->flash_amount + plan->premium + plan->service_fee;
      const auto swap_out = [&](const u256& w) {
        const u256 raw = ok(liquidbot::mul_div(w, params.swap_price * pow10(debt.config.decimals),
                                               u256{1'000'000'000'000'000'000ULL} * pow10(coll.config.decimals)));
        return raw * u256{10000u - params.slippage_bps} / u256{10000};
      };
      CHECK(swap_out(plan->withdraw_amount) >= need);
      CHECK(swap_out(plan->withdraw_amount - u256{1}) < need);
      CHECK(plan->swap_output_min == swap_out(plan->withdraw_amount));
      const u256 premium_expected =
          revision >= aave::Revision::v3_5
              ? ok(liquidbot::mul_div(plan->flash_amount, u256{params.premium_bps}, u256{10000}, Rounding::ceil))
              : ok(aave::percent_mul(plan->flash_amount, u256{params.premium_bps}));
      CHECK(plan->premium == premium_expected);
      aave::Snapshot after = s;
      apply_repay(after, debt, plan->flash_amount);
      apply_withdraw(after, coll, plan->withdraw_amount);
      CHECK(hf(after) >= target);
      CHECK(plan->after.health_factor == hf(after));
      // F - 1 (with its own smallest withdrawal) does not reach the target.
      const u256 f1 = plan->flash_amount - u256{1};
      const u256 prem1 = revision >= aave::Revision::v3_5
                             ? ok(liquidbot::mul_div(f1, u256{params.premium_bps}, u256{10000}, Rounding::ceil))
                             : ok(aave::percent_mul(f1, u256{params.premium_bps}));
      const u256 need1 = f1 + prem1 + ok(liquidbot::mul_div(f1, u256{params.fee_bps}, u256{10000}, Rounding::ceil));
      // Its smallest covering withdrawal: invert both floors of swap_out, then check the boundary.
      const u256 gross1 = ok(liquidbot::mul_div(need1, u256{10000}, u256{10000u - params.slippage_bps}, Rounding::ceil));
      const u256 w1 = ok(liquidbot::mul_div(gross1, u256{1'000'000'000'000'000'000ULL} * pow10(coll.config.decimals),
                                            params.swap_price * pow10(debt.config.decimals), Rounding::ceil));
      CHECK(swap_out(w1) >= need1);
      if (!w1.is_zero()) CHECK(swap_out(w1 - u256{1}) < need1);
      aave::Snapshot less = s;
      apply_repay(less, debt, f1);
      apply_withdraw(less, coll, w1);
      CHECK(hf(less) < target);
      ++planned;
    }
  }
  MESSAGE("deleverage: " << planned << " planned, " << unreachable << " unreachable");
  CHECK(planned > 50);
}

TEST_CASE("aave protection: bad inputs are errors") {
  Rng rng{0x5eed0009};
  const aave::Snapshot s = random_snapshot(rng, aave::Revision::v3_6, 90);
  auto low = aave::plan_repay(s, s.reserves[1].asset, u256{999'999'999'999'999'999ULL});
  REQUIRE_FALSE(low.ok());
  CHECK(low.error().code == Errc::invalid_argument);
  auto unknown = aave::plan_repay(s, asset_address(11), aave::kWad);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == Errc::not_found);
  aave::DeleverageParams same;
  same.debt_asset = same.collateral_asset = s.reserves[0].asset;
  same.swap_price = aave::kWad;
  CHECK(aave::plan_deleverage(s, same, aave::kWad * u256{2}).error().code == Errc::unsupported);
  aave::DeleverageParams zero_price;
  zero_price.debt_asset = s.reserves[1].asset;
  zero_price.collateral_asset = s.reserves[0].asset;
  CHECK(aave::plan_deleverage(s, zero_price, aave::kWad * u256{2}).error().code ==
        Errc::invalid_argument);
  const aave::PriceChange wipe{asset_address(11), -1};
  CHECK(aave::shock(s, std::span<const aave::PriceChange>(&wipe, 1)).error().code == Errc::not_found);
}
