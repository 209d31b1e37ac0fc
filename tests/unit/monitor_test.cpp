// Monitor configuration checks, source names and the borrower-set rules (who leaves the set). The
// monitor's behaviour against a chain (discovery, thresholds vs getUserAccountData, faults,
// staleness, repaid users leaving) is tested in tests/integration/monitor_chain.mjs.
#include <liquidbot/monitor.hpp>

#include "detail/monitor_set.hpp"

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

namespace {

Address user(std::uint8_t last) {
  Address a;
  a.bytes[19] = last;
  return a;
}

std::vector<monitor::UserState> states_of(std::initializer_list<std::uint8_t> ids) {
  std::vector<monitor::UserState> out;
  for (const std::uint8_t id : ids) {
    monitor::UserState s;
    s.user = user(id);
    out.push_back(s);
  }
  return out;
}

std::vector<std::uint8_t> ids_of(const std::vector<monitor::UserState>& states) {
  std::vector<std::uint8_t> out;
  for (const auto& s : states) out.push_back(s.user.bytes[19]);
  return out;
}

}  // namespace

TEST_CASE("monitor set: a user configuration borrows while any even bit is set") {
  CHECK_FALSE(detail::borrows_anything(u256(0)));
  CHECK_FALSE(detail::borrows_anything(u256(0b10)));                       // collateral only, reserve 0
  CHECK_FALSE(detail::borrows_anything(*u256::from_hex("0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
  CHECK(detail::borrows_anything(u256(0b01)));                             // borrowing reserve 0
  CHECK(detail::borrows_anything(u256(0b100)));                            // borrowing reserve 1
  CHECK_FALSE(detail::borrows_anything(u256(0b1000)));                     // collateral reserve 1
  u256 high;
  high.limbs[3] = 1ULL << 62;                                              // borrowing reserve 127
  CHECK(detail::borrows_anything(high));
  high.limbs[3] = 1ULL << 63;                                              // collateral reserve 127
  CHECK_FALSE(detail::borrows_anything(high));
}

TEST_CASE("monitor set: drop_users keeps order and pinned users") {
  auto states = states_of({1, 2, 3, 4, 5, 6});
  const std::vector<Address> pinned{user(2), user(6)};
  const auto even = [](const monitor::UserState& s) { return s.user.bytes[19] % 2 == 0; };
  CHECK(detail::drop_users(states, pinned, even) == 1);
  CHECK(ids_of(states) == std::vector<std::uint8_t>{1, 2, 3, 5, 6});
  CHECK(detail::drop_users(states, {}, [](const monitor::UserState&) { return false; }) == 0);
  CHECK(ids_of(states) == std::vector<std::uint8_t>{1, 2, 3, 5, 6});
}
