// Executor latency: trigger -> signed protective transaction handed to the node, on loopback, per
// intervention, p50 and p99 over 1,000 interventions, through the executor's decision path
// (src/executor.cpp protect()): the engine (aave::choose_strategy) picks among repay-on-behalf of each
// debt and supply-on-behalf of each reserve for the trigger's snapshot (executor balances and
// allowances known), the chosen plan becomes the Pool call (actions::plan_funded_action), the
// service fee, the EIP-1559 transaction, its Fjord L1 fee estimate, the total cost in base currency
// checked against the caps (intervention_cost, check_intervention_cost), signing, encoding, and
// eth_sendRawTransaction over HTTP keep-alive to a loopback JSON-RPC responder (in-process; answers
// every request with a fixed hash). Excluded: the reads before the trigger and the simulation round
// trips (eth_call, eth_estimateGas; the gas limit is a fixed figure) and the fee quote.
// Peer: benchmarks/peers/executor.mjs (ethers v6 doing the non-engine part: calldata, L1-fee-free
// cost check in BigInt, Wallet.signTransaction, JsonRpcProvider.send; ethers has no Aave engine).
#include <benchmark/benchmark.h>

#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/aave/risk.hpp>
#include <liquidbot/actions.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/l1fee.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/transaction.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace liquidbot;

// Minimal HTTP/1.1 keep-alive JSON-RPC responder on 127.0.0.1.
class Responder {
 public:
  Responder() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~Responder() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
    for (auto& t : workers_) t.join();
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void accept_loop() {
    while (!stop_) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      workers_.emplace_back([fd] { serve(fd); });
    }
  }
  static void serve(int fd) {
    std::string buffer;
    char chunk[65536];
    while (true) {
      std::size_t header_end;
      while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return ::close(fd), void();
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      std::size_t length = 0;
      std::string headers = buffer.substr(0, header_end);
      std::transform(headers.begin(), headers.end(), headers.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (auto at = headers.find("content-length:"); at != std::string::npos) length = std::stoul(headers.substr(at + 15));
      while (buffer.size() < header_end + 4 + length) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return ::close(fd), void();
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      const std::string body = buffer.substr(header_end + 4, length);
      buffer.erase(0, header_end + 4 + length);
      std::string id = "1";
      if (auto at = body.find("\"id\":"); at != std::string::npos) {
        auto end = body.find_first_of(",}", at + 5);
        id = body.substr(at + 5, end - at - 5);
      }
      const std::string reply = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x" + std::string(64, '1') + "\"}";
      const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                   std::to_string(reply.size()) + "\r\n\r\n" + reply;
      if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) < 0) return ::close(fd), void();
    }
  }
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

aave::Snapshot load_snapshot() {
  std::string source = __FILE__;
  source = source.substr(0, source.rfind("/benchmarks/"));
  std::ifstream in(source + "/tests/data/snapshots/stable_v30.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return aave::parse_snapshot(ss.str()).value();
}

void executor_trigger_to_node(benchmark::State& state) {
  Responder node;
  auto client = rpc::Client::connect({node.url()});
  if (!client) {
    state.SkipWithError(client.error().message.c_str());
    return;
  }
  const aave::Snapshot snapshot = load_snapshot();
  const auto before = aave::account_data(snapshot).value();
  auto signer = local_signer_from_hex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318").value();
  const Address pool = *Address::parse("0xA238Dd80C259a72e81d7e4664a9801593F98d1c5");
  // The enrollment: act just above the current HF, target 10% above it.
  aave::RiskConfig risk;
  risk.act_hf = before.health_factor + before.health_factor / u256{100};
  risk.alert_hf = std::max(risk.alert_hf, risk.act_hf);
  risk.target_hf = before.health_factor + before.health_factor / u256{10};
  risk.delay_seconds = 6;  // next block + 2 blocks of slack, as the executor sizes
  const u256 max_cost{1'000'000'000'000ULL};  // base currency (1e8 = 1 USD): far above the cost
  // Candidates as the executor builds them: it holds (and approved) every reserve's token.
  using Kind = aave::StrategyCandidate::Kind;
  const u256 balance{u256::from_dec("1000000000000000000000000000").value()};
  std::vector<aave::StrategyCandidate> candidates;
  for (const auto& p : snapshot.user.positions)
    if (!p.scaled_variable_debt.is_zero()) candidates.push_back({Kind::repay, p.asset, std::nullopt, 10, 250'000, {}, balance});
  for (const auto& r : snapshot.reserves) candidates.push_back({Kind::supply, r.asset, std::nullopt, 10, 250'000, {}, balance});
  const u256 eth_price = snapshot.reserves.front().price;
  const aave::NetworkCosts network{u256{1'001'000'000}, eth_price};
  const L1FeeParams l1{u256{5'000'000'000}, u256{1}, 2'269, 1'055'762};
  std::uint64_t nonce = 0;
  std::vector<double> samples;
  auto intervention = [&]() -> bool {
    auto choice = aave::choose_strategy(snapshot, risk, network, candidates);
    if (!choice || !choice->candidate || !choice->plan) return false;
    const auto& c = candidates[*choice->candidate];
    const auto kind = c.kind == Kind::repay ? actions::FundedKind::repay : actions::FundedKind::supply;
    auto funded = actions::plan_funded_action(kind, pool, c.asset, choice->plan->amount, snapshot.user.address,
                                              {balance, u256::max()}, actions::ApprovalPolicy::unlimited);
    if (!funded || funded->approve) return false;
    auto fee = actions::service_fee(choice->plan->amount, 10, u256{});
    if (!fee) return false;
    Transaction tx;
    tx.chain_id = 8453;
    tx.nonce = nonce++;
    tx.max_priority_fee_per_gas = u256{1'000'000};
    tx.max_fee_per_gas = u256{2'000'000'000};
    tx.gas_limit = 300'000;
    tx.to = funded->action.to;
    tx.data = funded->action.data;
    auto l1_fee = l1_fee_unsigned(l1, signing_payload(tx));
    if (!l1_fee) return false;
    const auto* fee_reserve = snapshot.find_reserve(c.asset);
    executor::CostInputs in;
    in.gas_limit = tx.gas_limit;
    in.max_fee_per_gas = tx.max_fee_per_gas;
    in.l1_fee_wei = *l1_fee;
    in.eth_price = eth_price;
    in.service_fee = *fee;
    in.fee_asset_price = fee_reserve->price;
    in.fee_asset_decimals = fee_reserve->config.decimals;
    auto cost = executor::intervention_cost(in);
    if (!cost || !executor::check_intervention_cost(*cost, max_cost, {})) return false;
    if (!signer->sign_transaction(tx)) return false;
    auto raw = encode(tx);
    if (!raw) return false;
    return client->send_raw_transaction(*raw).ok();
  };
  for (int i = 0; i < 50; ++i) intervention();  // warm-up: connection, caches
  for (auto _ : state) {
    samples.clear();
    for (int i = 0; i < 1000; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      if (!intervention()) {
        state.SkipWithError("intervention failed");
        return;
      }
      samples.push_back(static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                std::chrono::steady_clock::now() - t0).count()));
    }
  }
  std::sort(samples.begin(), samples.end());
  state.counters["p50_ns"] = samples[samples.size() / 2];
  state.counters["p99_ns"] = samples[samples.size() * 99 / 100];
}
BENCHMARK(executor_trigger_to_node)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
