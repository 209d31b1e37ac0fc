// EIP-1559 fee strategy for Base: the next base fee with headroom for a few blocks, a priority fee
// from eth_feeHistory percentiles clamped to a floor and a ceiling, caps per intervention (in wei
// and in the Aave base currency), the replacement bump, OP-stack operator fee and the total cost of
// an action.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace liquidbot {

/// The eth_feeHistory answer (base_fee_per_gas has block_count + 1 entries, the last being the next
/// block's base fee; reward[i] has one entry per requested percentile).
using FeeHistory = rpc::FeeHistory;

/// EIP-1559 update parameters (Base: elasticity 6; denominator 125 since 2026-02, 250 before; both
/// in the header extraData since Holocene). Only used to size the base-fee headroom.
struct Eip1559Params {
  std::uint32_t elasticity = 6;
  std::uint32_t denominator = 125;
  u256 min_base_fee;  ///< Jovian minimum base fee (0 when none)
};

struct FeePolicy {
  /// maxFee covers the base fee rising in this many consecutive full blocks (each by at most
  /// (elasticity-1)/denominator). 18 blocks at 4% ~ 2x, the ethers/Base-docs rule of thumb.
  std::uint32_t headroom_blocks = 18;
  Eip1559Params eip1559;
  /// Percentile (0..100) of eth_feeHistory rewards to use; the median over the blocks is taken.
  double reward_percentile = 80.0;
  std::uint32_t history_blocks = 10;
  u256 tip_floor = u256{1'000'000};         ///< op-geth's minimum suggested tip (0.001 gwei)
  u256 tip_ceiling = u256{5'000'000'000};   ///< 5 gwei
  /// Hard cap on maxFeePerGas in wei; a quote above it is refused (Errc::unreachable_target).
  u256 max_fee_per_gas_cap = u256{100'000'000'000};
  /// Replacement bump in percent (>= 10; Base's pool rule is unverified, so 12.5% -> 13 default).
  std::uint32_t bump_percent = 13;
};

struct FeeQuote {
  u256 base_fee;                  ///< the next block's base fee the quote started from
  u256 max_priority_fee_per_gas;
  u256 max_fee_per_gas;
  friend bool operator==(const FeeQuote&, const FeeQuote&) = default;
};

/// Median (the upper one for an even count) over the blocks of reward[i][percentile_index]; blocks
/// without reward data are skipped.
/// Error when no block has one.
LIQUIDBOT_API Result<u256> median_reward(const FeeHistory& history, std::size_t percentile_index);

/// next_base_fee * ((denominator + elasticity - 1) / denominator)^blocks, rounded up at every step,
/// and at least min_base_fee.
LIQUIDBOT_API Result<u256> base_fee_headroom(const u256& next_base_fee, const Eip1559Params& params,
                                             std::uint32_t blocks);

/// tip = clamp(max(reward median, suggested_tip), floor, ceiling); maxFee = headroom(base) + tip.
/// `history` must have been requested with exactly one percentile (policy.reward_percentile).
/// `suggested_tip` is eth_maxPriorityFeePerGas when the caller has it.
LIQUIDBOT_API Result<FeeQuote> quote_fees(const FeeHistory& history, const FeePolicy& policy,
                                          std::optional<u256> suggested_tip = std::nullopt);

/// eth_feeHistory(policy.history_blocks, latest, [policy.reward_percentile]) and
/// eth_maxPriorityFeePerGas (ignored when the node lacks it), then quote_fees.
LIQUIDBOT_API Result<FeeQuote> fetch_fee_quote(rpc::Client& client, const FeePolicy& policy);

/// geth's replacement rule (txpool list.Add with PriceBump = 10): the new caps must both be strictly
/// higher and at least old*110/100 (integer division).
LIQUIDBOT_API bool is_valid_replacement(const FeeQuote& old_fees, const FeeQuote& new_fees) noexcept;

/// Raises both fees by bump_percent (at least 10, rounded up, at least +1 wei), and both to at least
/// the fresh quote `market` when given. Error when bump_percent < 10 or the result exceeds the cap.
LIQUIDBOT_API Result<FeeQuote> bump_fees(const FeeQuote& old_fees, const FeePolicy& policy,
                                         std::optional<FeeQuote> market = std::nullopt);

/// OP-stack operator fee. Isthmus: gas*scalar/1e6 + constant; Jovian: gas*scalar*100 + constant.
enum class OperatorFeeRule : std::uint8_t { none, isthmus, jovian };
struct OperatorFeeParams {
  OperatorFeeRule rule = OperatorFeeRule::none;
  std::uint32_t scalar = 0;
  std::uint64_t constant = 0;
};
LIQUIDBOT_API u256 operator_fee(const OperatorFeeParams& params, std::uint64_t gas) noexcept;

/// Cost of one action, in wei.
struct ActionCost {
  u256 l2_expected;   ///< gas_used * (base_fee + tip), tip capped by maxFee - base_fee
  u256 l2_worst;      ///< gas_limit * maxFeePerGas (what the pool checks against the balance)
  u256 l1_fee;
  u256 operator_expected;  ///< operator_fee(gas_used)
  u256 operator_worst;     ///< operator_fee(gas_limit)
  u256 value;
  u256 expected_total;  ///< l2_expected + l1_fee + operator_expected + value
  u256 worst_total;     ///< l2_worst + l1_fee + operator_worst + value: the funding requirement
};
LIQUIDBOT_API Result<ActionCost> action_cost(const FeeQuote& fees, std::uint64_t gas_used,
                                             std::uint64_t gas_limit, const u256& l1_fee,
                                             const OperatorFeeParams& operator_params, const u256& value);

/// wei * eth_price / 1e18, rounded up: the cost in the Aave base currency (USD with 8 decimals on
/// Base) given the price of 1 ETH in that currency (AaveOracle.getAssetPrice(WETH)).
LIQUIDBOT_API Result<u256> wei_to_base_currency(const u256& wei, const u256& eth_price) noexcept;

/// Per-intervention caps. Zero means "no cap" for the two cost caps.
struct CostCaps {
  u256 max_cost_wei;            ///< on worst_total
  u256 max_cost_base_currency;  ///< on expected_total in base currency
};
/// Ok when the cost is inside the caps; otherwise Errc::unreachable_target naming the cap.
LIQUIDBOT_API Status check_cost_caps(const ActionCost& cost, const CostCaps& caps, const u256& eth_price);

}  // namespace liquidbot
