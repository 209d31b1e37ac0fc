#include <liquidbot/sender.hpp>

#include <utility>

namespace liquidbot {

std::string_view to_string(TrackState state) noexcept {
  switch (state) {
    case TrackState::pending: return "pending";
    case TrackState::included: return "included";
    case TrackState::reverted: return "reverted";
    case TrackState::failed: return "failed";
    case TrackState::given_up: return "given_up";
  }
  return "unknown";
}

FeeQuote fees_of(const Transaction& tx) noexcept {
  return FeeQuote{u256{}, tx.max_priority_fee_per_gas, tx.max_fee_per_gas};
}

Sender::Sender(SendBackend& backend, Signer& signer, Store& store, NonceManager* nonces, SenderPolicy policy)
    : backend_(backend), signer_(signer), store_(store), nonces_(nonces), policy_(std::move(policy)) {}

std::vector<std::string> Sender::tracked() const {
  std::vector<std::string> out;
  out.reserve(tracked_.size());
  for (const auto& [id, t] : tracked_) out.push_back(id);
  return out;
}

Result<TrackResult> Sender::submit(std::string_view intent_id, Transaction tx, const u256& l1_fee_estimate) {
  LB_TRY(intent, store_.intent(intent_id));
  if (!intent)
    return make_error(Errc::not_found, "sender: unknown intent " + std::string(intent_id));
  if (intent->state != IntentState::simulated)
    return make_error(Errc::state, "sender: intent " + intent->id + " is " +
                                       std::string(intent_state_name(intent->state)) + ", expected simulated");
  if (tracked_.count(intent_id) != 0)
    return make_error(Errc::state, "sender: intent " + intent->id + " is already being sent");
  LB_TRY(block, backend_.block_number());
  Tracked t{std::move(tx), 0, block, l1_fee_estimate};
  return record_and_broadcast(intent->id, t, false);
}

Result<TrackResult> Sender::record_and_broadcast(const std::string& id, Tracked& t, bool is_replacement) {
  t.tx.signature.reset();
  LB_TRY_STATUS(signer_.sign_transaction(t.tx));
  LB_TRY(raw, encode(t.tx));
  LB_TRY(hash, tx_hash(t.tx));
  TxAttempt attempt;
  attempt.intent_id = id;
  attempt.attempt = t.attempts;
  attempt.nonce = t.tx.nonce;
  attempt.tx_hash = hash;
  attempt.raw_tx = std::move(raw);
  attempt.max_fee_per_gas = t.tx.max_fee_per_gas;
  attempt.max_priority_fee_per_gas = t.tx.max_priority_fee_per_gas;
  attempt.l1_fee_estimate = t.l1_fee_estimate;
  attempt.gas_limit = t.tx.gas_limit;
  // Persist before broadcasting: after a crash the attempt is known even if the node has it.
  LB_TRY_STATUS(store_.record_attempt(attempt));
  if (is_replacement) {
    LB_TRY_STATUS(store_.transition_intent(id, IntentState::replaced,
                                           "replaced by attempt " + std::to_string(t.attempts), t.tx.nonce));
  }
  LB_TRY_STATUS(store_.transition_intent(id, IntentState::sent, "attempt " + std::to_string(t.attempts), t.tx.nonce));
  ++t.attempts;
  tracked_[id] = t;
  LB_TRY(result, broadcast(id, tracked_[id], is_replacement));
  if (is_replacement) result.replaced = true;
  return result;
}

Result<TrackResult> Sender::broadcast(const std::string& id, Tracked& t, bool is_replacement) {
  LB_TRY(raw, encode(t.tx));
  TrackResult result;
  result.state = TrackState::pending;
  Error last_transport;
  for (std::uint32_t i = 0; i <= policy_.transport_retries; ++i) {
    rpc::NodeError node_error;
    auto sent = backend_.send_raw(raw, &node_error);
    if (sent.ok()) {
      if (auto block = backend_.block_number()) t.sent_block = *block;
      return result;
    }
    if (sent.error().code != Errc::rpc) {
      last_transport = sent.error();
      continue;
    }
    const std::string what = "node refused attempt " + std::to_string(t.attempts - 1) + ": " + node_error.message;
    switch (node_error.kind) {
      case rpc::ErrorKind::already_known:
        if (auto block = backend_.block_number()) t.sent_block = *block;
        return result;
      case rpc::ErrorKind::replacement_underpriced:
      case rpc::ErrorKind::underpriced:
      case rpc::ErrorKind::fee_too_low:
      case rpc::ErrorKind::base_fee_too_low:
        if (t.attempts >= policy_.max_attempts)
          return finish(id, IntentState::given_up, {TrackState::given_up, what + "; out of attempts", true, false, {}});
        return replace(id, t);
      case rpc::ErrorKind::nonce_too_low: {
        LB_TRY(receipt, find_receipt(id));
        if (receipt) return close_with_receipt(id, std::move(*receipt));
        if (nonces_ == nullptr || t.attempts > policy_.nonce_retries + 1)
          return finish(id, IntentState::failed, {TrackState::failed, what, true, false, {}});
        // The nonce was taken by another transaction: move to a fresh one and re-sign.
        LB_TRY(next, nonces_->resync());
        static_cast<void>(next);
        LB_TRY(nonce, nonces_->acquire());
        t.tx.nonce = nonce;
        return record_and_broadcast(id, t, true);
      }
      case rpc::ErrorKind::nonce_too_high:
        result.reason = what + "; waiting for the nonce gap to be filled";
        result.alert = true;
        return result;
      case rpc::ErrorKind::insufficient_funds:
        if (is_replacement) {  // the earlier attempt may still be mined
          result.reason = what;
          result.alert = true;
          return result;
        }
        if (nonces_ != nullptr) nonces_->release(t.tx.nonce);
        return finish(id, IntentState::failed,
                      {TrackState::failed, "insufficient executor funds: " + node_error.message, true, false, {}});
      default:
        if (is_replacement) {
          result.reason = what;
          result.alert = true;
          return result;
        }
        if (nonces_ != nullptr) nonces_->release(t.tx.nonce);
        return finish(id, IntentState::failed, {TrackState::failed, what, true, false, {}});
    }
  }
  // The node could not be reached: the attempt is recorded; poll() re-broadcasts or replaces it.
  result.reason = "broadcast failed, will retry: " + last_transport.message;
  result.alert = true;
  return result;
}

Result<std::optional<rpc::Receipt>> Sender::find_receipt(const std::string& id) {
  LB_TRY(attempts, store_.attempts(id));
  for (auto it = attempts.rbegin(); it != attempts.rend(); ++it) {
    LB_TRY(receipt, backend_.receipt(it->tx_hash));
    if (receipt) return receipt;
  }
  return std::optional<rpc::Receipt>{};
}

Result<TrackResult> Sender::close_with_receipt(const std::string& id, rpc::Receipt receipt) {
  TrackResult result;
  const std::string where = "block " + std::to_string(receipt.block_number) + ", tx " + hex_encode(receipt.transaction_hash.bytes);
  if (receipt.status) {
    result.state = TrackState::included;
    result.reason = "included in " + where;
    LB_TRY_STATUS(store_.transition_intent(id, IntentState::included, result.reason));
  } else {
    result.state = TrackState::reverted;
    result.reason = "reverted on chain in " + where;
    result.alert = true;
    LB_TRY_STATUS(store_.transition_intent(id, IntentState::failed, result.reason));
  }
  result.receipt = std::move(receipt);
  tracked_.erase(id);
  return result;
}

Result<TrackResult> Sender::finish(const std::string& id, IntentState state, TrackResult result) {
  LB_TRY_STATUS(store_.transition_intent(id, state, result.reason));
  tracked_.erase(id);
  return result;
}

Result<TrackResult> Sender::replace(const std::string& id, Tracked& t, std::optional<FeeQuote> floor) {
  if (!floor) {
    auto market = backend_.fee_quote();
    if (market) floor = *market;
  }
  auto bumped = bump_fees(fees_of(t.tx), policy_.fees, floor);
  if (!bumped) {
    // Above the fee cap: keep the current attempt in the pool and wait; give up when out of blocks.
    TrackResult result;
    result.reason = "cannot replace: " + bumped.error().message;
    result.alert = true;
    return result;
  }
  t.tx.max_fee_per_gas = bumped->max_fee_per_gas;
  t.tx.max_priority_fee_per_gas = bumped->max_priority_fee_per_gas;
  return record_and_broadcast(id, t, true);
}

Result<TrackResult> Sender::poll(std::string_view intent_id) {
  auto it = tracked_.find(intent_id);
  if (it == tracked_.end()) return make_error(Errc::not_found, "sender: intent " + std::string(intent_id) + " is not tracked");
  const std::string id = it->first;
  LB_TRY(receipt, find_receipt(id));
  if (receipt) return close_with_receipt(id, std::move(*receipt));
  LB_TRY(block, backend_.block_number());
  Tracked& t = it->second;
  if (block < t.sent_block + policy_.blocks_before_replacement) return TrackResult{};
  if (t.attempts >= policy_.max_attempts) {
    return finish(id, IntentState::given_up,
                  {TrackState::given_up,
                   "not included after " + std::to_string(t.attempts) + " attempts (last sent at block " +
                       std::to_string(t.sent_block) + ", now " + std::to_string(block) + ")",
                   true, false, {}});
  }
  return replace(id, t);
}

Result<std::map<std::string, TrackResult>> Sender::reconcile() {
  std::map<std::string, TrackResult> out;
  const IntentState unsent[] = {IntentState::planned, IntentState::simulated};
  LB_TRY(early, store_.intents_in_states(unsent));
  for (const auto& intent : early) {
    LB_TRY(attempts, store_.attempts(intent.id));
    if (!attempts.empty()) continue;  // not possible through submit(); left for the sent pass
    if (intent.nonce && nonces_ != nullptr) nonces_->release(*intent.nonce);
    LB_TRY(r, finish(intent.id, IntentState::failed, {TrackState::failed, "interrupted before send", false, false, {}}));
    out[intent.id] = std::move(r);
  }
  const IntentState in_flight[] = {IntentState::sent, IntentState::replaced};
  LB_TRY(open, store_.intents_in_states(in_flight));
  LB_TRY(block, backend_.block_number());
  for (const auto& intent : open) {
    LB_TRY(attempts, store_.attempts(intent.id));
    if (attempts.empty()) {
      LB_TRY(r, finish(intent.id, IntentState::failed,
                       {TrackState::failed, "no attempt recorded for a sent intent", true, false, {}}));
      out[intent.id] = std::move(r);
      continue;
    }
    LB_TRY(receipt, find_receipt(intent.id));
    if (receipt) {
      LB_TRY(r, close_with_receipt(intent.id, std::move(*receipt)));
      out[intent.id] = std::move(r);
      continue;
    }
    LB_TRY(decoded, decode_transaction(attempts.back().raw_tx));
    if (intent.state == IntentState::replaced)
      LB_TRY_STATUS(store_.transition_intent(intent.id, IntentState::sent, "resumed after restart"));
    Tracked& t = tracked_[intent.id];
    t = Tracked{std::move(decoded.tx), static_cast<std::uint32_t>(attempts.size()), block,
                attempts.back().l1_fee_estimate};
    LB_TRY(r, broadcast(intent.id, t, true));
    out[intent.id] = std::move(r);
  }
  return out;
}

}  // namespace liquidbot
