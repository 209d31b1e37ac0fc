// SPDX-License-Identifier: MIT
// C ABI: sender (submit, poll, reconcile) over an lb_rpc client as the node, with the results of the
// last call kept in the handle for the text accessors.
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_sender.h>

#include <liquidbot/executor.hpp>
#include <liquidbot/sender.hpp>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

static_assert(static_cast<int>(TrackState::pending) == LB_TRACK_PENDING &&
              static_cast<int>(TrackState::included) == LB_TRACK_INCLUDED &&
              static_cast<int>(TrackState::reverted) == LB_TRACK_REVERTED &&
              static_cast<int>(TrackState::failed) == LB_TRACK_FAILED &&
              static_cast<int>(TrackState::given_up) == LB_TRACK_GIVEN_UP,
              "LB_TRACK_* mirror liquidbot::TrackState");

lb_track_result to_c(const TrackResult& r) noexcept {
  lb_track_result out;
  std::memset(&out, 0, sizeof out);
  out.state = static_cast<int32_t>(r.state);
  out.alert = r.alert ? 1 : 0;
  out.replaced = r.replaced ? 1 : 0;
  if (r.receipt) {
    out.has_receipt = 1;
    out.receipt_status = r.receipt->status ? 1 : 0;
    std::memcpy(out.tx_hash.bytes, r.receipt->transaction_hash.bytes.data(), 32);
    out.block_number = r.receipt->block_number;
    out.gas_used = r.receipt->gas_used;
    out.effective_gas_price = from_u256(r.receipt->effective_gas_price);
  }
  return out;
}

/// Checks the options (NULL = defaults) and converts them.
lb_status sender_policy(const char* function, const lb_sender_options* options, SenderPolicy& policy) {
  if (options == nullptr) return LB_OK;
  if (options->version != LB_SENDER_OPTIONS_VERSION)
    return capi_fail(function, LB_EUNSUPPORTED,
                     "options->version " + std::to_string(options->version) + " is not supported");
  if (options->max_attempts < 1) return capi_fail(function, LB_EINVAL, "options->max_attempts must be at least 1");
  if (options->blocks_before_replacement < 1)
    return capi_fail(function, LB_EINVAL, "options->blocks_before_replacement must be at least 1");
  if (options->bump_percent < 10 || options->bump_percent > 1000)
    return capi_fail(function, LB_EINVAL, "options->bump_percent must be in [10, 1000]");
  if (options->fee_history_blocks < 1 || options->fee_history_blocks > 1024)
    return capi_fail(function, LB_EINVAL, "options->fee_history_blocks must be in [1, 1024]");
  if (!std::isfinite(options->fee_reward_percentile) || options->fee_reward_percentile < 0.0 ||
      options->fee_reward_percentile > 100.0)
    return capi_fail(function, LB_EINVAL, "options->fee_reward_percentile must be in [0, 100]");
  if (to_u256(options->tip_ceiling) < to_u256(options->tip_floor))
    return capi_fail(function, LB_EINVAL, "options->tip_ceiling must not be below options->tip_floor");
  policy.blocks_before_replacement = options->blocks_before_replacement;
  policy.max_attempts = options->max_attempts;
  policy.transport_retries = options->transport_retries;
  policy.nonce_retries = options->nonce_retries;
  policy.fees.headroom_blocks = options->fee_headroom_blocks;
  policy.fees.history_blocks = options->fee_history_blocks;
  policy.fees.reward_percentile = options->fee_reward_percentile;
  policy.fees.tip_floor = to_u256(options->tip_floor);
  policy.fees.tip_ceiling = to_u256(options->tip_ceiling);
  policy.fees.max_fee_per_gas_cap = to_u256(options->max_fee_per_gas_cap);
  policy.fees.bump_percent = options->bump_percent;
  return LB_OK;
}

/// Keeps `result` as the sender's only result and copies it out.
lb_status keep_one(lb_sender* sender, lb_track_result* out, std::string id, TrackResult result) {
  sender->results.clear();
  sender->results.emplace_back(std::move(id), std::move(result));
  if (out != nullptr) *out = to_c(sender->results.front().second);
  return capi_ok();
}

/// Result `index` or a failure naming it.
lb_status find_result(const char* function, const lb_sender* sender, std::size_t index,
                      const std::pair<std::string, TrackResult>*& out) {
  if (index >= sender->results.size())
    return capi_fail(function, LB_ENOTFOUND,
                     "no result " + std::to_string(index) + " (the last call gave " +
                         std::to_string(sender->results.size()) + ")");
  out = &sender->results[index];
  return LB_OK;
}

}  // namespace

