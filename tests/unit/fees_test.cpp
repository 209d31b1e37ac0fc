// Fee strategy: numbers worked by hand from the rules in base-transactions.md §4.2-4.7 and §5.1
// (geth txpool list.Add with PriceBump 10; op-geth operator fee formulas).
#include <liquidbot/fees.hpp>

#include <doctest/doctest.h>

using namespace liquidbot;

namespace {
FeeHistory history(std::vector<u256> base, std::vector<std::vector<u256>> reward) {
  FeeHistory h;
  h.oldest_block = 100;
  h.base_fee_per_gas = std::move(base);
  h.gas_used_ratio.assign(h.base_fee_per_gas.size() - 1, 0.5);
  h.reward = std::move(reward);
  return h;
}
}  // namespace

TEST_CASE("fees: median reward") {
  auto h = history({1, 2, 3, 4, 5}, {{u256{5}}, {u256{1}}, {u256{9}}, {}});
  CHECK(median_reward(h, 0).value() == u256{5});  // {1,5,9}
  h.reward.push_back({u256{7}});
  CHECK(median_reward(h, 0).value() == u256{7});  // {1,5,7,9}: upper median
  CHECK(median_reward(h, 1).error().code == Errc::not_found);
}

TEST_CASE("fees: base fee headroom compounds (E-1)/D per block, rounding up") {
  Eip1559Params p;  // E = 6, D = 125: +4% per full block
  CHECK(base_fee_headroom(u256{1'000'000}, p, 0).value() == u256{1'000'000});
  CHECK(base_fee_headroom(u256{1'000'000}, p, 1).value() == u256{1'040'000});
  CHECK(base_fee_headroom(u256{1'000'000}, p, 2).value() == u256{1'081'600});
  CHECK(base_fee_headroom(u256{1'000'001}, p, 1).value() == u256{1'040'002});  // 1040001.04 -> ceil
  p.min_base_fee = u256{2'000'000};
  CHECK(base_fee_headroom(u256{5}, p, 1).value() == u256{2'080'000});
  Eip1559Params old{6, 250, {}};  // 2% per block
  CHECK(base_fee_headroom(u256{1'000'000}, old, 1).value() == u256{1'020'000});
  CHECK(base_fee_headroom(u256::max(), p, 1).error().code == Errc::overflow);
  CHECK(base_fee_headroom(u256{1}, Eip1559Params{6, 0, {}}, 1).error().code == Errc::invalid_argument);
}

TEST_CASE("fees: quote = headroom(next base) + clamped tip") {
  FeePolicy policy;
  policy.headroom_blocks = 1;
  policy.tip_floor = u256{1'000'000};
  policy.tip_ceiling = u256{50'000'000};
  const auto h = history({u256{9}, u256{10'000'000}}, {{u256{3'000'000}}});
  auto q = quote_fees(h, policy).value();
  CHECK(q.base_fee == u256{10'000'000});
  CHECK(q.max_priority_fee_per_gas == u256{3'000'000});
  CHECK(q.max_fee_per_gas == u256{10'400'000 + 3'000'000});
  // eth_maxPriorityFeePerGas higher than the percentile wins; the ceiling clamps.
  CHECK(quote_fees(h, policy, u256{4'000'000}).value().max_priority_fee_per_gas == u256{4'000'000});
  CHECK(quote_fees(h, policy, u256{90'000'000}).value().max_priority_fee_per_gas == u256{50'000'000});
  // No rewards at all (empty blocks): the floor.
  CHECK(quote_fees(history({u256{1}, u256{1}}, {{}}), policy).value().max_priority_fee_per_gas == u256{1'000'000});
  // Cap: headroom is cut to the cap while the next block still fits.
  policy.max_fee_per_gas_cap = u256{13'200'000};
  CHECK(quote_fees(h, policy).value().max_fee_per_gas == u256{13'200'000});
  policy.max_fee_per_gas_cap = u256{12'000'000};
  CHECK(quote_fees(h, policy).error().code == Errc::unreachable_target);
  CHECK(quote_fees(FeeHistory{}, policy).error().code == Errc::decode);
}

TEST_CASE("fees: geth replacement rule") {
  const FeeQuote old{u256{0}, u256{100}, u256{1000}};
  CHECK(is_valid_replacement(old, FeeQuote{u256{0}, u256{110}, u256{1100}}));
  CHECK_FALSE(is_valid_replacement(old, FeeQuote{u256{0}, u256{109}, u256{1100}}));
  CHECK_FALSE(is_valid_replacement(old, FeeQuote{u256{0}, u256{110}, u256{1099}}));
  // Small values: 110% rounds down, but the raise must still be strict.
  const FeeQuote tiny{u256{0}, u256{1}, u256{5}};
  CHECK_FALSE(is_valid_replacement(tiny, FeeQuote{u256{0}, u256{1}, u256{6}}));
  CHECK(is_valid_replacement(tiny, FeeQuote{u256{0}, u256{2}, u256{6}}));
}

