// SPDX-License-Identifier: MIT
// C ABI: the executor's SQLite store (enrollments, intents, attempts, interventions).
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_store.h>

#include <liquidbot/store.hpp>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

constexpr const char* kIntentStateNames[] = {"planned",  "simulated", "sent",    "included",
                                             "replaced", "failed",    "given_up"};

bool intent_state_from_code(int32_t code, IntentState& out) noexcept {
  if (code < LB_INTENT_PLANNED || code > LB_INTENT_GIVEN_UP) return false;
  out = static_cast<IntentState>(code);
  return true;
}

static_assert(static_cast<int>(IntentState::planned) == LB_INTENT_PLANNED &&
              static_cast<int>(IntentState::simulated) == LB_INTENT_SIMULATED &&
              static_cast<int>(IntentState::sent) == LB_INTENT_SENT &&
              static_cast<int>(IntentState::included) == LB_INTENT_INCLUDED &&
              static_cast<int>(IntentState::replaced) == LB_INTENT_REPLACED &&
              static_cast<int>(IntentState::failed) == LB_INTENT_FAILED &&
              static_cast<int>(IntentState::given_up) == LB_INTENT_GIVEN_UP,
              "LB_INTENT_* mirror liquidbot::IntentState");
static_assert(kStrategyRepay == LB_STRATEGY_REPAY && kStrategySupply == LB_STRATEGY_SUPPLY &&
              kStrategyDeleverage == LB_STRATEGY_DELEVERAGE && kStrategyAll == LB_STRATEGY_ALL,
              "LB_STRATEGY_* mirror liquidbot::StrategyBits");

struct StrategyName {
  uint32_t bit;
  std::string_view name;
};
constexpr StrategyName kStrategies[] = {
    {LB_STRATEGY_REPAY, "repay"}, {LB_STRATEGY_SUPPLY, "supply"}, {LB_STRATEGY_DELEVERAGE, "deleverage"}};

/// Name of a single strategy bit; empty when `bit` is not exactly one known bit.
std::string_view strategy_name(uint32_t bit) noexcept {
  for (const auto& s : kStrategies)
    if (s.bit == bit) return s.name;
  return {};
}

uint32_t strategy_bit(std::string_view name) noexcept {
  for (const auto& s : kStrategies)
    if (s.name == name) return s.bit;
  return 0;
}

std::string_view text_or_empty(const char* text) noexcept { return text == nullptr ? std::string_view() : text; }

lb_enrollment to_c(const Enrollment& e) noexcept {
  lb_enrollment out;
  std::memset(&out, 0, sizeof out);
  out.chain_id = e.chain_id;
  out.user = from_address(e.user);
  out.target_hf = from_u256(e.target_hf);
  out.act_threshold = from_u256(e.act_threshold);
  out.strategies = e.strategies;
  out.max_cost = from_u256(e.max_cost);
  out.active = e.active ? 1 : 0;
  out.created_at_ms = e.created_at_ms;
  return out;
}

lb_tx_attempt to_c(const TxAttempt& a) noexcept {
  lb_tx_attempt out;
  std::memset(&out, 0, sizeof out);
  out.attempt = a.attempt;
  out.nonce = a.nonce;
  std::memcpy(out.tx_hash.bytes, a.tx_hash.bytes.data(), 32);
  out.max_fee_per_gas = from_u256(a.max_fee_per_gas);
  out.max_priority_fee_per_gas = from_u256(a.max_priority_fee_per_gas);
  out.l1_fee_estimate = from_u256(a.l1_fee_estimate);
  out.gas_limit = a.gas_limit;
  out.sent_at_ms = a.sent_at_ms;
  return out;
}

/// Copies `items` converted with to_c into (out, cap), reporting the count (size-query convention).
template <typename C, typename Cpp>
lb_status copy_list(const char* function, C* out, size_t cap, size_t* count, const std::vector<Cpp>& items) {
  if (const lb_status room = capi_list_room(function, out != nullptr, cap, count, items.size()); room != LB_OK)
    return room;
  if (out == nullptr) return capi_ok();
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = to_c(items[i]);
  return capi_ok();
}

}  // namespace

extern "C" {

lb_status lb_store_open(lb_store** store, const char* path) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  *store = nullptr;
  LB_CHECK_NOT_NULL(path);
  auto opened = open_sqlite_store(path);
  LB_CHECK_RESULT(opened);
  *store = new lb_store{std::move(opened).value()};
  return capi_ok();
  LB_CAPI_END
}

void lb_store_destroy(lb_store* store) noexcept { delete store; }

