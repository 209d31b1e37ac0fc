// Nonce gaps: nonces handed out by the manager that no transaction the node knows holds. A gap
// blocks every later transaction of the key (the node queues them), so it is filled with a 0-value
// self-transfer at current fees. Checked at start (reconcile) and, while running, whenever a tracked
// transaction is still unmined after follow() (cycle): the common case costs one
// eth_getTransactionCount, the full comparison (NonceManager::detect_gaps) runs only when the node's
// pending count stops at or below a nonce we hold.
#include <liquidbot/executor.hpp>

#include <set>

namespace liquidbot::executor {

Status Executor::fill_gaps() {
  std::set<std::uint64_t> held;
  const auto check = [&]() -> Status {
    for (const auto& id : sender_.tracked()) {
      LB_TRY(attempts, store_.attempts(id));
      if (!attempts.empty()) held.insert(attempts.back().nonce);
    }
    if (!held.empty()) {
      // Every nonce up to the highest one we hold is in the pool or mined: nothing of ours is stuck.
      LB_TRY(pending, client_.get_transaction_count(signer_.address(), rpc::BlockTag::pending()));
      if (pending > *held.rbegin()) return {};
    }
    LB_TRY(gaps, nonces_.detect_gaps());
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
               ",\"pending\":" + std::to_string(gaps.chain_pending) + ",\"error\":" +
               json_string(sent.ok() ? std::string{} : sent.error().message));
    }
    return {};
  };
  // A failed check (node unreachable, ...) is logged and retried on the next call; it never stops the
  // cycle that protects positions.
  if (auto s = check(); !s) log_(LogLevel::warn, "gap_check_failed", "\"error\":" + json_string(s.error().to_string()));
  return {};
}

}  // namespace liquidbot::executor
