// SPDX-License-Identifier: MIT
// C ABI: snapshots, evaluation and protection sizing.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "snapshot_detail.hpp"

#include <liquidbot/lb_snapshot.h>

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/protection.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace liquidbot::detail {

lb_account_data from_account(const aave::AccountData& data) noexcept {
  lb_account_data out;
  out.total_collateral_base = from_u256(data.total_collateral_base);
  out.total_debt_base = from_u256(data.total_debt_base);
  out.available_borrows_base = from_u256(data.available_borrows_base);
  out.current_liquidation_threshold = from_u256(data.current_liquidation_threshold);
  out.ltv = from_u256(data.ltv);
  out.health_factor = from_u256(data.health_factor);
  return out;
}

}  // namespace liquidbot::detail

namespace {

lb_status load(const char* function, lb_snapshot** out, std::string_view json) {
  auto parsed = aave::parse_snapshot(json);
  if (!parsed.ok()) return capi_error(function, parsed.error());
  *out = new lb_snapshot{std::move(parsed).value()};
  return capi_ok();
}

/// PlanOptions from the C struct (NULL = defaults); LB_OK or the failure status.
lb_status plan_options(const char* function, const lb_plan_options* options, aave::PlanOptions& out) {
  if (options == nullptr) return LB_OK;
  if (options->version != LB_PLAN_OPTIONS_VERSION)
    return capi_fail(function, LB_EUNSUPPORTED,
                     "options->version " + std::to_string(options->version) + " is not supported");
  out.delay_seconds = options->delay_seconds;
  if (options->has_max_amount != 0) out.max_amount = to_u256(options->max_amount);
  return LB_OK;
}

lb_plan from_plan(const aave::Plan& plan) noexcept {
  lb_plan out;
  out.amount = from_u256(plan.amount);
  out.before = from_account(plan.before);
  out.after = from_account(plan.after);
  return out;
}

const aave::Plan& plan_of(const aave::Plan& plan) noexcept { return plan; }
const aave::Plan& plan_of(const aave::SupplyPlan& supply) noexcept { return supply.plan; }

/// The shared tail of the single-asset planners: options from C, run the engine, plan to C.
template <typename Planner>
lb_status run_plan(const char* function, const lb_plan_options* options, lb_plan* plan, Planner planner) {
  aave::PlanOptions opts;
  if (const lb_status s = plan_options(function, options, opts); s != LB_OK) return s;
  auto result = planner(opts);
  if (!result.ok()) return capi_error(function, result.error());
  *plan = from_plan(plan_of(*result));
  return capi_ok();
}

}  // namespace

extern "C" {

lb_status lb_snapshot_load_json(lb_snapshot** snapshot, const char* json, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  *snapshot = nullptr;
  LB_CHECK_NOT_NULL(json);
  return load(lb_fn, snapshot, std::string_view(json, len));
  LB_CAPI_END
}

lb_status lb_snapshot_load_file(lb_snapshot** snapshot, const char* path) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  *snapshot = nullptr;
  LB_CHECK_NOT_NULL(path);
  std::ifstream file(path, std::ios::binary);
  if (!file) return capi_fail(lb_fn, LB_EIO, std::string("cannot open ") + path);
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (file.bad()) return capi_fail(lb_fn, LB_EIO, std::string("cannot read ") + path);
  return load(lb_fn, snapshot, text);
  LB_CAPI_END
}

void lb_snapshot_destroy(lb_snapshot* snapshot) noexcept { delete snapshot; }

lb_status lb_snapshot_to_json(const lb_snapshot* snapshot, char** json) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(json);
  return capi_alloc_text(lb_fn, json, aave::to_json(snapshot->snapshot));
  LB_CAPI_END
}

