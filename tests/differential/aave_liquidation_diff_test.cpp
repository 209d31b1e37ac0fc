// Differential check of aave::liquidation_amounts against an independent BigInt model written from
// LiquidationLogic.sol (tests/js/oracle/aave_liquidation.mjs; file named by LIQUIDBOT_VECTORS).
#include <doctest/doctest.h>

#include <liquidbot/aave/liquidation.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

TEST_CASE("aave liquidation: amounts match the BigInt model of LiquidationLogic (3.0-3.6)") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array vectors;
  REQUIRE(document["vectors"].get(vectors) == simdjson::SUCCESS);

  std::size_t checked = 0;
  std::size_t liquidatable = 0;
  std::size_t dust = 0;
  std::size_t bad_debt = 0;
  std::size_t capped = 0;
  for (simdjson::dom::element item : vectors) {
    simdjson::dom::element input = item["input"];
    simdjson::dom::element expected = item["expected"];
    const auto number = [](simdjson::dom::element obj, const char* name) {
      std::string_view text;
      REQUIRE_MESSAGE(obj[name].get(text) == simdjson::SUCCESS, name);
      auto value = u256::from_dec(text);
      REQUIRE_MESSAGE(value.ok(), name);
      return value.value();
    };
    const auto flag = [](simdjson::dom::element obj, const char* name) {
      bool value = false;
      REQUIRE_MESSAGE(obj[name].get(value) == simdjson::SUCCESS, name);
      return value;
    };
    std::string_view revision_text;
    REQUIRE(input["revision"].get(revision_text) == simdjson::SUCCESS);
    auto revision = aave::parse_revision(revision_text);
    REQUIRE(revision.ok());

    aave::LiquidationInputs in;
    in.revision = revision.value();
    in.health_factor = number(input, "hf");
    in.total_debt_base = number(input, "totalDebtBase");
    in.total_collateral_base = number(input, "totalCollateralBase");
    in.collateral_balance = number(input, "collateralBalance");
    in.collateral_price = number(input, "collateralPrice");
    in.collateral_unit = number(input, "collateralUnit");
    in.debt_balance = number(input, "debtBalance");
    in.debt_price = number(input, "debtPrice");
    in.debt_unit = number(input, "debtUnit");
    in.liquidation_bonus = static_cast<std::uint16_t>(number(input, "liquidationBonus").limbs[0]);
    in.protocol_fee = static_cast<std::uint16_t>(number(input, "protocolFee").limbs[0]);
    in.debt_to_cover = number(input, "debtToCover");
    INFO("revision " << revision_text << " hf " << in.health_factor.to_dec() << " debt "
                     << in.debt_balance.to_dec() << " coll " << in.collateral_balance.to_dec()
                     << " cover " << in.debt_to_cover.to_dec());

    auto got = aave::liquidation_amounts(in);
    bool overflow = false;
    if (expected["overflow"].get(overflow) == simdjson::SUCCESS && overflow) {
      REQUIRE_FALSE(got.ok());
      CHECK(got.error().code == Errc::overflow);
      ++checked;
      continue;
    }
    REQUIRE_MESSAGE(got.ok(), (got.ok() ? std::string() : got.error().to_string()));
    const aave::LiquidationAmounts& a = got.value();
    CHECK(a.liquidatable == flag(expected, "liquidatable"));
    if (a.liquidatable) {
      ++liquidatable;
      CHECK(a.max_liquidatable_debt == number(expected, "maxLiquidatableDebt"));
      CHECK(a.debt_repaid == number(expected, "debtRepaid"));
      CHECK(a.collateral_seized == number(expected, "collateralSeized"));
      CHECK(a.liquidator_collateral == number(expected, "liquidatorCollateral"));
      CHECK(a.protocol_fee == number(expected, "protocolFee"));
      CHECK(a.collateral_seized_base == number(expected, "collateralBase"));
      CHECK(a.must_not_leave_dust == flag(expected, "mustNotLeaveDust"));
      CHECK(a.bad_debt == flag(expected, "badDebt"));
      dust += a.must_not_leave_dust ? 1U : 0U;
      bad_debt += a.bad_debt ? 1U : 0U;
      capped += a.collateral_seized == in.collateral_balance ? 1U : 0U;
    }
    ++checked;
  }
  MESSAGE("checked " << checked << " vectors: " << liquidatable << " liquidatable, " << dust
                     << " dust reverts, " << bad_debt << " bad debt, " << capped
                     << " collateral-capped");
  CHECK(checked >= 1000);
  CHECK(liquidatable > checked / 2);
  CHECK(dust > 0);
  CHECK(bad_debt > 0);
  CHECK(capped > 0);
}
