// `monitor`: discovers Aave V3 borrowers (subgraph, Borrow-event fallback), reads them on chain
// and prints the users below the alert threshold, most urgent first. `--once` runs one full
// cycle; otherwise it follows the chain until SIGINT/SIGTERM.
#include "cli.hpp"

#include <liquidbot/monitor.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/subgraph.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

namespace liquidbot::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

std::uint64_t parse_u64(const std::string& text, std::string_view what) {
  const auto value = u256::from_dec(text);
  if (!value || !value->fits_u64()) fail(what, "\"" + text + "\" is not a decimal uint64");
  return value->limbs[0];
}

/// "1.05" -> 1.05e18 (at most 18 decimals, no sign or exponent).
u256 parse_wad(const std::string& text, std::string_view what) {
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 18 || (dot != std::string::npos && fraction.empty()))
    fail(what, "\"" + text + "\" is not a decimal like 1.05");
  fraction.append(18 - fraction.size(), '0');
  const auto value = u256::from_dec(whole + fraction);
  if (!value) fail(what, "\"" + text + "\" is not a decimal like 1.05");
  return *value;
}

int failure(const Error& error) {
  std::fprintf(stderr, "liquidbot monitor: %s\n", error.message.c_str());
  return kExitFailure;
}

std::string ms(std::chrono::nanoseconds time) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(time.count()) / 1e6);
  return text;
}

void print_table(const monitor::Monitor& mon, const monitor::CycleReport& report, bool json, bool all) {
  const auto users = all ? mon.users() : mon.at_risk();
  const monitor::Health& health = mon.health();
  if (json) {
    std::string out = "{\"block\":" + std::to_string(report.block) + ",\"borrowers\":" + std::to_string(report.borrowers) +
                      ",\"source\":\"" + std::string(monitor::to_string(health.discovery_source)) +
                      "\",\"staleBlocks\":" + std::to_string(health.stale_blocks) +
                      ",\"failedUsers\":" + std::to_string(report.failed_users) +
                      ",\"dropped\":" + std::to_string(report.dropped) + ",\"lastGoodBlock\":" +
                      std::to_string(health.last_good_block) + ",\"timingMs\":{\"discovery\":" + ms(report.discovery_time) +
                      ",\"read\":" + ms(report.read_time) + ",\"evaluate\":" + ms(report.evaluate_time) + "},\"users\":[";
    for (std::size_t i = 0; i < users.size(); ++i) {
      const monitor::UserState& s = users[i];
      char score[32];
      std::snprintf(score, sizeof score, "%.6f", s.risk.score);
      out += (i == 0 ? "" : ",");
      out += "{\"user\":\"" + s.user.to_hex() + "\",\"healthFactor\":\"" + s.risk.account.health_factor.to_dec() +
             "\",\"totalCollateralBase\":\"" + s.risk.account.total_collateral_base.to_dec() +
             "\",\"totalDebtBase\":\"" + s.risk.account.total_debt_base.to_dec() + "\",\"score\":" + score +
             ",\"status\":\"" + std::string(aave::to_string(s.risk.level)) + "\",\"matchesChain\":" +
             (s.matches_chain ? "true" : "false") + "}";
    }
    out += "]}";
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("block %llu  borrowers %zu  listed %zu  discovery %s  stale %llu blocks\n",
                static_cast<unsigned long long>(report.block), report.borrowers, users.size(),
                std::string(monitor::to_string(health.discovery_source)).c_str(),
                static_cast<unsigned long long>(health.stale_blocks));
    std::printf("%-42s  %-22s  %-20s  %-20s  %9s  %s\n", "user", "healthFactor", "totalCollateralBase",
                "totalDebtBase", "score", "status");
    for (const monitor::UserState& s : users)
      std::printf("%-42s  %-22s  %-20s  %-20s  %9.4f  %s\n", s.user.to_hex().c_str(),
                  s.risk.account.health_factor.to_dec().c_str(), s.risk.account.total_collateral_base.to_dec().c_str(),
                  s.risk.account.total_debt_base.to_dec().c_str(), s.risk.score,
                  std::string(aave::to_string(s.risk.level)).c_str());
  }
  std::fflush(stdout);
}

