// Monitor configuration checks and source names. The monitor's behaviour against a chain (discovery,
// thresholds vs getUserAccountData, faults, staleness) is tested in tests/integration/monitor_chain.mjs.
#include <liquidbot/monitor.hpp>

#include <doctest/doctest.h>

using namespace liquidbot;

TEST_CASE("monitor config: defaults are valid, zero periods and bad thresholds are not") {
  monitor::Config config;
  CHECK(config.validate().ok());
  CHECK(config.risk.alert_hf == u256(1'100'000'000'000'000'000ULL));
  CHECK(config.risk.act_hf == u256(1'050'000'000'000'000'000ULL));
  config.sweep_every_blocks = 0;
  CHECK(config.validate().error().message == "monitor: sweep_every_blocks is 0");
  config.sweep_every_blocks = 1;
  config.discover_every_blocks = 0;
  CHECK(config.validate().error().message == "monitor: discover_every_blocks is 0");
  config.discover_every_blocks = 1;
  config.log_range = 0;
  CHECK(config.validate().error().message == "monitor: log_range is 0");
  config.log_range = 1;
  CHECK(config.validate().ok());
  config.risk.act_hf = config.risk.alert_hf + u256(1);
  CHECK(config.validate().error().code == Errc::invalid_argument);
}

TEST_CASE("monitor source names") {
  CHECK(monitor::to_string(monitor::Source::none) == "none");
  CHECK(monitor::to_string(monitor::Source::subgraph) == "subgraph");
  CHECK(monitor::to_string(monitor::Source::events) == "events");
}
