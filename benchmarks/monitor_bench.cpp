// Monitor benchmarks.
//  subgraph_page_parse: strict simdjson parse of a 1000-user Aave subgraph `users` page (1-3 user
//    reserves each, the shape the client requests) into the borrower list; MB/s in the counters.
//    The page generator is mirrored byte for byte by benchmarks/peers/subgraph.mjs (JSON.parse plus
//    the same field conversions, BigInt balances).
//  monitor_full_cycle (only when LB_RPC_URL, LB_SUBGRAPH_URL and LB_ADDRESSES_PROVIDER are set,
//    e.g. by benchmarks/monitor_cycle.sh, which starts the test bed with 10,000 borrowers): one full
//    Monitor cycle (subgraph sweep, one market read, every borrower read and evaluated), seconds per
//    cycle with the share spent in discovery and chain reads (waiting on the subgraph and the node,
//    response parsing included). One untimed cycle first warms the subgraph stand-in's index (the
//    test bed's cost, not the monitor's).
#include <liquidbot/monitor.hpp>
#include <liquidbot/subgraph.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace liquidbot;

namespace {

const char* const kAssets[4] = {"0x4200000000000000000000000000000000000006", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
                                "0xcbb7c0000ab88b473b1f5afd9ef808440eed33bf", "0xc1cba3fcea344f92d9239c08c0568f6f2f0ee452"};

std::string make_page(int users) {
  std::string out = "{\"data\":{\"users\":[";
  char id[64];
  for (int i = 0; i < users; ++i) {
    std::snprintf(id, sizeof id, "0x%08x%s", i + 1, "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a");
    out += i == 0 ? "" : ",";
    const int reserves = 1 + i % 3;
    out += "{\"id\":\"" + std::string(id) + "\",\"borrowedReservesCount\":" + std::to_string(1 + i % 2) +
           ",\"eModeCategoryId\":" + (i % 4 == 0 ? std::string("{\"id\":\"1\"}") : std::string("null")) + ",\"reserves\":[";
    for (int k = 0; k < reserves; ++k) {
      const unsigned long long base = static_cast<unsigned long long>(i) * 1000003ULL + static_cast<unsigned long long>(k);
      out += k == 0 ? "" : ",";
      out += "{\"usageAsCollateralEnabledOnUser\":" + std::string(k % 2 == 0 ? "true" : "false") +
             ",\"scaledATokenBalance\":\"" + std::to_string(base) + "123456789012\",\"scaledVariableDebt\":\"" +
             std::to_string(k == 0 ? 0ULL : base * 7) + "\",\"reserve\":{\"underlyingAsset\":\"" + kAssets[(i + k) % 4] +
             "\"}}";
    }
    out += "]}";
  }
  out += "],\"_meta\":{\"block\":{\"number\":31337000},\"hasIndexingErrors\":false}}}";
  return out;
}

void subgraph_page_parse(benchmark::State& state) {
  const std::string text = make_page(1000);
  const http::PaddedBuffer body = http::PaddedBuffer::from(text);
  std::size_t users = 0;
  for (auto _ : state) {
    auto page = subgraph::parse_borrowers_page(body);
    if (!page) {
      state.SkipWithError(page.error().message.c_str());
      return;
    }
    users += page->borrowers.size();
    benchmark::DoNotOptimize(page->borrowers.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
  state.counters["bytes"] = static_cast<double>(text.size());
  state.counters["users"] = static_cast<double>(users) / static_cast<double>(state.iterations());
}
BENCHMARK(subgraph_page_parse)->Unit(benchmark::kMicrosecond);

void monitor_full_cycle(benchmark::State& state, std::string rpc_url, std::string subgraph_url, std::string provider_text) {
  auto provider = Address::parse(provider_text);
  // A full read of 10,000 users is a few large batches: a loaded local node needs minutes for one.
  rpc::ClientOptions rpc_options;
  rpc_options.http.total_timeout = std::chrono::milliseconds(1'800'000);
  auto client = rpc::Client::connect({rpc_url}, rpc_options);
  if (!provider || !client) {
    state.SkipWithError(provider ? client.error().message.c_str() : provider.error().message.c_str());
    return;
  }
  auto reader = reader::Reader::discover(*client, *provider);
  if (!reader) {
    state.SkipWithError(reader.error().message.c_str());
    return;
  }
  const auto make_monitor = [&]() -> Result<monitor::Monitor> {
    subgraph::Config config;
    config.url = subgraph_url;
    config.http.total_timeout = std::chrono::milliseconds(1'800'000);
    LB_TRY(sg, subgraph::Client::create(config));
    return monitor::Monitor::create(*client, *reader, std::move(sg), {});
  };
  {
    auto warm = make_monitor();
    auto report = warm ? warm->step(true) : Result<monitor::CycleReport>(warm.error());
    if (!report) {
      state.SkipWithError(report.error().message.c_str());
      return;
    }
  }
  double io = 0;
  double discovery = 0;
  double total = 0;
  std::size_t borrowers = 0;
  for (auto _ : state) {
    auto mon = make_monitor();
    if (!mon) {
      state.SkipWithError(mon.error().message.c_str());
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    auto report = mon->step(true);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!report) {
      state.SkipWithError(report.error().message.c_str());
      return;
    }
    io += std::chrono::duration<double>(report->discovery_time + report->read_time).count();
    discovery += std::chrono::duration<double>(report->discovery_time).count();
    borrowers = report->borrowers;
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["borrowers"] = static_cast<double>(borrowers);
  state.counters["io_share"] = total > 0 ? io / total : 0;
  state.counters["seconds_per_cycle"] = total / cycles;
  std::fprintf(stderr, "monitor_full_cycle: %zu borrowers, %.2f s per full cycle, %.1f%% waiting on I/O (subgraph %.2f s, "
               "chain reads %.2f s), evaluation %.2f s\n",
               borrowers, total / cycles, total > 0 ? 100.0 * io / total : 0.0, discovery / cycles,
               (io - discovery) / cycles, (total - io) / cycles);
}

}  // namespace

int main(int argc, char** argv) {
  const char* rpc_url = std::getenv("LB_RPC_URL");
  const char* subgraph_url = std::getenv("LB_SUBGRAPH_URL");
  const char* provider = std::getenv("LB_ADDRESSES_PROVIDER");
  if (rpc_url != nullptr && subgraph_url != nullptr && provider != nullptr)
    benchmark::RegisterBenchmark("monitor_full_cycle", monitor_full_cycle, std::string(rpc_url), std::string(subgraph_url),
                                 std::string(provider))
        ->Unit(benchmark::kSecond)
        ->Iterations(2);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
