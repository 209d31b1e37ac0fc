// Liquidation rules on hand-computed positions (numbers worked out from LiquidationLogic.sol by
// hand, see the comments), revision differences, eMode bonus and errors. The random-input check
// against an independent BigInt model is tests/differential/aave_liquidation_diff_test.cpp.
#include <doctest/doctest.h>

#include <liquidbot/aave/liquidation.hpp>

#include "unit/aave_protect_fixtures.hpp"

using namespace lbtest;
using liquidbot::Errc;

namespace {

const u256 kE18{1'000'000'000'000'000'000ULL};
const u256 kE6{1'000'000};

/// WETH (id 0, 18 dec, $2000, LT 80%, LB 105%, fee 10%) as collateral, USDC (id 1, 6 dec, $1) as
/// debt; indexes at RAY and updated at the snapshot time, so balances equal the scaled values.
aave::Snapshot two_asset(aave::Revision revision, const u256& weth, const u256& usdc) {
  aave::Snapshot s;
  s.revision = revision;
  s.timestamp = kTimestamp;
  s.base_currency_unit = u256{100'000'000};
  for (unsigned i = 0; i < 2; ++i) {
    aave::Reserve r;
    r.asset = asset_address(i);
    r.id = static_cast<std::uint16_t>(i);
    r.config.ltv = 7500;
    r.config.liquidation_threshold = 8000;
    r.config.liquidation_bonus = 10500;
    r.config.decimals = i == 0 ? 18 : 6;
    r.config.active = true;
    r.config.borrowing_enabled = true;
    r.config.liquidation_protocol_fee = 1000;
    r.configuration = ok(r.config.encode());
    r.liquidity_index = aave::kRay;
    r.variable_borrow_index = aave::kRay;
    r.last_update_timestamp = kTimestamp;
    r.price = i == 0 ? u256{200'000'000'000} : u256{100'000'000};
    s.reserves.push_back(r);
  }
  s.user.address = asset_address(9);
  aave::Position c;
  c.asset = asset_address(0);
  c.scaled_atoken_balance = weth;
  aave::Position d;
  d.asset = asset_address(1);
  d.scaled_variable_debt = usdc;
  s.user.positions = {c, d};
  s.user.configuration = u256{0b0110};  // collateral id 0, borrowing id 1
  REQUIRE(aave::validate(s).ok());
  return s;
}

}  // namespace

TEST_CASE("aave liquidation: small position, HF 0.941, partial cover") {
  // 1 WETH ($2000, LT 80%) against 1700 USDC: HF = 1600/1700 = 0.941176... <= 0.95.
  // Cover 1000 USDC: base collateral = 1e8*1000e6*1e18/(2000e8*1e6) = 0.5 WETH; with the 5% bonus
  // 0.525 WETH; bonus part 0.025, 10% fee = 0.0025 WETH; the liquidator gets 0.5225 WETH.
  for (aave::Revision revision : kRevisions) {
    INFO("revision " << aave::to_string(revision));
    const aave::Snapshot s = two_asset(revision, kE18, u256{1700} * kE6);
    auto q = aave::quote_liquidation(s, asset_address(0), asset_address(1), u256{1000} * kE6);
    REQUIRE_MESSAGE(q.ok(), (q.ok() ? std::string() : q.error().to_string()));
    const aave::LiquidationAmounts& a = q->amounts;
    CHECK(q->account.health_factor == u256{941'176'470'588'235'294ULL});
    CHECK(a.liquidatable);
    CHECK(a.close_factor_bps == 10000);
    CHECK(a.max_liquidatable_debt == u256{1700} * kE6);
    CHECK(a.debt_repaid == u256{1000} * kE6);
    CHECK(a.collateral_seized == u256{525'000'000'000'000'000ULL});
    CHECK(a.protocol_fee == u256{2'500'000'000'000'000ULL});
    CHECK(a.liquidator_collateral == u256{522'500'000'000'000'000ULL});
    CHECK(a.collateral_seized_base == u256{105'000'000'000ULL});  // $1050
    // 3.3+: 700 USDC of debt would be left, below the $1000 minimum: MustNotLeaveDust.
    CHECK(a.must_not_leave_dust == (revision >= aave::Revision::v3_3));
    CHECK_FALSE(a.bad_debt);
  }
}

TEST_CASE("aave liquidation: large position above 0.95 is capped at half the total debt") {
  // 10 WETH ($20000) against 16500 USDC: HF = 16000/16500 = 0.9697 > 0.95. 3.3+: both sides are
  // >= $2000 and the reserve debt is more than half of the total, so the cap is 8250 USDC; before
  // 3.3 the close factor is 50% of the reserve debt: also 8250 USDC. Seized: 8250/2000 = 4.125
  // WETH * 1.05 = 4.33125 WETH; fee 10% of 0.20625 = 0.020625 WETH.
  for (aave::Revision revision : kRevisions) {
    INFO("revision " << aave::to_string(revision));
    const aave::Snapshot s = two_asset(revision, u256{10} * kE18, u256{16500} * kE6);
    auto q = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(q.ok());
    const aave::LiquidationAmounts& a = q->amounts;
    CHECK(a.liquidatable);
    CHECK(a.close_factor_bps == 5000);
    CHECK(a.max_liquidatable_debt == u256{8250} * kE6);
    CHECK(a.debt_repaid == u256{8250} * kE6);
    CHECK(a.collateral_seized == u256{4'331'250'000'000'000'000ULL});
    CHECK(a.protocol_fee == u256{20'625'000'000'000'000ULL});
    CHECK(a.liquidator_collateral == u256{4'310'625'000'000'000'000ULL});
    CHECK_FALSE(a.must_not_leave_dust);
    CHECK_FALSE(a.bad_debt);
  }
}

TEST_CASE("aave liquidation: the PriceOracleSentinel and reserve grace periods block the call") {
  // validateLiquidationCall: a sentinel that disallows liquidations lets only HF < 0.95 through;
  // a reserve whose liquidationGracePeriodUntil >= the block timestamp blocks every liquidation
  // involving it. Amounts stay those of the call once allowed.
  const aave::Snapshot above = two_asset(aave::Revision::v3_6, u256{10} * kE18, u256{16500} * kE6);  // HF 0.9697
  const aave::Snapshot below = two_asset(aave::Revision::v3_6, kE18, u256{1700} * kE6);              // HF 0.9412
  for (const aave::Snapshot* base : {&above, &below}) {
    aave::Snapshot s = *base;
    s.sentinel = aave::PriceOracleSentinel{asset_address(7), true};
    auto open = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(open.ok());
    CHECK(open->amounts.liquidatable);
    CHECK(open->blocked_by.empty());
    s.sentinel->liquidation_allowed = false;
    auto closed = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(closed.ok());
    const bool bypass = base == &below;  // HF < 0.95 bypasses the sentinel
    CHECK(closed->amounts.liquidatable == bypass);
    CHECK(closed->blocked_by.empty() == bypass);
    if (!bypass) CHECK(closed->blocked_by.find("PriceOracleSentinel") != std::string::npos);
    CHECK(closed->amounts.debt_repaid == open->amounts.debt_repaid);
  }
  for (unsigned reserve : {0u, 1u}) {
    aave::Snapshot s = below;
    s.reserves[reserve].liquidation_grace_period_until = kTimestamp;  // still in it at the timestamp
    auto q = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(q.ok());
    CHECK_FALSE(q->amounts.liquidatable);
    CHECK(q->blocked_by.find("grace period") != std::string::npos);
    s.reserves[reserve].liquidation_grace_period_until = kTimestamp - 1;  // over
    CHECK(aave::quote_liquidation(s, asset_address(0), asset_address(1))->amounts.liquidatable);
  }
}

TEST_CASE("aave liquidation: collateral cap and bad debt") {
  // 1 WETH against 2500 USDC: HF 0.64. Covering everything needs 2625 USDC of collateral value
  // with the bonus, more than the $2000 held: all 1 WETH is seized and the debt repaid is
  // 2000 / 1.05 = 1904.761904.. USDC (3.5+ rounds up: 1904.761905; before: half-up, same here).
  for (aave::Revision revision : kRevisions) {
    INFO("revision " << aave::to_string(revision));
    const aave::Snapshot s = two_asset(revision, kE18, u256{2500} * kE6);
    auto q = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(q.ok());
    const aave::LiquidationAmounts& a = q->amounts;
    CHECK(a.collateral_seized == kE18);
    CHECK(a.debt_repaid == u256{1'904'761'905});
    CHECK(a.bad_debt == (revision >= aave::Revision::v3_3));
    CHECK_FALSE(a.must_not_leave_dust);
  }
}

TEST_CASE("aave liquidation: healthy positions, eMode bonus, errors") {
  const aave::Snapshot healthy = two_asset(aave::Revision::v3_6, kE18, u256{1000} * kE6);
  auto q = aave::quote_liquidation(healthy, asset_address(0), asset_address(1));
  REQUIRE(q.ok());
  CHECK_FALSE(q->amounts.liquidatable);
  CHECK(q->amounts.debt_repaid.is_zero());

  // eMode (3.2+ bitmap): the eMode bonus 101% replaces the reserve's 105%.
  aave::Snapshot emode = two_asset(aave::Revision::v3_6, kE18, u256{1900} * kE6);
  aave::EModeCategory e;
  e.id = 1;
  e.ltv = 7000;
  e.liquidation_threshold = 8000;
  e.liquidation_bonus = 10100;
  e.collateral_bitmap = u256{1};
  e.borrowable_bitmap = u256{2};
  emode.emodes.push_back(e);
  emode.user.emode_category = 1;
  REQUIRE(aave::validate(emode).ok());
  auto qe = aave::quote_liquidation(emode, asset_address(0), asset_address(1), u256{1000} * kE6);
  REQUIRE(qe.ok());
  CHECK(qe->inputs.liquidation_bonus == 10100);
  CHECK(qe->amounts.collateral_seized == u256{505'000'000'000'000'000ULL});

  auto unknown = aave::quote_liquidation(healthy, asset_address(5), asset_address(1));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == Errc::not_found);
  auto not_collateral = aave::quote_liquidation(healthy, asset_address(1), asset_address(0));
  REQUIRE_FALSE(not_collateral.ok());
  CHECK(not_collateral.error().code == Errc::invalid_argument);

  // Reserve LT 0: not liquidatable as collateral before 3.6 (COLLATERAL_CANNOT_BE_LIQUIDATED).
  for (aave::Revision revision : {aave::Revision::v3_5, aave::Revision::v3_6}) {
    aave::Snapshot zero_lt = two_asset(revision, kE18, u256{1700} * kE6);
    zero_lt.reserves[0].config.liquidation_threshold = 0;
    zero_lt.reserves[0].config.ltv = 0;
    zero_lt.reserves[0].configuration = ok(zero_lt.reserves[0].config.encode());
    // A second collateral keeps the position open (and its HF below 1).
    zero_lt.user.positions[1].scaled_atoken_balance = u256{100} * kE6;
    zero_lt.user.configuration = u256{0b1110};
    auto quote = aave::quote_liquidation(zero_lt, asset_address(0), asset_address(1));
    if (revision == aave::Revision::v3_5) {
      REQUIRE_FALSE(quote.ok());
      CHECK(quote.error().code == Errc::invalid_argument);
    } else {
      REQUIRE(quote.ok());
      CHECK(quote->amounts.liquidatable);
    }
  }

  aave::LiquidationInputs bad;
  bad.health_factor = u256{1};
  bad.debt_balance = u256{1};
  CHECK(aave::liquidation_amounts(bad).error().code == Errc::invalid_argument);
}

TEST_CASE("aave liquidation: 3.0-3.1 eMode price source prices both sides") {
  // LiquidationLogic._getConfigurationData (aave-v3-core 1.19): with a user eMode whose price source
  // is set, the collateral in the category and the debt asset (whatever its category) are priced by
  // the eMode source; the bonus is the eMode bonus for collateral in the category.
  for (aave::Revision revision : {aave::Revision::v3_0, aave::Revision::v3_1}) {
    aave::Snapshot s = two_asset(revision, kE18, u256{1700} * kE6);
    s.reserves[0].config.emode_category = 1;
    s.reserves[0].configuration = ok(s.reserves[0].config.encode());
    aave::EModeCategory e;
    e.id = 1;
    e.ltv = 9000;
    e.liquidation_threshold = 9300;
    e.liquidation_bonus = 10100;
    e.price_source = asset_address(7);
    e.price = u256{180'000'000'000};  // $1800
    s.emodes.push_back(e);
    s.user.emode_category = 1;
    REQUIRE(aave::validate(s).ok());
    auto q = aave::quote_liquidation(s, asset_address(0), asset_address(1));
    REQUIRE(q.ok());
    CHECK(q->inputs.collateral_price == u256{180'000'000'000});
    CHECK(q->inputs.debt_price == u256{180'000'000'000});
    CHECK(q->inputs.liquidation_bonus == 10100);
  }
}

TEST_CASE("aave liquidation: quotes on random snapshots agree with account_detail balances") {
  Rng rng{0x11d0001};
  unsigned liquidatable = 0;
  for (aave::Revision revision : kRevisions) {
    for (unsigned n = 0; n < 30; ++n) {
      const aave::Snapshot s = random_snapshot(rng, revision, static_cast<unsigned>(rng.range(70, 110)));
      auto detail = aave::account_detail(s);
      REQUIRE(detail.ok());
      for (const aave::ReserveLine& cl : detail->lines) {
        if (!cl.collateral) continue;
        for (const aave::ReserveLine& dl : detail->lines) {
          if (!dl.borrowed) continue;
          const aave::Reserve& cr = s.reserves[cl.reserve_index];
          const aave::Reserve& dr = s.reserves[dl.reserve_index];
          auto q = aave::quote_liquidation(s, cr.asset, dr.asset);
          REQUIRE(q.ok());
          CHECK(q->inputs.collateral_balance == cl.collateral_balance);
          CHECK(q->inputs.debt_balance == dl.variable_debt + dl.stable_debt);
          CHECK(q->inputs.liquidation_bonus == cl.liquidation_bonus);
          CHECK(q->amounts.liquidatable == (detail->data.health_factor < aave::kWad));
          if (q->amounts.liquidatable) {
            ++liquidatable;
            CHECK(q->amounts.debt_repaid <= q->amounts.max_liquidatable_debt);
            CHECK(q->amounts.collateral_seized <= cl.collateral_balance);
          }
        }
      }
    }
  }
  CHECK(liquidatable > 50);
}
