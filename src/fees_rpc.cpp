// Fee inputs from the node: eth_feeHistory and eth_maxPriorityFeePerGas.
#include <liquidbot/fees.hpp>

#include <array>

namespace liquidbot {

Result<FeeQuote> fetch_fee_quote(rpc::Client& client, const FeePolicy& policy) {
  if (!(policy.reward_percentile >= 0.0 && policy.reward_percentile <= 100.0))
    return make_error(Errc::invalid_argument, "fees: reward percentile outside 0..100");
  if (policy.history_blocks == 0 || policy.history_blocks > 1024)
    return make_error(Errc::invalid_argument, "fees: history_blocks must be in 1..1024");
  const std::array<double, 1> percentiles = {policy.reward_percentile};
  LB_TRY(history, client.fee_history(policy.history_blocks, rpc::BlockTag::latest(), percentiles));
  std::optional<u256> suggested;
  if (auto tip = client.max_priority_fee_per_gas()) suggested = *tip;
  return quote_fees(history, policy, suggested);
}

}  // namespace liquidbot