lb_status lb_store_schema_version(lb_store* store, uint32_t* version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(version);
  auto current = store->store->schema_version();
  LB_CHECK_RESULT(current);
  *version = *current;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_enroll(lb_store* store, const lb_enrollment* enrollment) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(enrollment);
  LB_CHECK_ARG(enrollment->strategies != 0 && (enrollment->strategies & ~LB_STRATEGY_ALL) == 0,
               "enrollment->strategies must be a non-empty set of LB_STRATEGY_* bits");
  LB_CHECK_ARG(enrollment->active <= 1, "enrollment->active must be 0 or 1");
  Enrollment e;
  e.chain_id = enrollment->chain_id;
  e.user = to_address(enrollment->user);
  e.target_hf = to_u256(enrollment->target_hf);
  e.act_threshold = to_u256(enrollment->act_threshold);
  e.strategies = enrollment->strategies;
  e.max_cost = to_u256(enrollment->max_cost);
  e.active = enrollment->active != 0;
  auto status = store->store->enroll(e);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_unenroll(lb_store* store, uint64_t chain_id, const lb_address* user) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(user);
  auto status = store->store->unenroll(chain_id, to_address(*user));
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_get_enrollment(lb_store* store, lb_enrollment* enrollment, uint64_t chain_id,
                                  const lb_address* user) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(enrollment);
  LB_CHECK_NOT_NULL(user);
  auto found = store->store->enrollment(chain_id, to_address(*user));
  LB_CHECK_RESULT(found);
  if (!found->has_value())
    return capi_fail(lb_fn, LB_ENOTFOUND,
                     to_address(*user).to_checksum() + " is not enrolled on chain " + std::to_string(chain_id));
  *enrollment = to_c(**found);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_active_enrollments(lb_store* store, lb_enrollment* out, size_t cap, size_t* count,
                                      uint64_t chain_id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(count);
  auto list = store->store->active_enrollments(chain_id);
  LB_CHECK_RESULT(list);
  return copy_list(lb_fn, out, cap, count, *list);
  LB_CAPI_END
}

const char* lb_intent_state_name(int32_t state) noexcept {
  IntentState s{};
  return intent_state_from_code(state, s) ? kIntentStateNames[static_cast<std::size_t>(state)] : "unknown";
}

lb_status lb_intent_id(char* id, uint64_t chain_id, const lb_address* user, const char* trigger) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(id);
  LB_CHECK_NOT_NULL(user);
  LB_CHECK_NOT_NULL(trigger);
  const std::string text = make_intent_id(chain_id, to_address(*user), trigger);
  if (text.size() + 1 != LB_INTENT_ID_SIZE) return capi_fail(lb_fn, LB_EINTERNAL, "intent id of unexpected length");
  std::memcpy(id, text.c_str(), LB_INTENT_ID_SIZE);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_intent_spec_init(lb_intent_spec* spec, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(spec);
  if (version != LB_INTENT_SPEC_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown spec version " + std::to_string(version));
  std::memset(spec, 0, sizeof *spec);
  spec->version = version;
  spec->state = LB_INTENT_PLANNED;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_create_intent(lb_store* store, char* id, int* created, const lb_intent_spec* spec) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(spec);
  if (spec->version != LB_INTENT_SPEC_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "spec->version " + std::to_string(spec->version) + " is not supported");
  const std::string_view trigger = text_or_empty(spec->trigger);
  LB_CHECK_ARG(!trigger.empty(), "spec->trigger must not be empty");
  const std::string_view strategy = text_or_empty(spec->strategy);
  LB_CHECK_ARG(strategy_bit(strategy) != 0, "spec->strategy must be \"repay\", \"supply\" or \"deleverage\"");
  Intent intent;
  LB_CHECK_ARG(intent_state_from_code(spec->state, intent.state), "spec->state must be an LB_INTENT_* value");
  LB_CHECK_ARG(spec->has_nonce <= 1, "spec->has_nonce must be 0 or 1");
  intent.id = make_intent_id(spec->chain_id, to_address(spec->user), trigger);
  intent.chain_id = spec->chain_id;
  intent.user = to_address(spec->user);
  intent.trigger = trigger;
  intent.strategy = strategy;
  intent.signer = to_address(spec->signer);
  if (spec->has_nonce != 0) intent.nonce = spec->nonce;
  intent.reason = text_or_empty(spec->reason);
  intent.payload = text_or_empty(spec->payload);
  auto inserted = store->store->create_intent(intent);
  LB_CHECK_RESULT(inserted);
  if (id != nullptr) std::memcpy(id, intent.id.c_str(), LB_INTENT_ID_SIZE);
  if (created != nullptr) *created = *inserted ? 1 : 0;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_intent_state(lb_store* store, int32_t* state, const char* id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(state);
  LB_CHECK_NOT_NULL(id);
  auto found = store->store->intent(id);
  LB_CHECK_RESULT(found);
  if (!found->has_value()) return capi_fail(lb_fn, LB_ENOTFOUND, std::string("no intent ") + id);
  *state = static_cast<int32_t>((*found)->state);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_intent_reason(lb_store* store, char* buf, size_t cap, size_t* size, const char* id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_NOT_NULL(id);
  auto found = store->store->intent(id);
  LB_CHECK_RESULT(found);
  if (!found->has_value()) return capi_fail(lb_fn, LB_ENOTFOUND, std::string("no intent ") + id);
  return capi_copy_text(lb_fn, buf, cap, size, (*found)->reason);
  LB_CAPI_END
}

lb_status lb_store_transition_intent(lb_store* store, const char* id, int32_t to, const char* reason,
                                     const uint64_t* nonce) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(id);
  IntentState target{};
  LB_CHECK_ARG(intent_state_from_code(to, target), "to must be an LB_INTENT_* value");
  std::optional<std::uint64_t> new_nonce;
  if (nonce != nullptr) new_nonce = *nonce;
  auto status = store->store->transition_intent(id, target, text_or_empty(reason), new_nonce);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_attempts(lb_store* store, lb_tx_attempt* out, size_t cap, size_t* count,
                            const char* intent_id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(count);
  LB_CHECK_NOT_NULL(intent_id);
  auto list = store->store->attempts(intent_id);
  LB_CHECK_RESULT(list);
  return copy_list(lb_fn, out, cap, count, *list);
  LB_CAPI_END
}

lb_status lb_store_record_intervention(lb_store* store, const lb_intervention* intervention) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(intervention);
  const void* nul = std::memchr(intervention->intent_id, '\0', LB_INTENT_ID_SIZE);
  LB_CHECK_ARG(nul != nullptr, "intervention->intent_id must be NUL-terminated");
  const std::string_view strategy = strategy_name(intervention->strategy);
  LB_CHECK_ARG(!strategy.empty(), "intervention->strategy must be exactly one LB_STRATEGY_* bit");
  LB_CHECK_ARG(intervention->success <= 1 && intervention->has_service_fee_asset <= 1,
               "intervention->success and has_service_fee_asset must be 0 or 1");
  Intervention v;
  v.intent_id = intervention->intent_id;
  v.chain_id = intervention->chain_id;
  v.user = to_address(intervention->user);
  v.strategy = strategy;
  std::memcpy(v.tx_hash.bytes.data(), intervention->tx_hash.bytes, 32);
  v.block_number = intervention->block_number;
  v.success = intervention->success != 0;
  v.hf_before = to_u256(intervention->hf_before);
  v.hf_after = to_u256(intervention->hf_after);
  v.gas_used = intervention->gas_used;
  v.effective_gas_price = to_u256(intervention->effective_gas_price);
  v.l1_fee = to_u256(intervention->l1_fee);
  v.total_cost_wei = to_u256(intervention->total_cost_wei);
  v.service_fee = to_u256(intervention->service_fee);
  if (intervention->has_service_fee_asset != 0) v.service_fee_asset = to_address(intervention->service_fee_asset);
  auto status = store->store->record_intervention(v);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_store_interventions(lb_store* store, lb_intervention* out, size_t cap, size_t* count,
                                 uint64_t chain_id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(store);
  LB_CHECK_NOT_NULL(count);
  auto list = store->store->interventions(chain_id);
  LB_CHECK_RESULT(list);
  if (const lb_status room = capi_list_room(lb_fn, out != nullptr, cap, count, list->size()); room != LB_OK)
    return room;
  if (out == nullptr) return capi_ok();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Intervention& v = (*list)[i];
    if (v.intent_id.size() + 1 > LB_INTENT_ID_SIZE)
      return capi_fail(lb_fn, LB_EUNSUPPORTED, "intervention " + std::to_string(i) + ": intent id '" + v.intent_id +
                                                   "' is longer than LB_INTENT_ID_SIZE - 1");
    const uint32_t bit = strategy_bit(v.strategy);
    if (bit == 0)
      return capi_fail(lb_fn, LB_EUNSUPPORTED,
                       "intervention " + std::to_string(i) + ": unknown strategy '" + v.strategy + "'");
    lb_intervention& c = out[i];
    std::memset(&c, 0, sizeof c);
    std::memcpy(c.intent_id, v.intent_id.c_str(), v.intent_id.size() + 1);
    c.chain_id = v.chain_id;
    c.user = from_address(v.user);
    c.strategy = bit;
    std::memcpy(c.tx_hash.bytes, v.tx_hash.bytes.data(), 32);
    c.block_number = v.block_number;
    c.success = v.success ? 1 : 0;
    c.hf_before = from_u256(v.hf_before);
    c.hf_after = from_u256(v.hf_after);
    c.gas_used = v.gas_used;
    c.effective_gas_price = from_u256(v.effective_gas_price);
    c.l1_fee = from_u256(v.l1_fee);
    c.total_cost_wei = from_u256(v.total_cost_wei);
    c.service_fee = from_u256(v.service_fee);
    if (v.service_fee_asset) {
      c.has_service_fee_asset = 1;
      c.service_fee_asset = from_address(*v.service_fee_asset);
    }
    c.recorded_at_ms = v.recorded_at_ms;
  }
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
