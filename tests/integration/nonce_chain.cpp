// Nonce manager on the test-bed chain: concurrent intents from threads get distinct consecutive
// nonces that all get mined; "nonce too low" from the node triggers a resync; a nonce dropped before
// reaching the node is detected as a gap and filled; a restart continues from the store.
#include <liquidbot/nonce.hpp>
#include <liquidbot/signer.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace liquidbot;

namespace {

rpc::Client connect(const char* variable = "LB_RPC_URL") {
  const char* url = std::getenv(variable);
  REQUIRE_MESSAGE(url != nullptr, variable, " is not set (run under tests/js/testbed.mjs run)");
  auto client = rpc::Client::connect({url});
  REQUIRE_MESSAGE(client.ok(), client.error().message);
  return std::move(client).value();
}

// A fresh key funded with 1000 ETH (hardhat_setBalance), so other tests' nonces do not interfere.
std::unique_ptr<Signer> funded_signer(rpc::Client& client, std::string_view hex_key) {
  auto signer = local_signer_from_hex(hex_key).value();
  auto reply = client.request("hardhat_setBalance",
                              fmt::format(R"(["{}","0x3635c9adc5dea00000"])", signer->address().to_hex())).value();
  REQUIRE(reply.ok());
  return signer;
}

Bytes signed_transfer(Signer& signer, std::uint64_t nonce, const FeeQuote& fees) {
  Transaction tx = make_gap_filler(8453, signer.address(), nonce, fees);
  REQUIRE(signer.sign_transaction(tx).ok());
  return encode(tx).value();
}

FeeQuote fees_now(rpc::Client& client) {
  FeePolicy policy;
  auto q = fetch_fee_quote(client, policy);
  REQUIRE_MESSAGE(q.ok(), q.error().message);
  return *q;
}

}  // namespace

TEST_CASE("nonce on chain: concurrent intents, nonce too low, gap fill, restart") {
  rpc::Client client = connect();
  auto signer = funded_signer(client, "0x5c1a3f0d8e62b7a41f9c0e2d4b6a8c1e3f5a7b9d0c2e4f6a8b1d3f5e7a9c0b21");
  const Address me = signer->address();
  rpc::Client source_client = connect();
  RpcNonceSource source(source_client);
  const auto dir = std::filesystem::temp_directory_path() / ("lb_nonce_chain_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "n.db").string();
  const FeeQuote fees = fees_now(client);

  {
    auto store = open_sqlite_store(db).value();
    auto manager = NonceManager::create(8453, me, source, store.get()).value();
    const std::uint64_t start = manager->peek_next();
    CHECK(start == client.get_transaction_count(me, rpc::BlockTag::pending()).value());

    SUBCASE("concurrent intents get distinct consecutive nonces, all mined") {
      constexpr int kThreads = 6;
      constexpr int kPerThread = 5;
      std::vector<std::vector<std::uint64_t>> got(kThreads);
      std::vector<std::thread> threads;
      std::atomic<int> send_failures{0};
      for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
          rpc::Client own = connect();  // the client is not thread-safe: one per thread
          for (int i = 0; i < kPerThread; ++i) {
            const std::uint64_t n = manager->acquire().value();
            got[static_cast<std::size_t>(t)].push_back(n);
            rpc::NodeError node_error;
            if (!own.send_raw_transaction(signed_transfer(*signer, n, fees), &node_error).ok()) ++send_failures;
          }
        });
      for (auto& th : threads) th.join();
      CHECK(send_failures == 0);
      std::vector<std::uint64_t> all;
      for (const auto& v : got) all.insert(all.end(), v.begin(), v.end());
      std::sort(all.begin(), all.end());
      for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i] == start + i);
      // Nonces sent out of order wait in the pool until the lower ones arrive; mine them out.
      for (int i = 0; i < 10 && client.get_transaction_count(me, rpc::BlockTag::latest()).value() < start + all.size(); ++i)
        REQUIRE(client.request("evm_mine", "[]").value().ok());
      CHECK(client.get_transaction_count(me, rpc::BlockTag::latest()).value() == start + all.size());
      CHECK(manager->detect_gaps().value().missing.empty());

      // Nonce too low: re-sending an old nonce with other bytes is refused; resync keeps next.
      rpc::NodeError node_error;
      FeeQuote other = fees;
      other.max_fee_per_gas = other.max_fee_per_gas + u256{1};
      auto stale = client.send_raw_transaction(signed_transfer(*signer, start, other), &node_error);
      REQUIRE_FALSE(stale.ok());
      CHECK(node_error.kind == rpc::ErrorKind::nonce_too_low);
      CHECK(manager->resync().value() == start + all.size());

      // Someone else uses the key: the node's count moves past ours; resync follows it.
      const std::uint64_t external = manager->peek_next();
      REQUIRE(client.send_raw_transaction(signed_transfer(*signer, external, fees)).ok());
      CHECK(manager->resync().value() == external + 1);
    }

    SUBCASE("a nonce that never reached the node is a gap; filling it releases the queued one") {
      const std::uint64_t lost = manager->acquire().value();
      const std::uint64_t queued = manager->acquire().value();
      // Only the higher one is sent, to the raw node (nothing mines it; it waits for `lost`).
      rpc::Client node = connect("LB_NODE_RPC_URL");
      REQUIRE(node.send_raw_transaction(signed_transfer(*signer, queued, fees)).ok());
      auto gaps = manager->detect_gaps().value();
      CHECK(gaps.chain_pending == lost);
      CHECK(gaps.missing == std::vector<std::uint64_t>{lost, queued});
      // `queued` is in the pool (the stored attempt would be re-broadcast: "already known");
      // `lost` gets a filler.
      REQUIRE(client.send_raw_transaction(signed_transfer(*signer, lost, fees)).ok());
      for (int i = 0; i < 5 && client.get_transaction_count(me, rpc::BlockTag::latest()).value() < queued + 1; ++i)
        REQUIRE(client.request("evm_mine", "[]").value().ok());
      CHECK(client.get_transaction_count(me, rpc::BlockTag::latest()).value() == queued + 1);
      CHECK(manager->detect_gaps().value().missing.empty());
    }
  }

  SUBCASE("restart: acquired-but-unsent nonces come back as gaps from the store") {
    std::uint64_t first = 0;
    {
      auto store = open_sqlite_store(db).value();
      auto manager = NonceManager::create(8453, me, source, store.get()).value();
      first = manager->acquire().value();
      (void)manager->acquire().value();
      // crash here: neither was sent
    }
    auto store = open_sqlite_store(db).value();
    auto manager = NonceManager::create(8453, me, source, store.get()).value();
    CHECK(manager->peek_next() == first + 2);
    auto gaps = manager->detect_gaps().value();
    CHECK(gaps.missing == std::vector<std::uint64_t>{first, first + 1});
    for (std::uint64_t n : gaps.missing) REQUIRE(client.send_raw_transaction(signed_transfer(*signer, n, fees)).ok());
    CHECK(client.get_transaction_count(me, rpc::BlockTag::latest()).value() == first + 2);
    CHECK(manager->acquire().value() == first + 2);
  }
  std::filesystem::remove_all(dir);
}