extern "C" {

lb_status lb_sender_options_init(lb_sender_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_SENDER_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  const SenderPolicy defaults;
  std::memset(options, 0, sizeof *options);
  options->version = version;
  options->blocks_before_replacement = defaults.blocks_before_replacement;
  options->max_attempts = defaults.max_attempts;
  options->transport_retries = defaults.transport_retries;
  options->nonce_retries = defaults.nonce_retries;
  options->fee_headroom_blocks = defaults.fees.headroom_blocks;
  options->fee_history_blocks = defaults.fees.history_blocks;
  options->fee_reward_percentile = defaults.fees.reward_percentile;
  options->tip_floor = from_u256(defaults.fees.tip_floor);
  options->tip_ceiling = from_u256(defaults.fees.tip_ceiling);
  options->max_fee_per_gas_cap = from_u256(defaults.fees.max_fee_per_gas_cap);
  options->bump_percent = defaults.fees.bump_percent;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_sender_create(lb_sender** sender, lb_rpc* client, lb_signer* signer, lb_store* store, lb_nonces* nonces,
                           const lb_sender_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  *sender = nullptr;
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(signer);
  LB_CHECK_NOT_NULL(store);
  SenderPolicy policy;
  if (const lb_status status = sender_policy(lb_fn, options, policy); status != LB_OK) return status;
  auto handle = std::make_unique<lb_sender>(client->client, *signer->signer, *store->store,
                                            nonces == nullptr ? nullptr : nonces->manager.get(), std::move(policy));
  *sender = handle.release();
  return capi_ok();
  LB_CAPI_END
}

void lb_sender_destroy(lb_sender* sender) noexcept { delete sender; }

const char* lb_track_state_name(int32_t state) noexcept {
  if (state < LB_TRACK_PENDING || state > LB_TRACK_GIVEN_UP) return "unknown";
  // to_string views string literals.
  return to_string(static_cast<TrackState>(state)).data();
}

lb_status lb_sender_submit(lb_sender* sender, lb_track_result* result, const char* intent_id, const lb_tx* tx,
                           const lb_u256be* l1_fee) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(intent_id);
  LB_CHECK_NOT_NULL(tx);
  const u256 fee = l1_fee == nullptr ? u256{} : to_u256(*l1_fee);
  auto submitted = sender->sender.submit(intent_id, tx->tx, fee);
  LB_CHECK_RESULT(submitted);
  return keep_one(sender, result, intent_id, std::move(submitted).value());
  LB_CAPI_END
}

lb_status lb_sender_poll(lb_sender* sender, lb_track_result* result, const char* intent_id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(intent_id);
  auto polled = sender->sender.poll(intent_id);
  LB_CHECK_RESULT(polled);
  return keep_one(sender, result, intent_id, std::move(polled).value());
  LB_CAPI_END
}

lb_status lb_sender_reconcile(lb_sender* sender, size_t* count) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  auto reconciled = sender->sender.reconcile();
  LB_CHECK_RESULT(reconciled);
  sender->results.clear();
  for (auto& [id, result] : *reconciled) sender->results.emplace_back(id, std::move(result));
  if (count != nullptr) *count = sender->results.size();
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_sender_result(const lb_sender* sender, lb_track_result* result, size_t index) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(result);
  const std::pair<std::string, TrackResult>* found = nullptr;
  if (const lb_status status = find_result(lb_fn, sender, index, found); status != LB_OK) return status;
  *result = to_c(found->second);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_sender_result_intent(const lb_sender* sender, char* buf, size_t cap, size_t* size, size_t index) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(size);
  const std::pair<std::string, TrackResult>* found = nullptr;
  if (const lb_status status = find_result(lb_fn, sender, index, found); status != LB_OK) return status;
  return capi_copy_text(lb_fn, buf, cap, size, found->first);
  LB_CAPI_END
}

lb_status lb_sender_result_reason(const lb_sender* sender, char* buf, size_t cap, size_t* size, size_t index) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(size);
  const std::pair<std::string, TrackResult>* found = nullptr;
  if (const lb_status status = find_result(lb_fn, sender, index, found); status != LB_OK) return status;
  return capi_copy_text(lb_fn, buf, cap, size, found->second.reason);
  LB_CAPI_END
}

lb_status lb_sender_tracked_count(const lb_sender* sender, size_t* count) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(sender);
  LB_CHECK_NOT_NULL(count);
  *count = sender->sender.tracked().size();
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
