// The executor's total cost of an intervention (network cost in wei and in base currency, service
// fee and flash premium at the oracle price) and the cost caps, against numbers computed by hand.
#include <liquidbot/executor.hpp>

#include <doctest/doctest.h>

using namespace liquidbot;
using namespace liquidbot::executor;

namespace {
u256 dec(std::string_view text) { return u256::from_dec(text).value(); }

// 300,000 gas at 2 gwei plus a 1,500,000,000,000 wei L1 fee, ETH at $3,000 (8 decimals); a service
// fee of 2.5 USDC (6 decimals) with USDC at $1.0001.
CostInputs repay_inputs() {
  CostInputs in;
  in.gas_limit = 300'000;
  in.max_fee_per_gas = u256{2'000'000'000};
  in.l1_fee_wei = u256{1'500'000'000'000};
  in.eth_price = u256{300'000'000'000};
  in.service_fee = u256{2'500'000};
  in.fee_asset_price = u256{100'010'000};
  in.fee_asset_decimals = 6;
  return in;
}
}  // namespace

TEST_CASE("intervention cost: hand-computed") {
  auto cost = intervention_cost(repay_inputs());
  REQUIRE(cost.ok());
  // 300,000 * 2e9 + 1.5e12 = 601,500,000,000,000 wei; * 3e11 / 1e18 = 180,450,000 exactly ($1.8045).
  CHECK(cost->network_wei == dec("601500000000000"));
  CHECK(cost->network_base == u256{180'450'000});
  // 2,500,000 * 100,010,000 / 1e6 = 250,025,000 ($2.50025).
  CHECK(cost->fees_base == u256{250'025'000});
  CHECK(cost->total_base == u256{430'475'000});
}

TEST_CASE("intervention cost: flash premium counts, and every conversion rounds up") {
  CostInputs in = repay_inputs();
  in.flash_premium = u256{450'000};  // 0.45 USDC: (2.5 + 0.45) * 1.0001 = $2.950295
  auto cost = intervention_cost(in);
  REQUIRE(cost.ok());
  CHECK(cost->fees_base == u256{295'029'500});
  in.flash_premium = u256{};
  in.service_fee = u256{1};  // 1 * 100,010,000 / 1e6 = 100.01 -> 101
  in.l1_fee_wei = u256{1'500'000'000'001};  // 601,500,000,000,001 * 3e11 / 1e18 = 180,450,000.0000003 -> 180,450,001
  cost = intervention_cost(in);
  REQUIRE(cost.ok());
  CHECK(cost->fees_base == u256{101});
  CHECK(cost->network_base == u256{180'450'001});
  CHECK(cost->total_base == u256{180'450'102});
}

TEST_CASE("intervention cost: 18-decimal fee asset and zero fees") {
  CostInputs in = repay_inputs();
  in.service_fee = dec("1000000000000000");  // 0.001 WETH at $3,000 = $3 = 300,000,000
  in.fee_asset_price = u256{300'000'000'000};
  in.fee_asset_decimals = 18;
  auto cost = intervention_cost(in);
  REQUIRE(cost.ok());
  CHECK(cost->fees_base == u256{300'000'000});
  in.service_fee = u256{};
  cost = intervention_cost(in);
  REQUIRE(cost.ok());
  CHECK(cost->fees_base == u256{});
  CHECK(cost->total_base == u256{180'450'000});
}

TEST_CASE("intervention cost: overflow and bad decimals are errors") {
  CostInputs in = repay_inputs();
  in.gas_limit = ~std::uint64_t{0};
  in.max_fee_per_gas = u256::max();
  CHECK_FALSE(intervention_cost(in).ok());
  in = repay_inputs();
  in.fee_asset_decimals = 78;
  auto r = intervention_cost(in);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "cost: fee asset decimals 78 above 77");
}

TEST_CASE("cost caps: enrollment max_cost, base-currency cap, wei cap; 0 = none; equal passes") {
  auto cost = intervention_cost(repay_inputs()).value();
  CHECK(check_intervention_cost(cost, u256{}, CostCaps{}).ok());
  CHECK(check_intervention_cost(cost, u256{430'475'000}, CostCaps{}).ok());
  auto over = check_intervention_cost(cost, u256{430'474'999}, CostCaps{});
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == Errc::unreachable_target);
  CHECK(over.error().message ==
        "cost_cap: total cost 430475000 (base currency units) is above the enrollment's max_cost 430474999");
  CostCaps base_cap;
  base_cap.max_cost_base_currency = u256{430'474'999};
  auto policy = check_intervention_cost(cost, u256{}, base_cap);
  REQUIRE_FALSE(policy.ok());
  CHECK(policy.error().message == "cost_cap: total cost 430475000 (base currency units) is above the fee policy's cap 430474999");
  CostCaps wei_cap;
  wei_cap.max_cost_wei = dec("601500000000000");
  CHECK(check_intervention_cost(cost, u256{}, wei_cap).ok());
  wei_cap.max_cost_wei = dec("601499999999999");
  auto wei = check_intervention_cost(cost, u256{}, wei_cap);
  REQUIRE_FALSE(wei.ok());
  CHECK(wei.error().message == "cost_cap: network cost 601500000000000 wei is above the fee policy's cap 601499999999999 wei");
}
