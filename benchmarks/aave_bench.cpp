// Account data for 100,000 users of 3-5 reserves each on one core: the batch path
// (aave_account_data_batch, ns per user) and the single-snapshot path (aave_account_data). The users
// come from the same deterministic generator as benchmarks/peers/aave.mjs (@aave/math-utils).
// Revision 3.6 (what Base runs); aave_account_data_batch_v3_0 repeats the batch under 3.0 rules
// (what the local test chain, @aave/core-v3 1.19.3, runs).
#include <benchmark/benchmark.h>

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/batch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::aave;

namespace {

constexpr std::uint64_t kTimestamp = 1760000000;
constexpr std::size_t kUsers = 100000;

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

u256 dec(const char* text) { return u256::from_dec(text).value(); }

struct ReserveSpec {
  std::uint16_t ltv, lt;
  std::uint8_t decimals;
  const char* price;
};
// Keep in sync with benchmarks/peers/aave.mjs.
constexpr ReserveSpec kSpecs[8] = {
    {8000, 8300, 18, "300012345678"}, {7450, 7700, 18, "330012345678"}, {7500, 7800, 6, "99991234"},
    {7100, 7600, 18, "360012345678"}, {7500, 7800, 6, "100001234"},    {7250, 7500, 18, "310012345678"},
    {7300, 7800, 8, "9500012345678"}, {0, 0, 18, "100000000"}};

Snapshot market_snapshot(Revision revision) {
  Snapshot s;
  s.revision = revision;
  s.timestamp = kTimestamp;
  s.base_currency_unit = u256{100000000};
  for (std::uint16_t i = 0; i < 8; ++i) {
    Reserve r;
    r.asset.bytes[19] = static_cast<std::uint8_t>(i + 1);
    r.id = i;
    ReserveConfig c;
    c.ltv = kSpecs[i].ltv;
    c.liquidation_threshold = kSpecs[i].lt;
    c.liquidation_bonus = 10500;
    c.decimals = kSpecs[i].decimals;
    c.active = true;
    c.borrowing_enabled = true;
    r.configuration = c.encode().value();
    r.config = c;
    r.liquidity_index = dec("1034567890123456789012345678") + u256{i};
    r.current_liquidity_rate = dec("18234567890123456789012345") + u256{i};
    r.variable_borrow_index = dec("1151234567890123456789012345") + u256{i};
    r.current_variable_borrow_rate = dec("61234567890123456789012345") + u256{i};
    r.last_update_timestamp = kTimestamp - 3600 * (i + 1);
    r.price = dec(kSpecs[i].price);
    s.reserves.push_back(r);
  }
  return s;
}

u256 pow10(unsigned n) {
  u256 v{1};
  for (unsigned i = 0; i < n; ++i) v *= u256{10};
  return v;
}

// User u: 3-5 distinct reserves; the first is collateral, the second borrowed, the rest random.
UserState make_user(const Snapshot& market, std::uint64_t u) {
  std::uint64_t state = 0x5eed0000ULL + u;
  UserState user;
  user.address.bytes[0] = 0xAA;
  user.address.bytes[19] = static_cast<std::uint8_t>(u);
  const unsigned n = 3 + static_cast<unsigned>(splitmix(state) % 3);
  bool used[8] = {};
  for (unsigned k = 0; k < n; ++k) {
    unsigned id = static_cast<unsigned>(splitmix(state) % 8);
    while (used[id]) id = (id + 1) % 8;
    used[id] = true;
    const std::uint64_t flags = splitmix(state);
    const bool collateral = k == 0 || (k != 1 && (flags & 1) != 0);
    const bool borrowed = k == 1 || (k != 0 && (flags & 2) != 0);
    const unsigned decimals = market.reserves[id].config.decimals;
    Position p;
    p.asset = market.reserves[id].asset;
    const u256 unit = pow10(decimals - 3);
    if (collateral) p.scaled_atoken_balance = u256{splitmix(state) % 1000000 + 1} * unit;
    if (borrowed) p.scaled_variable_debt = u256{splitmix(state) % 300000 + 1} * unit;
    if (collateral) user.configuration |= u256{1} << (2 * id + 1);
    if (borrowed) user.configuration |= u256{1} << (2 * id);
    user.positions.push_back(p);
  }
  return user;
}

struct Fixture {
  Snapshot snapshot;
  Market market;
  UserBook book;
  std::vector<UserState> users;
  explicit Fixture(Revision revision)
      : snapshot(market_snapshot(revision)), market(Market::from_snapshot(snapshot).value()) {
    users.reserve(kUsers);
    for (std::uint64_t u = 0; u < kUsers; ++u) {
      users.push_back(make_user(snapshot, u));
      if (!book.add(market, users.back()).ok()) std::abort();
    }
  }
};

const Fixture& fixture(Revision revision = Revision::v3_6) {
  if (revision == Revision::v3_0) {
    static const Fixture v30(Revision::v3_0);
    return v30;
  }
  static const Fixture v36(Revision::v3_6);
  return v36;
}

void batch_at(benchmark::State& state, Revision revision) {
  const Fixture& f = fixture(revision);
  std::vector<AccountData> out(kUsers);
  std::vector<Errc> status(kUsers);
  double total_ns = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    if (!evaluate_all(f.market, f.book, out, status).ok()) std::abort();
    benchmark::DoNotOptimize(out.data());
    total_ns += std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  }
  for (Errc e : status)
    if (e != Errc::ok) std::abort();
  // The batch must agree with the single-snapshot path (checked against the chain and the model).
  Snapshot s = f.snapshot;
  for (std::size_t u = 0; u < kUsers; u += 97) {
    s.user = f.users[u];
    if (!(account_data(s).value() == out[u])) std::abort();
  }
  const auto items = state.iterations() * static_cast<benchmark::IterationCount>(kUsers);
  state.SetItemsProcessed(items);
  state.counters["ns_per_item"] = benchmark::Counter(total_ns / static_cast<double>(items));
}

void aave_account_data_batch(benchmark::State& state) { batch_at(state, Revision::v3_6); }
BENCHMARK(aave_account_data_batch)->Unit(benchmark::kMillisecond);
void aave_account_data_batch_v3_0(benchmark::State& state) { batch_at(state, Revision::v3_0); }
BENCHMARK(aave_account_data_batch_v3_0)->Unit(benchmark::kMillisecond);

// The single-snapshot path, one user at a time (what a caller without a Market would do).
void aave_account_data(benchmark::State& state) {
  const Fixture& f = fixture();
  Snapshot s = f.snapshot;
  std::size_t u = 0;
  for (auto _ : state) {
    s.user = f.users[u];
    auto data = account_data(s);
    if (!data.ok()) std::abort();
    benchmark::DoNotOptimize(data);
    u = (u + 1) % kUsers;
  }
}
BENCHMARK(aave_account_data);

}  // namespace

BENCHMARK_MAIN();