lb_status lb_snapshot_user(const lb_snapshot* snapshot, lb_address* user, uint64_t* timestamp) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  if (user != nullptr) *user = from_address(snapshot->snapshot.user.address);
  if (timestamp != nullptr) *timestamp = snapshot->snapshot.timestamp;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_snapshot_evaluate(const lb_snapshot* snapshot, lb_account_data* data) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(data);
  auto account = aave::account_data(snapshot->snapshot);
  LB_CHECK_RESULT(account);
  *data = from_account(*account);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_plan_options_init(lb_plan_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_PLAN_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  std::memset(options, 0, sizeof *options);
  options->version = version;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_snapshot_plan_repay(const lb_snapshot* snapshot, lb_plan* plan, const lb_address* debt_asset,
                                 const lb_u256be* target_hf, const lb_plan_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(plan);
  LB_CHECK_NOT_NULL(debt_asset);
  LB_CHECK_NOT_NULL(target_hf);
  return run_plan(lb_fn, options, plan, [&](const aave::PlanOptions& opts) {
    return aave::plan_repay(snapshot->snapshot, to_address(*debt_asset), to_u256(*target_hf), opts);
  });
  LB_CAPI_END
}

lb_status lb_snapshot_plan_supply(const lb_snapshot* snapshot, lb_plan* plan, const lb_address* asset,
                                  const lb_u256be* target_hf, const lb_plan_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(plan);
  LB_CHECK_NOT_NULL(asset);
  LB_CHECK_NOT_NULL(target_hf);
  return run_plan(lb_fn, options, plan, [&](const aave::PlanOptions& opts) {
    return aave::plan_supply(snapshot->snapshot, to_address(*asset), to_u256(*target_hf), opts);
  });
  LB_CAPI_END
}

lb_status lb_snapshot_supply_cap_headroom(const lb_snapshot* snapshot, uint8_t* has_cap, lb_u256be* headroom,
                                          const lb_address* asset, uint64_t delay_seconds) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(has_cap);
  LB_CHECK_NOT_NULL(headroom);
  LB_CHECK_NOT_NULL(asset);
  auto room = aave::supply_cap_headroom(snapshot->snapshot, to_address(*asset), delay_seconds);
  LB_CHECK_RESULT(room);
  *has_cap = room->has_value() ? 1 : 0;
  *headroom = from_u256(room->value_or(u256()));
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_snapshot_max_safe_withdrawal(const lb_snapshot* snapshot, lb_plan* plan, const lb_address* asset,
                                          const lb_u256be* min_hf, const lb_plan_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(plan);
  LB_CHECK_NOT_NULL(asset);
  LB_CHECK_NOT_NULL(min_hf);
  return run_plan(lb_fn, options, plan, [&](const aave::PlanOptions& opts) {
    return aave::max_safe_withdrawal(snapshot->snapshot, to_address(*asset), to_u256(*min_hf), opts);
  });
  LB_CAPI_END
}

lb_status lb_snapshot_liquidation_price(const lb_snapshot* snapshot, lb_liquidation_price* result,
                                        const lb_address* asset) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(result);
  LB_CHECK_NOT_NULL(asset);
  auto price = aave::liquidation_price(snapshot->snapshot, to_address(*asset));
  LB_CHECK_RESULT(price);
  result->current_price = from_u256(price->current_price);
  result->has_price = price->price ? 1 : 0;
  result->price = from_u256(price->price.value_or(u256()));
  result->at_price = from_account(price->at_price);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_snapshot_shock(const lb_snapshot* snapshot, lb_account_data* data,
                            const lb_price_change* changes, size_t count) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(data);
  LB_CHECK_ARG(changes != nullptr || count == 0, "changes must not be NULL when count > 0");
  std::vector<aave::PriceChange> list;
  list.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    list.push_back(aave::PriceChange{to_address(changes[i].asset), changes[i].change_ppb});
  auto shocked = aave::shock(snapshot->snapshot, list);
  LB_CHECK_RESULT(shocked);
  *data = from_account(*shocked);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_snapshot_min_collateral_drop(const lb_snapshot* snapshot, int64_t* drop_ppb,
                                          lb_account_data* at_drop) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(snapshot);
  LB_CHECK_NOT_NULL(drop_ppb);
  auto drop = aave::min_collateral_drop(snapshot->snapshot);
  LB_CHECK_RESULT(drop);
  *drop_ppb = drop->drop_ppb;
  if (at_drop != nullptr) *at_drop = from_account(drop->at_drop);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
