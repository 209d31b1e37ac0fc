// EIP-1559 fee quotes for Base, the geth replacement rule, operator fee and action cost.
#include <liquidbot/fees.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace liquidbot {

namespace {

Error overflow(std::string_view what) { return make_error(Errc::overflow, fmt::format("fees: {} exceeds 2^256", what)); }

// ceil(x * num / den) for the percentage bumps; x < 2^256, num small.
Result<u256> mul_div_ceil(const u256& x, const u256& num, const u256& den) {
  return mul_div(x, num, den, Rounding::ceil);
}

}  // namespace

Result<u256> median_reward(const FeeHistory& history, std::size_t percentile_index) {
  std::vector<u256> values;
  values.reserve(history.reward.size());
  for (const auto& block : history.reward)
    if (percentile_index < block.size()) values.push_back(block[percentile_index]);
  if (values.empty())
    return make_error(Errc::not_found, fmt::format("fees: eth_feeHistory has no reward at percentile index {}", percentile_index));
  // The upper median for an even count, so a tie between two blocks leans to the faster tip.
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

Result<u256> base_fee_headroom(const u256& next_base_fee, const Eip1559Params& params, std::uint32_t blocks) {
  if (params.denominator == 0 || params.elasticity == 0)
    return make_error(Errc::invalid_argument, "fees: EIP-1559 elasticity and denominator must be positive");
  if (blocks > 1000) return make_error(Errc::invalid_argument, fmt::format("fees: headroom of {} blocks (at most 1000)", blocks));
  const u256 den{params.denominator};
  const u256 num = den + u256{params.elasticity} - u256{1};
  u256 fee = std::max(next_base_fee, params.min_base_fee);
  for (std::uint32_t i = 0; i < blocks; ++i) {
    auto next = mul_div_ceil(fee, num, den);
    if (!next) return overflow("base fee headroom");
    fee = *next;
  }
  return fee;
}

Result<FeeQuote> quote_fees(const FeeHistory& history, const FeePolicy& policy, std::optional<u256> suggested_tip) {
  if (history.base_fee_per_gas.empty())
    return make_error(Errc::decode, "fees: eth_feeHistory without baseFeePerGas");
  if (policy.tip_floor > policy.tip_ceiling)
    return make_error(Errc::invalid_argument, "fees: tip floor above the tip ceiling");
  const u256 next_base = history.base_fee_per_gas.back();
  u256 tip = policy.tip_floor;
  if (auto reward = median_reward(history, 0)) tip = std::max(tip, *reward);
  if (suggested_tip) tip = std::max(tip, *suggested_tip);
  tip = std::min(tip, policy.tip_ceiling);
  LB_TRY(base_cap, base_fee_headroom(next_base, policy.eip1559, policy.headroom_blocks));
  u256 max_fee;
  if (add_overflow(base_cap, tip, max_fee)) return overflow("maxFeePerGas");
  if (max_fee > policy.max_fee_per_gas_cap) {
    // Keep what the next block needs; cut the headroom down to the cap.
    u256 needed;
    if (add_overflow(std::max(next_base, policy.eip1559.min_base_fee), tip, needed) || needed > policy.max_fee_per_gas_cap)
      return make_error(Errc::unreachable_target,
                        fmt::format("fees: next base fee {} + tip {} wei is above the maxFeePerGas cap {} wei",
                                    next_base.to_dec(), tip.to_dec(), policy.max_fee_per_gas_cap.to_dec()));
    max_fee = policy.max_fee_per_gas_cap;
  }
  return FeeQuote{next_base, tip, max_fee};
}

bool is_valid_replacement(const FeeQuote& old_fees, const FeeQuote& new_fees) noexcept {
  if (old_fees.max_fee_per_gas >= new_fees.max_fee_per_gas) return false;
  if (old_fees.max_priority_fee_per_gas >= new_fees.max_priority_fee_per_gas) return false;
  // thresholds old * 110 / 100 (integer division), computed without overflow via mul_div.
  const auto fee_threshold = mul_div(old_fees.max_fee_per_gas, u256{110}, u256{100});
  const auto tip_threshold = mul_div(old_fees.max_priority_fee_per_gas, u256{110}, u256{100});
  if (!fee_threshold || !tip_threshold) return false;
  return new_fees.max_fee_per_gas >= *fee_threshold && new_fees.max_priority_fee_per_gas >= *tip_threshold;
}

Result<FeeQuote> bump_fees(const FeeQuote& old_fees, const FeePolicy& policy, std::optional<FeeQuote> market) {
  if (policy.bump_percent < 10)
    return make_error(Errc::invalid_argument, fmt::format("fees: bump of {}% is below the 10% replacement rule", policy.bump_percent));
  const u256 factor{100 + std::uint64_t{policy.bump_percent}};
  auto bump = [&](const u256& x) -> Result<u256> {
    auto raised = mul_div_ceil(x, factor, u256{100});
    if (!raised) return overflow("bumped fee");
    return std::max(*raised, x + u256{1});
  };
  FeeQuote out = old_fees;
  LB_TRY(tip, bump(old_fees.max_priority_fee_per_gas));
  LB_TRY(fee, bump(old_fees.max_fee_per_gas));
  out.max_priority_fee_per_gas = tip;
  out.max_fee_per_gas = fee;
  if (market) {
    out.base_fee = market->base_fee;
    out.max_priority_fee_per_gas = std::max(out.max_priority_fee_per_gas, market->max_priority_fee_per_gas);
    out.max_fee_per_gas = std::max(out.max_fee_per_gas, market->max_fee_per_gas);
  }
  out.max_fee_per_gas = std::max(out.max_fee_per_gas, out.max_priority_fee_per_gas);
  if (out.max_fee_per_gas > policy.max_fee_per_gas_cap)
    return make_error(Errc::unreachable_target,
                      fmt::format("fees: bumped maxFeePerGas {} wei is above the cap {} wei", out.max_fee_per_gas.to_dec(),
                                  policy.max_fee_per_gas_cap.to_dec()));
  return out;
}

u256 operator_fee(const OperatorFeeParams& params, std::uint64_t gas) noexcept {
  switch (params.rule) {
    case OperatorFeeRule::isthmus: return u256{gas} * u256{params.scalar} / u256{1'000'000} + u256{params.constant};
    case OperatorFeeRule::jovian: return u256{gas} * u256{params.scalar} * u256{100} + u256{params.constant};
    case OperatorFeeRule::none: break;
  }
  return u256{};
}

Result<ActionCost> action_cost(const FeeQuote& fees, std::uint64_t gas_used, std::uint64_t gas_limit, const u256& l1_fee,
                               const OperatorFeeParams& operator_params, const u256& value) {
  if (gas_used > gas_limit)
    return make_error(Errc::invalid_argument, fmt::format("fees: gas used {} above the gas limit {}", gas_used, gas_limit));
  if (fees.max_fee_per_gas < fees.base_fee)
    return make_error(Errc::invalid_argument, "fees: maxFeePerGas below the base fee: the transaction cannot be included");
  ActionCost cost;
  const u256 effective_tip = std::min(fees.max_priority_fee_per_gas, fees.max_fee_per_gas - fees.base_fee);
  // gas (< 2^64) times a fee: overflow only with fees near 2^192.
  if (mul_overflow(u256{gas_used}, fees.base_fee + effective_tip, cost.l2_expected) ||
      mul_overflow(u256{gas_limit}, fees.max_fee_per_gas, cost.l2_worst))
    return overflow("gas cost");
  cost.l1_fee = l1_fee;
  cost.operator_expected = operator_fee(operator_params, gas_used);
  cost.operator_worst = operator_fee(operator_params, gas_limit);
  cost.value = value;
  LB_TRY(e1, checked_add(cost.l2_expected, l1_fee));
  LB_TRY(e2, checked_add(e1, cost.operator_expected));
  LB_TRY(e3, checked_add(e2, value));
  cost.expected_total = e3;
  LB_TRY(w1, checked_add(cost.l2_worst, l1_fee));
  LB_TRY(w2, checked_add(w1, cost.operator_worst));
  LB_TRY(w3, checked_add(w2, value));
  cost.worst_total = w3;
  return cost;
}

Result<u256> wei_to_base_currency(const u256& wei, const u256& eth_price) noexcept {
  return mul_div(wei, eth_price, u256{1'000'000'000'000'000'000ULL}, Rounding::ceil);
}

Status check_cost_caps(const ActionCost& cost, const CostCaps& caps, const u256& eth_price) {
  if (!caps.max_cost_wei.is_zero() && cost.worst_total > caps.max_cost_wei)
    return make_error(Errc::unreachable_target, fmt::format("fees: worst-case cost {} wei is above the cap {} wei",
                                                            cost.worst_total.to_dec(), caps.max_cost_wei.to_dec()));
  if (!caps.max_cost_base_currency.is_zero()) {
    LB_TRY(in_base, wei_to_base_currency(cost.expected_total, eth_price));
    if (in_base > caps.max_cost_base_currency)
      return make_error(Errc::unreachable_target,
                        fmt::format("fees: expected cost {} (base currency units) is above the cap {}", in_base.to_dec(),
                                    caps.max_cost_base_currency.to_dec()));
  }
  return {};
}

}  // namespace liquidbot
