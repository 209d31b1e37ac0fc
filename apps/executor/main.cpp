// liquidbot-executor: protects enrolled Aave V3 positions (docs/executor.md).
//
//   liquidbot-executor run    [--config FILE]
//   liquidbot-executor enroll [--config FILE] --user ADDR [--target-hf 1.3] [--act-below 1.05]
//                             [--strategies repay,supply,deleverage] [--max-cost BASE_UNITS]
//   liquidbot-executor unenroll [--config FILE] --user ADDR
//   liquidbot-executor status [--config FILE]
//
// Exit codes: 0 success (and after SIGINT/SIGTERM), 1 runtime failure, 2 bad configuration or usage.
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/nonce.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/store.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ex = liquidbot::executor;
using namespace liquidbot;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop.store(true); }

struct Usage {
  std::string message;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Args {
 public:
  Args(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) != 0) throw Usage{"unexpected argument '" + a + "'"};
      if (i + 1 >= argc) throw Usage{"option " + a + " needs a value"};
      values_[a.substr(2)] = argv[++i];
    }
  }
  std::optional<std::string> take(const std::string& name) {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    std::string v = it->second;
    values_.erase(it);
    return v;
  }
  void done() const {
    if (!values_.empty()) throw Usage{"unknown option --" + values_.begin()->first};
  }

 private:
  std::map<std::string, std::string> values_;
};

ex::Config load(Args& args) {
  std::string text;
  if (auto path = args.take("config")) {
    std::ifstream in(*path);
    if (!in) throw Usage{"cannot read the config file " + *path};
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto config = ex::load_config(text, [](const char* name) { return std::getenv(name); });
  if (!config) throw Usage{config.error().message};
  return *config;
}

template <typename T>
T need(Result<T> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.error().to_string());
  return std::move(r).value();
}

std::unique_ptr<Store> open_store(const ex::Config& config) {
  auto store = open_sqlite_store(config.database);
  if (!store) throw std::runtime_error("database " + config.database + ": " + store.error().to_string());
  return std::move(store).value();
}

u256 wad_option(Args& args, const std::string& name, std::string_view fallback) {
  const std::string text = args.take(name).value_or(std::string(fallback));
  auto v = aave::parse_decimal(text, 18);
  if (!v) throw Usage{"--" + name + ": " + v.error().message};
  return *v;
}

int cmd_enroll(Args& args) {
  const auto config = load(args);
  auto user_text = args.take("user");
  if (!user_text) throw Usage{"enroll needs --user ADDRESS"};
  auto user = Address::parse(*user_text);
  if (!user) throw Usage{"--user: " + user.error().message};
  Enrollment e;
  e.chain_id = config.chain_id;
  e.user = *user;
  e.target_hf = wad_option(args, "target-hf", "1.3");
  e.act_threshold = wad_option(args, "act-below", "1.05");
  if (e.target_hf <= e.act_threshold) throw Usage{"--target-hf must be above --act-below"};
  if (e.act_threshold < u256{1'000'000'000'000'000'000ULL}) throw Usage{"--act-below must be at least 1"};
  e.strategies = 0;
  std::stringstream list(args.take("strategies").value_or("repay,supply,deleverage"));
  for (std::string s; std::getline(list, s, ',');) {
    if (s == "repay") e.strategies |= kStrategyRepay;
    else if (s == "supply") e.strategies |= kStrategySupply;
    else if (s == "deleverage") e.strategies |= kStrategyDeleverage;
    else throw Usage{"--strategies: unknown strategy '" + s + "' (repay, supply, deleverage)"};
  }
  if (auto cost = args.take("max-cost")) {
    auto v = u256::from_dec(*cost);
    if (!v) throw Usage{"--max-cost: " + v.error().message};
    e.max_cost = *v;
  }
  args.done();
  auto store = open_store(config);
  if (auto s = store->enroll(e); !s) throw std::runtime_error("enroll: " + s.error().to_string());
  std::printf("{\"enrolled\":\"%s\",\"chainId\":%llu,\"targetHf\":\"%s\",\"actBelow\":\"%s\",\"strategies\":%u}\n",
              e.user.to_checksum().c_str(), static_cast<unsigned long long>(e.chain_id), e.target_hf.to_dec().c_str(),
              e.act_threshold.to_dec().c_str(), e.strategies);
  return 0;
}

int cmd_unenroll(Args& args) {
  const auto config = load(args);
  auto user = Address::parse(args.take("user").value_or(""));
  if (!user) throw Usage{"unenroll needs --user ADDRESS"};
  args.done();
  auto store = open_store(config);
  if (auto s = store->unenroll(config.chain_id, *user); !s) throw std::runtime_error("unenroll: " + s.error().to_string());
  return 0;
}

