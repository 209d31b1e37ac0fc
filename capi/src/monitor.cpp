// SPDX-License-Identifier: MIT
// C ABI: position monitor with a change callback.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "snapshot_detail.hpp"

#include <liquidbot/lb_monitor.h>

#include <liquidbot/monitor.hpp>
#include <liquidbot/subgraph.hpp>

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
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

/// Bytes of an lb_monitor_options of `version` (1: up to events_from_block).
std::size_t options_size(std::uint32_t version) noexcept {
  return version == 1 ? offsetof(lb_monitor_options, events_from_block) + sizeof(uint64_t) : sizeof(lb_monitor_options);
}

int32_t source_code(monitor::Source source) noexcept {
  switch (source) {
    case monitor::Source::subgraph: return LB_SOURCE_SUBGRAPH;
    case monitor::Source::events: return LB_SOURCE_EVENTS;
    case monitor::Source::none: break;
  }
  return LB_SOURCE_NONE;
}

}  // namespace

extern "C" {

lb_status lb_monitor_options_init(lb_monitor_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != 1 && version != LB_MONITOR_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  const monitor::Config defaults;
  // A version 1 caller's struct ends before the version 2 fields: write only its part.
  std::memset(options, 0, options_size(version));
  options->version = version;
  options->alert_hf = from_u256(defaults.risk.alert_hf);
  options->act_hf = from_u256(defaults.risk.act_hf);
  options->target_hf = from_u256(defaults.risk.target_hf);
  options->sweep_every_blocks = defaults.sweep_every_blocks;
  options->discover_every_blocks = defaults.discover_every_blocks;
  options->log_range = defaults.log_range;
  options->events_from_block = defaults.events_from_block;
  if (version >= 2) {
    const subgraph::Config subgraph_defaults;
    options->subgraph_url = nullptr;
    options->subgraph_api_key = nullptr;
    options->subgraph_page_size = subgraph_defaults.page_size;
    options->subgraph_max_lag_blocks = subgraph_defaults.max_lag_blocks;
    options->events_max_blocks = defaults.events_max_blocks;
  }
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
  std::optional<subgraph::Client> subgraph_client;
  if (options != nullptr) {
    if (options->version != 1 && options->version != LB_MONITOR_OPTIONS_VERSION)
      return capi_fail(lb_fn, LB_EUNSUPPORTED,
                       "options->version " + std::to_string(options->version) + " is not supported");
    config.risk.alert_hf = to_u256(options->alert_hf);
    config.risk.act_hf = to_u256(options->act_hf);
    config.risk.target_hf = to_u256(options->target_hf);
    config.sweep_every_blocks = options->sweep_every_blocks;
    config.discover_every_blocks = options->discover_every_blocks;
    config.log_range = options->log_range;
    config.events_from_block = options->events_from_block;
    if (options->version >= 2) {
      config.events_max_blocks = options->events_max_blocks;
      if (options->subgraph_url != nullptr && options->subgraph_url[0] != '\0') {
        subgraph::Config sg;
        sg.url = options->subgraph_url;
        if (options->subgraph_api_key != nullptr) sg.api_key = options->subgraph_api_key;
        sg.page_size = options->subgraph_page_size;
        sg.max_lag_blocks = options->subgraph_max_lag_blocks;
        auto created = subgraph::Client::create(std::move(sg));
        LB_CHECK_RESULT(created);
        subgraph_client.emplace(std::move(created).value());
      }
    }
  }
  auto valid = config.validate();
  LB_CHECK_RESULT(valid);
  auto created = monitor::Monitor::create(client->client, reader->reader, std::move(subgraph_client), std::move(config));
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

lb_status lb_monitor_get_health(const lb_monitor* monitor, lb_monitor_health* health) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  LB_CHECK_NOT_NULL(health);
  const monitor::Health& h = monitor->monitor.health();
  std::memset(health, 0, sizeof *health);
  health->head_block = h.head_block;
  health->last_good_block = h.last_good_block;
  health->stale_blocks = h.stale_blocks;
  health->stale_ms = static_cast<uint64_t>(h.stale_for.count() < 0 ? 0 : h.stale_for.count());
  health->discovery_source = source_code(h.discovery_source);
  health->consecutive_failures = h.consecutive_failures;
  health->discovery_block = h.discovery_block;
  health->failed_user_reads = h.failed_user_reads;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_monitor_last_error(const lb_monitor* monitor, char* buf, size_t cap, size_t* size) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  LB_CHECK_NOT_NULL(size);
  return capi_copy_text(lb_fn, buf, cap, size, monitor->monitor.health().last_error);
  LB_CAPI_END
}

lb_status lb_monitor_discovery_error(const lb_monitor* monitor, char* buf, size_t cap, size_t* size) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(monitor);
  LB_CHECK_NOT_NULL(size);
  return capi_copy_text(lb_fn, buf, cap, size, monitor->monitor.health().discovery_error);
  LB_CAPI_END
}

}  // extern "C"