TEST_CASE("fees: bump raises both fees by the margin, at least +1, and satisfies geth's rule") {
  FeePolicy policy;
  policy.bump_percent = 13;
  const FeeQuote old{u256{7}, u256{1'000'000}, u256{20'000'001}};
  auto b = bump_fees(old, policy).value();
  CHECK(b.max_priority_fee_per_gas == u256{1'130'000});
  CHECK(b.max_fee_per_gas == u256{22'600'002});  // 22600001.13 -> ceil
  CHECK(is_valid_replacement(old, b));
  const FeeQuote zeroish{u256{0}, u256{0}, u256{1}};
  auto z = bump_fees(zeroish, policy).value();
  CHECK(z.max_priority_fee_per_gas == u256{1});
  CHECK(z.max_fee_per_gas == u256{2});
  // A fresher market quote above the bump wins.
  auto m = bump_fees(old, policy, FeeQuote{u256{30'000'000}, u256{2'000'000}, u256{40'000'000}}).value();
  CHECK(m.max_priority_fee_per_gas == u256{2'000'000});
  CHECK(m.max_fee_per_gas == u256{40'000'000});
  CHECK(m.base_fee == u256{30'000'000});
  for (std::uint64_t tip = 1; tip < 300; tip += 7)
    for (std::uint64_t fee = tip; fee < 600; fee += 13) {
      const FeeQuote o{u256{0}, u256{tip}, u256{fee}};
      policy.bump_percent = 10;
      CHECK(is_valid_replacement(o, bump_fees(o, policy).value()));
    }
  policy.bump_percent = 9;
  CHECK(bump_fees(old, policy).error().code == Errc::invalid_argument);
  policy.bump_percent = 13;
  policy.max_fee_per_gas_cap = u256{21'000'000};
  CHECK(bump_fees(old, policy).error().code == Errc::unreachable_target);
}

TEST_CASE("fees: operator fee (Isthmus, Jovian) and action cost") {
  CHECK(operator_fee({OperatorFeeRule::none, 5, 7}, 100) == u256{0});
  CHECK(operator_fee({OperatorFeeRule::isthmus, 1'500'000, 7}, 1000) == u256{1507});
  CHECK(operator_fee({OperatorFeeRule::jovian, 3, 7}, 1000) == u256{300'007});

  const FeeQuote q{u256{1'000'000}, u256{500'000}, u256{1'200'000}};  // effective tip capped at 200000
  auto c = action_cost(q, 100'000, 150'000, u256{777}, {OperatorFeeRule::jovian, 1, 5}, u256{9}).value();
  CHECK(c.l2_expected == u256{100'000ULL * 1'200'000ULL});
  CHECK(c.l2_worst == u256{150'000ULL * 1'200'000ULL});
  CHECK(c.operator_expected == u256{10'000'005});
  CHECK(c.operator_worst == u256{15'000'005});
  CHECK(c.expected_total == u256{120'000'000'000ULL + 777 + 10'000'005 + 9});
  CHECK(c.worst_total == u256{180'000'000'000ULL + 777 + 15'000'005 + 9});
  CHECK(action_cost(q, 2, 1, {}, {}, {}).error().code == Errc::invalid_argument);
  CHECK(action_cost(FeeQuote{u256{5}, u256{1}, u256{4}}, 1, 1, {}, {}, {}).error().code == Errc::invalid_argument);

  // 0.001 ETH at $3000.00000000 (8 decimals) = $3.00000000; rounding up.
  CHECK(wei_to_base_currency(u256{1'000'000'000'000'000ULL}, u256{300'000'000'000ULL}).value() == u256{300'000'000});
  CHECK(wei_to_base_currency(u256{1}, u256{300'000'000'000ULL}).value() == u256{1});
  CostCaps caps;
  CHECK(check_cost_caps(c, caps, u256{300'000'000'000ULL}).ok());
  caps.max_cost_wei = c.worst_total - u256{1};
  CHECK(check_cost_caps(c, caps, u256{300'000'000'000ULL}).error().code == Errc::unreachable_target);
  caps.max_cost_wei = c.worst_total;
  caps.max_cost_base_currency = u256{36003};  // 120010000791 wei * 3000e8 / 1e18 = 36003.0002 -> 36004
  CHECK(check_cost_caps(c, caps, u256{300'000'000'000ULL}).error().code == Errc::unreachable_target);
  caps.max_cost_base_currency = u256{36004};
  CHECK(check_cost_caps(c, caps, u256{300'000'000'000ULL}).ok());
}
