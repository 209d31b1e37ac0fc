// SPDX-License-Identifier: MIT
// C ABI: position monitor with a change callback.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "snapshot_detail.hpp"

#include <liquidbot/lb_monitor.h>

#include <liquidbot/monitor.hpp>

#include <cstring>
#include <optional>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

lb_monitor_change to_change(const monitor::Change& change) noexcept {
  lb_monitor_change out;
  out.user = from_address(change.user);
  out.previous = change.previous ? static_cast<int32_t>(*change.previous) : LB_RISK_NONE;
  out.current = static_cast<int32_t>(change.current);
  out.account = from_account(change.risk.account);
  out.score = change.risk.score;
  out.block = change.block;
  return out;
}

}  // namespace

extern "C" {

lb_status lb_monitor_options_init(lb_monitor_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_MONITOR_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  const monitor::Config defaults;
  std::memset(options, 0, sizeof *options);
  options->version = version;
  options->alert_hf = from_u256(defaults.risk.alert_hf);
  options->act_hf = from_u256(defaults.risk.act_hf);
  options->target_hf = from_u256(defaults.risk.target_hf);
  options->sweep_every_blocks = defaults.sweep_every_blocks;
  options->discover_every_blocks = defaults.discover_every_blocks;
  options->log_range = defaults.log_range;
  options->events_from_block = defaults.events_from_block;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_monitor_create(lb_monitor** monitor, lb_rpc* client, lb_reader* reader,
                            const lb_monitor_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  *monitor = nullptr;
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(reader);
  monitor::Config config;
  if (options != nullptr) {
    if (options->version != LB_MONITOR_OPTIONS_VERSION)
      return capi_fail(lb_fn, LB_EUNSUPPORTED,
                       "options->version " + std::to_string(options->version) + " is not supported");
    config.risk.alert_hf = to_u256(options->alert_hf);
    config.risk.act_hf = to_u256(options->act_hf);
    config.risk.target_hf = to_u256(options->target_hf);
    config.sweep_every_blocks = options->sweep_every_blocks;
    config.discover_every_blocks = options->discover_every_blocks;
    config.log_range = options->log_range;
    config.events_from_block = options->events_from_block;
  }
  auto valid = config.validate();
  LB_CHECK_RESULT(valid);
  auto created = monitor::Monitor::create(client->client, reader->reader, std::nullopt, std::move(config));
  LB_CHECK_RESULT(created);
  auto* handle = new lb_monitor{std::move(created).value()};
  handle->monitor.on_change([handle](const monitor::Change& change) {
    if (handle->callback == nullptr) return;
    const lb_monitor_change c_change = to_change(change);
    handle->callback(handle->user_data, &c_change);
  });
  *monitor = handle;
  return capi_ok();
  LB_CAPI_END
}

void lb_monitor_destroy(lb_monitor* monitor) noexcept { delete monitor; }

lb_status lb_monitor_set_callback(lb_monitor* monitor, lb_monitor_callback callback, void* user_data) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  monitor->callback = callback;
  monitor->user_data = user_data;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_monitor_add_borrowers(lb_monitor* monitor, const lb_address* users, size_t count) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  LB_CHECK_ARG(users != nullptr || count == 0, "users must not be NULL when count > 0");
  std::vector<Address> list;
  list.reserve(count);
  for (std::size_t i = 0; i < count; ++i) list.push_back(to_address(users[i]));
  monitor->monitor.add_borrowers(list);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_monitor_step(lb_monitor* monitor, lb_monitor_cycle* cycle, int full) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  auto report = monitor->monitor.step(full != 0);
  // Changes were delivered through the callback; the queue is only for C++ consumers.
  (void)monitor->monitor.take_changes();
  LB_CHECK_RESULT(report);
  if (cycle != nullptr) {
    cycle->block = report->block;
    cycle->borrowers = report->borrowers;
    cycle->users_read = report->users_read;
    cycle->hot_users = report->hot_users;
    cycle->failed_users = report->failed_users;
    cycle->changes = report->changes;
  }
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