int cmd_status(Args& args) {
  const auto config = load(args);
  args.done();
  auto store = open_store(config);
  for (const auto& iv : need(store->interventions(config.chain_id), "interventions")) {
    std::printf("{\"intent\":\"%s\",\"user\":\"%s\",\"strategy\":\"%s\",\"tx\":\"%s\",\"block\":%llu,\"success\":%s,"
                "\"hfBefore\":\"%s\",\"hfAfter\":\"%s\",\"gasUsed\":%llu,\"l1Fee\":\"%s\",\"totalCostWei\":\"%s\","
                "\"serviceFee\":\"%s\"}\n",
                iv.intent_id.c_str(), iv.user.to_checksum().c_str(), iv.strategy.c_str(),
                hex_encode(iv.tx_hash.bytes).c_str(), static_cast<unsigned long long>(iv.block_number),
                iv.success ? "true" : "false", format_wad(iv.hf_before).c_str(), format_wad(iv.hf_after).c_str(),
                static_cast<unsigned long long>(iv.gas_used), iv.l1_fee.to_dec().c_str(), iv.total_cost_wei.to_dec().c_str(),
                iv.service_fee.to_dec().c_str());
  }
  return 0;
}

std::unique_ptr<Signer> make_signer(const ex::Config& config) {
  Result<std::unique_ptr<Signer>> signer = make_error(Errc::not_found, "");
  if (!config.key_file.empty()) {
    signer = local_signer_from_file(config.key_file);
  } else if (!config.keystore_file.empty()) {
    const char* password = std::getenv("LIQUIDBOT_KEYSTORE_PASSWORD");
    if (password == nullptr) throw Usage{"refusing to start: [signer] keystore is set but LIQUIDBOT_KEYSTORE_PASSWORD is not"};
    signer = keystore_signer_from_file(config.keystore_file, password);
  } else {
    signer = local_signer_from_env("WALLET_PRIVATE_KEY");
    if (!signer && signer.error().code == Errc::not_found)
      throw Usage{"refusing to start: no signing key (set WALLET_PRIVATE_KEY, or [signer] key_file / keystore)"};
  }
  if (!signer) throw Usage{"refusing to start: signing key: " + signer.error().message};
  return std::move(signer).value();
}

int cmd_run(Args& args) {
  const auto config = load(args);
  args.done();
  auto log = [&](ex::LogLevel level, std::string_view event, const std::string& fields) {
    if (level < config.log_level) return;
    std::string line = ex::log_line(now_ms(), level, event, fields);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  };
  auto signer = make_signer(config);
  rpc::ClientOptions options;
  options.expected_chain_id = config.chain_id;
  auto client_result = rpc::Client::connect({config.rpc_url}, options);
  if (!client_result) throw Usage{"refusing to start: " + client_result.error().message};
  rpc::Client client = std::move(client_result).value();
  auto reader = need(reader::Reader::discover(client, config.provider), "market discovery");
  auto store = open_store(config);
  RpcNonceSource nonce_source(client);
  auto nonces = need(NonceManager::create(config.chain_id, signer->address(), nonce_source, store.get()), "nonce manager");
  ex::Executor executor(config, client, reader, *signer, *store, *nonces, log);
  log(ex::LogLevel::info, "start",
      "\"chainId\":" + std::to_string(config.chain_id) + ",\"executor\":" + ex::json_string(signer->address().to_checksum()) +
          ",\"signer\":" + ex::json_string(signer->kind()) + ",\"pool\":" +
          ex::json_string(reader.addresses().pool.to_checksum()) + ",\"dryRun\":" + (config.dry_run ? "true" : "false"));
  if (auto s = executor.reconcile(); !s) log(ex::LogLevel::error, "reconcile_failed", "\"error\":" + ex::json_string(s.error().to_string()));

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::uint64_t last_block = 0;
  while (!g_stop.load()) {
    auto head = client.block_number();
    if (head && *head != last_block) {
      last_block = *head;
      auto started = executor.cycle();
      if (!started) log(ex::LogLevel::warn, "cycle_failed", "\"error\":" + ex::json_string(started.error().to_string()));
    } else if (!head) {
      log(ex::LogLevel::warn, "rpc_unavailable", "\"error\":" + ex::json_string(head.error().to_string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(config.poll_interval_ms));
  }
  // Graceful stop: no new protections; follow what is in flight for a bounded time; state is in the store.
  log(ex::LogLevel::info, "stopping", "\"pending\":" + std::to_string(executor.pending()));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (executor.pending() > 0 && std::chrono::steady_clock::now() < deadline) {
    if (auto s = executor.follow(); !s) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(config.poll_interval_ms));
  }
  log(ex::LogLevel::info, "stopped", "\"pending\":" + std::to_string(executor.pending()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string verb = argc >= 2 ? argv[1] : "";
  try {
    Args args(argc, argv);
    if (verb == "run") return cmd_run(args);
    if (verb == "enroll") return cmd_enroll(args);
    if (verb == "unenroll") return cmd_unenroll(args);
    if (verb == "status") return cmd_status(args);
    throw Usage{"usage: liquidbot-executor run|enroll|unenroll|status [--config FILE] [options]"};
  } catch (const Usage& u) {
    std::fprintf(stderr, "liquidbot-executor: %s\n", u.message.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "liquidbot-executor: %s\n", e.what());
    return 1;
  }
}
