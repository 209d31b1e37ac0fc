// getUserAccountData: the worked vector of aave-v3.md §1.7, the shipped examples (expected values
// from the independent BigInt model, tests/js/oracle/aave_model.mjs), eMode/ltv0 semantics per
// revision, empty and debt-free users, and reverts reported as errors.
#include <doctest/doctest.h>

#include <liquidbot/aave/account.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace liquidbot;
using namespace liquidbot::aave;

namespace {

Snapshot load(const char* name) {
  std::ifstream in(std::string(LIQUIDBOT_SOURCE_DIR) + "/tests/data/snapshots/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_snapshot(ss.str()).value();
}

u256 dec(const char* text) { return u256::from_dec(text).value(); }

}  // namespace

TEST_CASE("worked vector (aave-v3.md 1.7, v3.6 rules)") {
  const Snapshot s = load("worked_v36.json");
  auto detail = account_detail(s);
  REQUIRE(detail.ok());
  CHECK(detail->data.total_collateral_base == u256{383246487391ULL});
  CHECK(detail->data.total_debt_base == u256{270154925844ULL});
  CHECK(detail->weighted_lt_sum == u256{3180945845345300ULL});
  CHECK(detail->data.health_factor == u256{1177452469322038515ULL});
  CHECK(detail->data.current_liquidation_threshold == u256{8300});
  CHECK(detail->data.ltv == u256{8000});
  CHECK(detail->data.available_borrows_base == u256{36442264068ULL});
  REQUIRE(detail->lines.size() == 2);
  CHECK(detail->lines[0].reserve_id == 0);
  CHECK(detail->lines[0].collateral);
  CHECK(!detail->lines[0].borrowed);
  CHECK(detail->lines[0].liquidation_threshold == 8300);
  CHECK(detail->lines[1].reserve_id == 4);
  CHECK(detail->lines[1].borrowed);
  CHECK(detail->lines[1].debt_base == u256{270154925844ULL});
  CHECK(account_data(s).value() == detail->data);
}

TEST_CASE("shipped examples match the BigInt model") {
  const Snapshot e = load("emode_v36.json");
  auto d = account_data(e).value();
  CHECK(d.total_collateral_base == u256{3868879213838ULL});
  CHECK(d.total_debt_base == u256{2281831143033ULL});
  CHECK(d.available_borrows_base == u256{637625111729ULL});
  CHECK(d.current_liquidation_threshold == u256{9300});
  CHECK(d.ltv == u256{7546});  // WETH is ltv0 in eMode 1
  CHECK(d.health_factor == u256{1576829065487649293ULL});
  auto detail = account_detail(e).value();
  CHECK(detail.has_zero_ltv_collateral);
  CHECK(detail.lines[0].in_emode);
  CHECK(detail.lines[0].ltv == 0);
  CHECK(detail.lines[0].liquidation_bonus == 10200);

  const Snapshot st = load("stable_v30.json");
  auto d30 = account_data(st).value();
  CHECK(d30.total_collateral_base == u256{937151947027ULL});
  CHECK(d30.total_debt_base == u256{373421245623ULL});
  CHECK(d30.available_borrows_base == u256{376300311999ULL});
  CHECK(d30.health_factor == u256{2082999093247336704ULL});
  CHECK(account_detail(st)->lines[1].stable_debt > u256{2000000000});
}

TEST_CASE("eMode and ltv0 semantics per revision") {
  Snapshot s = load("emode_v36.json");
  // 3.6: WETH in the eMode collateral and ltvzero bitmaps -> LTV 0, eMode LT.
  auto v36 = account_detail(s).value();
  CHECK(v36.lines[0].ltv == 0);
  CHECK(v36.lines[0].liquidation_threshold == 9300);
  // 3.2-3.5: no ltvzero bitmap; the eMode LTV applies.
  s.revision = Revision::v3_5;
  auto v35 = account_detail(s).value();
  CHECK(v35.lines[0].ltv == 9000);
  CHECK(!v35.has_zero_ltv_collateral);
  // A reserve LTV of 0 still forces 0 inside the eMode before 3.6.
  s.reserves[0].config.ltv = 0;
  s.reserves[0].configuration = s.reserves[0].config.encode().value();
  CHECK(account_detail(s)->lines[0].ltv == 0);
  s.revision = Revision::v3_6;
  CHECK(account_detail(s)->lines[0].ltv == 0);  // ltvzero bitmap
  s.emodes[0].ltvzero_bitmap = u256{};
  CHECK(account_detail(s)->lines[0].ltv == 9000);  // 3.6: the eMode LTV, decoupled from the reserve
  // LT 0 outside the eMode: counted in C from 3.6 on, skipped before.
  s = load("emode_v36.json");
  s.user.emode_category = 0;
  s.reserves[1].config.liquidation_threshold = 0;
  s.reserves[1].configuration = s.reserves[1].config.encode().value();
  auto with_lt0 = account_detail(s).value();
  CHECK(with_lt0.lines[1].collateral);
  CHECK(with_lt0.lines[1].liquidation_threshold == 0);
  s.revision = Revision::v3_5;
  auto skipped = account_detail(s).value();
  CHECK(!skipped.lines[1].collateral);
  CHECK(skipped.data.total_collateral_base < with_lt0.data.total_collateral_base);
}

TEST_CASE("empty, debt-free and reverting users") {
  Snapshot s = load("worked_v36.json");
  s.user.configuration = u256{};
  auto empty = account_data(s).value();
  CHECK(empty.health_factor == kMaxHealthFactor);
  CHECK(empty.total_collateral_base.is_zero());
  CHECK(empty.available_borrows_base.is_zero());
  s = load("worked_v36.json");
  s.user.configuration = u256{2};  // collateral only
  auto no_debt = account_data(s).value();
  CHECK(no_debt.health_factor == kMaxHealthFactor);
  CHECK(no_debt.total_collateral_base == u256{383246487391ULL});
  // Overflow in the aToken balance reverts on chain: an error, never a wrapped value.
  s = load("worked_v36.json");
  s.user.positions[0].scaled_atoken_balance = u256::max() / u256{1000};
  auto overflow = account_data(s);
  REQUIRE(!overflow.ok());
  CHECK(overflow.error().code == Errc::overflow);
  // Evaluating before a reserve's last update is rejected.
  s = load("worked_v36.json");
  s.timestamp = s.reserves[0].last_update_timestamp - 1;
  auto early = account_data(s);
  REQUIRE(!early.ok());
  CHECK(early.error().message.find("lastUpdateTimestamp") != std::string::npos);
  // Decimals >= 78 make `unchecked { 10 ** decimals }` wrap (values from Python: 10**d % 2**256).
  CHECK(asset_unit(18) == dec("1000000000000000000"));
  CHECK(asset_unit(78) == dec("73663286101470436611432119930496737173840122674875487684339327936694962880512"));
  CHECK(asset_unit(255) == u256{1} << 255);
  s = load("worked_v36.json");
  s.reserves[0].config.decimals = 255;
  s.reserves[0].configuration = s.reserves[0].config.encode().value();
  CHECK(account_data(s).ok());
}

TEST_CASE("interest accrues with time") {
  Snapshot s = load("worked_v36.json");
  const auto now = account_data(s).value();
  s.timestamp += 86400 * 30;
  const auto later = account_data(s).value();
  CHECK(later.total_debt_base > now.total_debt_base);
  CHECK(later.total_collateral_base > now.total_collateral_base);
  CHECK(later.health_factor < now.health_factor);
  CHECK(normalized_income(s.reserves[0], s.reserves[0].last_update_timestamp).value() ==
        s.reserves[0].liquidity_index);
  CHECK(normalized_debt(s.reserves[1], s.timestamp, Revision::v3_6).value() >
        normalized_debt(s.reserves[1], s.timestamp, Revision::v3_3).value());
}