int run_monitor(Args& args) {
  const std::vector<std::string> urls = args.all("rpc");
  const Address provider = require_ok(Address::parse(args.required("addresses-provider")), "--addresses-provider");
  const auto subgraph_url = args.option("subgraph");
  const auto subgraph_key = args.option("subgraph-key");
  const auto page_size = args.option("page-size");
  const auto max_lag = args.option("max-lag");
  const auto alert = args.option("alert-hf");
  const auto act = args.option("act-hf");
  const auto sweep_every = args.option("sweep-every");
  const auto events_from = args.option("events-from");
  const auto events_max = args.option("events-max-blocks");
  const auto log_range = args.option("log-range");
  const auto interval = args.option("interval-ms");
  const auto chain_text = args.option("chain-id");
  const auto timeout_text = args.option("timeout-ms");
  const bool once = args.flag("once");
  const bool json = args.flag("json");
  const bool all = args.flag("all");
  args.reject_unknown();
  if (urls.empty()) fail("--rpc", "missing (give one or more endpoint URLs)");
  if (!args.positionals().empty()) fail(args.positionals().front(), "unexpected argument");

  rpc::ClientOptions rpc_options;
  if (chain_text) rpc_options.expected_chain_id = parse_u64(*chain_text, "--chain-id");
  if (timeout_text) rpc_options.http.total_timeout = std::chrono::milliseconds(parse_u64(*timeout_text, "--timeout-ms"));

  monitor::Config config;
  if (alert) config.risk.alert_hf = parse_wad(*alert, "--alert-hf");
  if (act) config.risk.act_hf = parse_wad(*act, "--act-hf");
  if (config.risk.target_hf <= config.risk.act_hf) config.risk.target_hf = config.risk.alert_hf + u256(1);
  if (sweep_every) config.sweep_every_blocks = parse_u64(*sweep_every, "--sweep-every");
  if (events_from) config.events_from_block = parse_u64(*events_from, "--events-from");
  if (events_max) config.events_max_blocks = parse_u64(*events_max, "--events-max-blocks");
  if (log_range) config.log_range = parse_u64(*log_range, "--log-range");
  if (auto status = config.validate(); !status) fail("--alert-hf/--act-hf", status.error().message);
  const auto poll = std::chrono::milliseconds(interval ? parse_u64(*interval, "--interval-ms") : 1000);

  std::optional<subgraph::Client> subgraph_client;
  if (subgraph_url) {
    subgraph::Config sg;
    sg.url = *subgraph_url;
    if (subgraph_key) sg.api_key = *subgraph_key;
    if (page_size) sg.page_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(parse_u64(*page_size, "--page-size"), 1u << 20));
    if (max_lag) sg.max_lag_blocks = parse_u64(*max_lag, "--max-lag");
    sg.http.total_timeout = rpc_options.http.total_timeout;
    if (auto status = sg.validate(); !status) fail(page_size ? "--page-size" : "--subgraph", status.error().message);
    subgraph_client = require_ok(subgraph::Client::create(std::move(sg)), "--subgraph");
  }

  auto client = rpc::Client::connect(urls, rpc_options);
  if (!client) return failure(client.error());
  auto reader = reader::Reader::discover(*client, provider);
  if (!reader) return failure(reader.error());
  auto created = monitor::Monitor::create(*client, *reader, std::move(subgraph_client), std::move(config));
  if (!created) return failure(created.error());
  monitor::Monitor mon = std::move(*created);

  if (once) {
    auto report = mon.step(true);
    if (!report) return failure(report.error());
    print_table(mon, *report, json, all);
    if (!mon.health().discovery_error.empty())
      std::fprintf(stderr, "liquidbot monitor: subgraph unavailable, used Borrow events: %s\n",
                   mon.health().discovery_error.c_str());
    return kExitOk;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  bool first = true;
  while (!g_stop.load()) {
    auto report = mon.step(first);
    if (!report) {
      const monitor::Health& health = mon.health();
      std::fprintf(stderr, "liquidbot monitor: %s (keeping data of block %llu, stale by %llu blocks and %.1f s)\n",
                   report.error().message.c_str(), static_cast<unsigned long long>(health.last_good_block),
                   static_cast<unsigned long long>(health.stale_blocks),
                   static_cast<double>(health.stale_for.count()) / 1000.0);
    } else {
      if (first || report->changes > 0) print_table(mon, *report, json, all);
      first = false;
    }
    const auto until = std::chrono::steady_clock::now() + poll;
    while (!g_stop.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return kExitOk;
}

/// `subgraph-reserves`: the subgraph's reserves (cursor-paginated, pinned to one indexed block) as JSON.
int run_subgraph_reserves(Args& args) {
  const std::string url = args.required("subgraph");
  const auto key = args.option("subgraph-key");
  const auto page_size = args.option("page-size");
  const auto timeout_text = args.option("timeout-ms");
  args.reject_unknown();
  if (!args.positionals().empty()) fail(args.positionals().front(), "unexpected argument");
  subgraph::Config sg;
  sg.url = url;
  if (key) sg.api_key = *key;
  if (page_size) sg.page_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(parse_u64(*page_size, "--page-size"), 1u << 20));
  if (timeout_text) sg.http.total_timeout = std::chrono::milliseconds(parse_u64(*timeout_text, "--timeout-ms"));
  if (auto status = sg.validate(); !status) fail(page_size ? "--page-size" : "--subgraph", status.error().message);
  auto client = require_ok(subgraph::Client::create(std::move(sg)), "--subgraph");
  std::uint64_t block = 0;
  auto reserves = client.reserves(std::nullopt, &block);
  if (!reserves) {
    std::fprintf(stderr, "liquidbot subgraph-reserves: %s\n", reserves.error().message.c_str());
    return kExitFailure;
  }
  const auto flag = [](bool value) { return value ? "true" : "false"; };
  std::string out = "{\"block\":" + std::to_string(block) + ",\"reserves\":[";
  for (std::size_t i = 0; i < reserves->size(); ++i) {
    const subgraph::Reserve& r = (*reserves)[i];
    out += (i == 0 ? "{" : ",{");
    out += "\"id\":\"" + r.id + "\",\"underlyingAsset\":\"" + r.underlying_asset.to_hex() + "\",\"symbol\":";
    out += "\"";
    for (const char c : r.symbol) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 0x20) continue;
      out += c;
    }
    out += "\",\"decimals\":" + std::to_string(r.decimals) + ",\"usageAsCollateralEnabled\":" +
           flag(r.usage_as_collateral_enabled) + ",\"borrowingEnabled\":" + flag(r.borrowing_enabled) +
           ",\"isActive\":" + flag(r.is_active) + ",\"isFrozen\":" + flag(r.is_frozen) + ",\"isPaused\":" +
           flag(r.is_paused) + ",\"baseLTVasCollateral\":\"" + r.base_ltv_as_collateral.to_dec() +
           "\",\"reserveLiquidationThreshold\":\"" + r.reserve_liquidation_threshold.to_dec() +
           "\",\"reserveLiquidationBonus\":\"" + r.reserve_liquidation_bonus.to_dec() + "\",\"liquidityIndex\":\"" +
           r.liquidity_index.to_dec() + "\",\"variableBorrowIndex\":\"" + r.variable_borrow_index.to_dec() + "\"}";
  }
  out += "]}";
  std::printf("%s\n", out.c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"monitor",
     "monitor --rpc <url> [--rpc <url>...] --addresses-provider <address> [--subgraph <url>] [--subgraph-key <key>] "
     "[--page-size 500..1000] [--max-lag <blocks>] [--alert-hf 1.10] [--act-hf 1.05] [--sweep-every <blocks>] "
     "[--events-from <block>] [--events-max-blocks <n>] [--log-range <blocks>] [--interval-ms <ms>] [--chain-id <id>] [--timeout-ms <ms>] "
     "[--once] [--json] [--all]   users below the alert threshold (--all: every borrower), most urgent first",
     run_monitor, {"once", "json", "all"}},
    {"subgraph-reserves",
     "subgraph-reserves --subgraph <url> [--subgraph-key <key>] [--page-size 500..1000] [--timeout-ms <ms>]   the Aave "
     "subgraph's reserves (one indexed block, cursor pagination) as JSON",
     run_subgraph_reserves, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
