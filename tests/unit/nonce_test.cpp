// Nonce manager against a scripted chain (the on-chain version is tests/integration/nonce_chain.cpp):
// concurrent hand-out, release/refill, resync, gap detection, restart from the store, one writer.
#include <liquidbot/nonce.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <unistd.h>

using namespace liquidbot;

namespace {

class FakeChain final : public NonceSource {
 public:
  std::atomic<std::uint64_t> pending{0};
  std::atomic<std::uint64_t> mined{0};
  std::atomic<int> calls{0};
  bool fail = false;
  Result<std::uint64_t> pending_nonce(const Address&) override {
    ++calls;
    if (fail) return make_error(Errc::io, "fake: node down");
    return pending.load();
  }
  Result<std::uint64_t> mined_nonce(const Address&) override {
    if (fail) return make_error(Errc::io, "fake: node down");
    return mined.load();
  }
};

const Address kSigner = Address::parse("0x9999999999999999999999999999999999999999").value();

std::string temp_db() {
  const auto dir = std::filesystem::temp_directory_path() / ("lb_nonce_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / "n.db").string();
}

}  // namespace

TEST_CASE("nonce: starts at the pending count; concurrent acquires are distinct and consecutive") {
  FakeChain chain;
  chain.pending = 17;
  auto manager = NonceManager::create(8453, kSigner, chain, nullptr).value();
  CHECK(manager->peek_next() == 17);
  std::vector<std::uint64_t> got(8 * 250);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i) got[static_cast<std::size_t>(t * 250 + i)] = manager->acquire().value();
    });
  for (auto& th : threads) th.join();
  std::sort(got.begin(), got.end());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == 17 + i);
  CHECK(manager->peek_next() == 17 + 2000);
}

TEST_CASE("nonce: one manager per key in a process") {
  FakeChain chain;
  auto first = NonceManager::create(8453, kSigner, chain, nullptr).value();
  auto second = NonceManager::create(8453, kSigner, chain, nullptr);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == Errc::state);
  CHECK(NonceManager::create(1, kSigner, chain, nullptr).ok());  // other chain: fine
  first.reset();
  CHECK(NonceManager::create(8453, kSigner, chain, nullptr).ok());
  chain.fail = true;
  CHECK(NonceManager::create(8453, kSigner, chain, nullptr).error().code == Errc::io);
  chain.fail = false;
  CHECK(NonceManager::create(8453, kSigner, chain, nullptr).ok());  // the failed create freed its slot
}

TEST_CASE("nonce: released nonces are reused first; released at the top lowers next") {
  FakeChain chain;
  chain.pending = 5;
  auto m = NonceManager::create(8453, kSigner, chain, nullptr).value();
  CHECK(m->acquire().value() == 5);
  CHECK(m->acquire().value() == 6);
  CHECK(m->acquire().value() == 7);
  m->release(6);
  CHECK(m->released() == std::vector<std::uint64_t>{6});
  CHECK(m->acquire().value() == 6);
  m->release(7);
  CHECK(m->peek_next() == 7);
  m->release(99);  // never handed out: ignored
  CHECK(m->acquire().value() == 7);
}

TEST_CASE("nonce: resync on nonce too low moves next up to the chain") {
  FakeChain chain;
  chain.pending = 3;
  auto m = NonceManager::create(8453, kSigner, chain, nullptr).value();
  CHECK(m->acquire().value() == 3);
  m->release(3);  // lowers next to 3
  CHECK(m->acquire().value() == 3);
  CHECK(m->acquire().value() == 4);
  m->release(3);
  chain.pending = 10;  // another writer (or a wallet) used nonces up to 9
  CHECK(m->resync().value() == 10);
  CHECK(m->released().empty());
  CHECK(m->acquire().value() == 10);
  chain.fail = true;
  CHECK(m->resync().error().code == Errc::io);
}

TEST_CASE("nonce: gaps are every nonce between the chain's pending count and next") {
  FakeChain chain;
  chain.pending = 0;
  auto m = NonceManager::create(8453, kSigner, chain, nullptr).value();
  for (int i = 0; i < 5; ++i) (void)m->acquire().value();
  m->release(3);
  // 0 and 1 are in the pool, 2 was dropped: the node's pending count stops at 2.
  chain.pending = 2;
  chain.mined = 1;
  auto gaps = m->detect_gaps().value();
  CHECK(gaps.chain_pending == 2);
  CHECK(gaps.chain_mined == 1);
  CHECK(gaps.next == 5);
  CHECK(gaps.missing == std::vector<std::uint64_t>{2, 3, 4});
  CHECK(m->released().empty());          // 3 now belongs to the gap filler
  CHECK(m->acquire().value() == 5);
  chain.pending = 6;
  CHECK(m->detect_gaps().value().missing.empty());
  chain.pending = 9;  // chain ahead
  auto ahead = m->detect_gaps().value();
  CHECK(ahead.missing.empty());
  CHECK(ahead.next == 9);

  const FeeQuote fees{u256{1}, u256{2}, u256{3}};
  const Transaction filler = make_gap_filler(8453, kSigner, 2, fees);
  CHECK(filler.nonce == 2);
  CHECK(filler.to == std::optional<Address>{kSigner});
  CHECK(filler.value.is_zero());
  CHECK(filler.gas_limit == 21000);
  CHECK(filler.max_fee_per_gas == u256{3});
  CHECK(validate(filler).ok());
}

TEST_CASE("nonce: survives a restart through the store") {
  const std::string db = temp_db();
  FakeChain chain;
  chain.pending = 4;
  {
    auto store = open_sqlite_store(db).value();
    auto m = NonceManager::create(8453, kSigner, chain, store.get()).value();
    CHECK(m->acquire().value() == 4);
    CHECK(m->acquire().value() == 5);
    CHECK(store->next_nonce(8453, kSigner).value() == std::optional<std::uint64_t>{6});
  }
  // Crash before 4 and 5 reached the node: the chain still says 4, the store says 6.
  {
    auto store = open_sqlite_store(db).value();
    auto m = NonceManager::create(8453, kSigner, chain, store.get()).value();
    CHECK(m->peek_next() == 6);
    CHECK(m->detect_gaps().value().missing == std::vector<std::uint64_t>{4, 5});
  }
  // The chain moved past the store (the key was used elsewhere).
  chain.pending = 30;
  {
    auto store = open_sqlite_store(db).value();
    auto m = NonceManager::create(8453, kSigner, chain, store.get()).value();
    CHECK(m->peek_next() == 30);
    CHECK(store->next_nonce(8453, kSigner).value() == std::optional<std::uint64_t>{30});
  }
  std::filesystem::remove_all(std::filesystem::path(db).parent_path());
}
