// Nonce gaps: nonces handed out by the manager that no transaction the node knows holds.
#include <liquidbot/executor.hpp>

#include <set>

namespace liquidbot::executor {

Status Executor::fill_gaps() {
  LB_TRY(gaps, nonces_.detect_gaps());
  if (gaps.missing.empty()) return {};
  std::set<std::uint64_t> held;
  for (const auto& id : sender_.tracked()) {
    LB_TRY(attempts, store_.attempts(id));
    if (!attempts.empty()) held.insert(attempts.back().nonce);
  }
  for (const std::uint64_t nonce : gaps.missing) {
    if (held.count(nonce) != 0) continue;
    LB_TRY(fees, backend_.fee_quote());
    Transaction filler = make_gap_filler(config_.chain_id, signer_.address(), nonce, fees);
    LB_TRY_STATUS(signer_.sign_transaction(filler));
    LB_TRY(raw, encode(filler));
    LB_TRY(hash, tx_hash(filler));
    rpc::NodeError node_error;
    auto sent = backend_.send_raw(raw, &node_error);
    const bool ok = sent.ok() || node_error.kind == rpc::ErrorKind::already_known ||
                    node_error.kind == rpc::ErrorKind::nonce_too_low;
    log_(ok ? LogLevel::warn : LogLevel::error, ok ? "gap_filled" : "gap_fill_failed",
         "\"nonce\":" + std::to_string(nonce) + ",\"tx\":" + json_string(hex_encode(hash.bytes)) +
             ",\"error\":" + json_string(sent.ok() ? std::string{} : sent.error().message));
  }
  return {};
}

}  // namespace liquidbot::executor
