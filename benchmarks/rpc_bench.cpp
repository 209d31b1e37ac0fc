// JSON-RPC on loopback against the hardhat node: one eth_blockNumber round trip, and one batch of
// 100 eth_blockNumber calls. The node is started with the test-bed CLI (testbed.mjs start/stop
// --state-file) unless LB_NODE_RPC_URL names a running one. Peer: benchmarks/peers/rpc.mjs (ethers
// JsonRpcProvider doing the same).
#include <benchmark/benchmark.h>

#include <liquidbot/rpc.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

std::string g_url;

void rpc_round_trip_block_number(benchmark::State& state) {
  auto client = liquidbot::rpc::Client::connect({g_url});
  if (!client) {
    state.SkipWithError(client.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto n = client->block_number();
    if (!n) {
      state.SkipWithError(n.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(*n);
  }
}
BENCHMARK(rpc_round_trip_block_number)->Unit(benchmark::kMicrosecond);

void rpc_batch_100_calls(benchmark::State& state) {
  auto client = liquidbot::rpc::Client::connect({g_url});
  if (!client) {
    state.SkipWithError(client.error().message.c_str());
    return;
  }
  const std::vector<liquidbot::rpc::Request> requests(100, liquidbot::rpc::Request{"eth_blockNumber", "[]"});
  for (auto _ : state) {
    auto replies = client->batch(requests);
    if (!replies || !(*replies)[99].ok()) {
      state.SkipWithError("batch failed");
      return;
    }
    benchmark::DoNotOptimize(replies->data());
  }
}
BENCHMARK(rpc_batch_100_calls)->Unit(benchmark::kMicrosecond);

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  pclose(pipe);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string source = __FILE__;
  source = source.substr(0, source.rfind("/benchmarks/"));
  const std::string testbed = "node " + source + "/tests/js/testbed.mjs";
  const std::string state_file = "/tmp/liquidbot-rpc-bench-" + std::to_string(getpid()) + ".json";
  bool started = false;
  if (const char* url = std::getenv("LB_NODE_RPC_URL"); url != nullptr) {
    g_url = url;
  } else {
    const std::string env = run_capture(testbed + " start --borrowers 0 --state-file " + state_file);
    const auto at = env.find("LB_NODE_RPC_URL=");
    if (at == std::string::npos) {
      std::fprintf(stderr, "rpc_bench: test bed did not start:\n%s\n", env.c_str());
      return 1;
    }
    g_url = env.substr(at + 16, env.find('\n', at) - at - 16);
    started = true;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (started) run_capture(testbed + " stop --state-file " + state_file);
  return 0;
}
