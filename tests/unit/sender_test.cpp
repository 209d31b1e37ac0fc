// Sender state machine against an in-memory node model: a pool keyed by nonce that applies geth's
// replacement rule (both caps >= old*110/100 and strictly higher, written out here independently of
// fees.hpp), mines on request, can drop its pool, refuse with scripted node errors or fail the
// transport. The store is a real SQLite ":memory:" database. Chain-level behaviour (automine off +
// drop, nonce gaps, SIGKILL) is covered by tests/integration/sender_*.
#include <liquidbot/sender.hpp>

#include <doctest/doctest.h>

#include <deque>
#include <map>

using namespace liquidbot;

namespace {

struct KeySigner final : Signer {
  PrivateKey key = std::move(PrivateKey::from_hex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")).value();
  [[nodiscard]] Address address() const override { return key.address(); }
  Status sign_transaction(Transaction& tx) override { return sign(tx, key); }
  [[nodiscard]] std::string_view kind() const noexcept override { return "test"; }
};

struct ScriptedError {
  rpc::ErrorKind kind;
  std::string message;
};

struct ModelNode final : SendBackend {
  std::uint64_t block = 100;
  std::uint64_t account_nonce = 0;            // mined nonce of the executor
  std::map<std::uint64_t, Transaction> pool;  // by nonce
  std::map<std::string, rpc::Receipt> receipts;  // by tx hash hex
  std::deque<ScriptedError> refusals;
  int transport_failures = 0;
  int sends = 0;
  bool revert_on_chain = false;
  FeeQuote market{u256{}, u256{1'000'000}, u256{2'000'000'000}};

  static bool replaces(const Transaction& old_tx, const Transaction& new_tx) {
    const u256 fee_floor = old_tx.max_fee_per_gas * u256{110} / u256{100};
    const u256 tip_floor = old_tx.max_priority_fee_per_gas * u256{110} / u256{100};
    return new_tx.max_fee_per_gas > old_tx.max_fee_per_gas &&
           new_tx.max_priority_fee_per_gas > old_tx.max_priority_fee_per_gas &&
           new_tx.max_fee_per_gas >= fee_floor && new_tx.max_priority_fee_per_gas >= tip_floor;
  }

  Result<Hash> send_raw(ByteView raw, rpc::NodeError* node_error) override {
    ++sends;
    if (transport_failures > 0) {
      --transport_failures;
      return make_error(Errc::timeout, "http: timed out");
    }
    auto refuse = [&](rpc::ErrorKind kind, std::string message) -> Result<Hash> {
      node_error->kind = kind;
      node_error->message = message;
      node_error->code = -32000;
      return make_error(Errc::rpc, std::move(message));
    };
    if (!refusals.empty()) {
      auto r = refusals.front();
      refusals.pop_front();
      return refuse(r.kind, r.message);
    }
    auto decoded = decode_transaction(raw);
    REQUIRE(decoded.ok());
    const auto& tx = decoded->tx;
    if (tx.nonce < account_nonce) return refuse(rpc::ErrorKind::nonce_too_low, "nonce too low");
    auto it = pool.find(tx.nonce);
    if (it != pool.end()) {
      if (*tx_hash(it->second) == decoded->hash) return refuse(rpc::ErrorKind::already_known, "already known");
      if (!replaces(it->second, tx))
        return refuse(rpc::ErrorKind::replacement_underpriced, "replacement transaction underpriced");
    }
    pool[tx.nonce] = tx;
    return decoded->hash;
  }
  Result<std::optional<rpc::Receipt>> receipt(const Hash& hash) override {
    auto it = receipts.find(hex_encode(hash.bytes));
    if (it == receipts.end()) return std::optional<rpc::Receipt>{};
    return std::optional<rpc::Receipt>{it->second};
  }
  Result<std::uint64_t> block_number() override { return block; }
  Result<FeeQuote> fee_quote() override { return market; }

  // Mines one block: includes the pooled transaction at the account nonce (if any).
  void mine() {
    ++block;
    auto it = pool.find(account_nonce);
    if (it == pool.end()) return;
    rpc::Receipt r;
    r.transaction_hash = *tx_hash(it->second);
    r.block_number = block;
    r.status = !revert_on_chain;
    r.gas_used = 50'000;
    r.effective_gas_price = it->second.max_fee_per_gas;
    receipts[hex_encode(r.transaction_hash.bytes)] = r;
    pool.erase(it);
    ++account_nonce;
  }
};

Transaction make_tx(std::uint64_t nonce) {
  Transaction tx;
  tx.type = TxType::dynamic_fee;
  tx.chain_id = 8453;
  tx.nonce = nonce;
  tx.max_priority_fee_per_gas = u256{1'000'000};
  tx.max_fee_per_gas = u256{1'000'000'000};
  tx.gas_limit = 200'000;
  tx.to = *Address::parse("0xA238Dd80C259a72e81d7e4664a9801593F98d1c5");
  tx.data = Bytes{0x57, 0x3a, 0xde, 0x81};
  return tx;
}

struct Fixture {
  std::unique_ptr<Store> store = std::move(open_sqlite_store(":memory:")).value();
  KeySigner signer;
  ModelNode node;
  SenderPolicy policy;
  Address user = *Address::parse("0x1111111111111111111111111111111111111111");

  std::string new_intent(std::string_view trigger) {
    Intent intent;
    intent.id = make_intent_id(8453, user, trigger);
    intent.chain_id = 8453;
    intent.user = user;
    intent.trigger = std::string(trigger);
    intent.strategy = "repay";
    intent.signer = signer.address();
    intent.state = IntentState::planned;
    REQUIRE(*store->create_intent(intent));
    REQUIRE(store->transition_intent(intent.id, IntentState::simulated, "simulated").ok());
    return intent.id;
  }
  IntentState state_of(const std::string& id) { return (*store->intent(id))->state; }
};

}  // namespace

TEST_CASE("submit, include, record") {
  Fixture f;
  Sender sender(f.node, f.signer, *f.store, nullptr, f.policy);
  const auto id = f.new_intent("hf<act@block:100");
  auto sent = sender.submit(id, make_tx(0), u256{1234});
  REQUIRE(sent.ok());
  CHECK(sent->state == TrackState::pending);
  CHECK(f.state_of(id) == IntentState::sent);
  auto attempts = *f.store->attempts(id);
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].l1_fee_estimate == u256{1234});
  CHECK((*decode_transaction(attempts[0].raw_tx)).from == f.signer.address());
  f.node.mine();
  auto done = sender.poll(id);
  REQUIRE(done.ok());
  CHECK(done->state == TrackState::included);
  REQUIRE(done->receipt.has_value());
  CHECK(done->receipt->transaction_hash == attempts[0].tx_hash);
  CHECK(f.state_of(id) == IntentState::included);
  CHECK(sender.tracked().empty());
  // The same trigger cannot become a second intent.
  Intent again;
  again.id = id;
  again.chain_id = 8453;
  again.user = f.user;
  again.trigger = "hf<act@block:100";
  again.strategy = "repay";
  CHECK_FALSE(*f.store->create_intent(again));
  // Only a simulated intent is submitted.
  CHECK(sender.submit(id, make_tx(1), u256{}).error().code == Errc::state);
}

TEST_CASE("dropped from the pool: replaced with both fees bumped >= 10%") {
  Fixture f;
  f.policy.blocks_before_replacement = 2;
  Sender sender(f.node, f.signer, *f.store, nullptr, f.policy);
  const auto id = f.new_intent("t1");
  REQUIRE(sender.submit(id, make_tx(0), u256{}).ok());
  f.node.pool.clear();  // dropped
  f.node.block += 1;
  auto early = sender.poll(id);  // not due yet
  CHECK(early->state == TrackState::pending);
  CHECK_FALSE(early->replaced);
  CHECK(f.store->attempts(id)->size() == 1);
  f.node.block += 1;
  auto replaced = sender.poll(id);
  REQUIRE(replaced.ok());
  CHECK(replaced->state == TrackState::pending);
  CHECK(replaced->replaced);
  auto attempts = *f.store->attempts(id);
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[1].nonce == attempts[0].nonce);
  CHECK(attempts[1].max_fee_per_gas * u256{100} >= attempts[0].max_fee_per_gas * u256{110});
  CHECK(attempts[1].max_priority_fee_per_gas * u256{100} >= attempts[0].max_priority_fee_per_gas * u256{110});
  CHECK(f.node.pool.count(0) == 1);
  f.node.mine();
  auto done = sender.poll(id);
  CHECK(done->state == TrackState::included);
  CHECK(done->receipt->transaction_hash == attempts[1].tx_hash);
}

TEST_CASE("stuck in the pool: replacement accepted by the pool's rule, then give-up after max attempts") {
  Fixture f;
  f.policy.blocks_before_replacement = 1;
  f.policy.max_attempts = 3;
  Sender sender(f.node, f.signer, *f.store, nullptr, f.policy);
  const auto id = f.new_intent("t2");
  REQUIRE(sender.submit(id, make_tx(0), u256{}).ok());
  for (int i = 0; i < 2; ++i) {
    f.node.block += 1;
    auto r = sender.poll(id);
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::pending);
    CHECK(r->reason.empty());
  }
  CHECK(f.store->attempts(id)->size() == 3);
  CHECK(*tx_hash(f.node.pool.at(0)) == f.store->attempts(id)->back().tx_hash);
  f.node.block += 1;
  auto r = sender.poll(id);
  REQUIRE(r.ok());
  CHECK(r->state == TrackState::given_up);
  CHECK(r->alert);
  CHECK(r->reason.find("not included after 3 attempts") == 0);
  CHECK(f.state_of(id) == IntentState::given_up);
}

TEST_CASE("node answers") {
  Fixture f;
  Sender sender(f.node, f.signer, *f.store, nullptr, f.policy);

  SUBCASE("already known is sent") {
    const auto id = f.new_intent("a");
    f.node.refusals.push_back({rpc::ErrorKind::already_known, "already known"});
    auto r = sender.submit(id, make_tx(0), u256{});
    CHECK(r->state == TrackState::pending);
    CHECK(r->reason.empty());
  }
  SUBCASE("insufficient funds: failed, alert, nothing retried") {
    const auto id = f.new_intent("b");
    f.node.refusals.push_back({rpc::ErrorKind::insufficient_funds, "insufficient funds for gas * price + value"});
    auto r = sender.submit(id, make_tx(0), u256{});
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::failed);
    CHECK(r->alert);
    CHECK(r->reason == "insufficient executor funds: insufficient funds for gas * price + value");
    CHECK(f.state_of(id) == IntentState::failed);
    CHECK(f.node.sends == 1);
    CHECK(sender.tracked().empty());
  }
  SUBCASE("underpriced: bumped and re-sent at once") {
    const auto id = f.new_intent("c");
    f.node.refusals.push_back({rpc::ErrorKind::underpriced, "transaction underpriced"});
    auto r = sender.submit(id, make_tx(0), u256{});
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::pending);
    CHECK(f.store->attempts(id)->size() == 2);
    CHECK(f.node.pool.count(0) == 1);
  }
  SUBCASE("transport failures: the same bytes are re-sent") {
    const auto id = f.new_intent("d");
    f.node.transport_failures = 2;
    auto r = sender.submit(id, make_tx(0), u256{});
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::pending);
    CHECK(r->reason.empty());
    CHECK(f.node.sends == 3);
    CHECK(f.store->attempts(id)->size() == 1);
  }
  SUBCASE("transport down: recorded, tracked, replaced later") {
    const auto id = f.new_intent("e");
    f.node.transport_failures = 100;
    auto r = sender.submit(id, make_tx(0), u256{});
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::pending);
    CHECK(r->alert);
    CHECK(r->reason.find("broadcast failed, will retry: http: timed out") == 0);
    CHECK(f.state_of(id) == IntentState::sent);
    f.node.transport_failures = 0;
    f.node.block += f.policy.blocks_before_replacement;
    CHECK(sender.poll(id)->state == TrackState::pending);
    CHECK(f.node.pool.count(0) == 1);
  }
  SUBCASE("reverted on chain") {
    const auto id = f.new_intent("f");
    REQUIRE(sender.submit(id, make_tx(0), u256{}).ok());
    f.node.revert_on_chain = true;
    f.node.mine();
    auto r = sender.poll(id);
    CHECK(r->state == TrackState::reverted);
    CHECK(f.state_of(id) == IntentState::failed);
    CHECK(r->reason.find("reverted on chain in block 101") == 0);
  }
  SUBCASE("nonce too low after our own earlier attempt was mined") {
    const auto id = f.new_intent("g");
    f.policy.blocks_before_replacement = 1;
    Sender s(f.node, f.signer, *f.store, nullptr, f.policy);
    REQUIRE(s.submit(id, make_tx(0), u256{}).ok());
    f.node.mine();  // mined, but the sender has not polled yet
    f.node.block += 1;
    f.node.receipts.clear();  // the receipt lookup lags: the replacement meets "nonce too low"
    auto mined = f.node.pool;  // empty
    CHECK(mined.empty());
    auto r = s.poll(id);
    REQUIRE(r.ok());
    CHECK(r->state == TrackState::failed);
    CHECK(r->reason.find("nonce too low") != std::string::npos);
  }
}

TEST_CASE("restart: reconcile closes mined intents, resumes pending ones, consumes unsent ones") {
  Fixture f;
  std::string mined_id, pending_id, unsent_id;
  {
    Sender before(f.node, f.signer, *f.store, nullptr, f.policy);
    mined_id = f.new_intent("m");
    pending_id = f.new_intent("p");
    unsent_id = f.new_intent("u");
    REQUIRE(before.submit(mined_id, make_tx(0), u256{}).ok());
    REQUIRE(before.submit(pending_id, make_tx(1), u256{}).ok());
    f.node.mine();  // nonce 0 mined while the process is down
    f.node.pool.clear();  // and the node restarted with an empty pool
  }
  Sender after(f.node, f.signer, *f.store, nullptr, f.policy);
  auto results = after.reconcile();
  REQUIRE(results.ok());
  CHECK(results->at(mined_id).state == TrackState::included);
  CHECK(results->at(pending_id).state == TrackState::pending);
  CHECK(results->at(unsent_id).state == TrackState::failed);
  CHECK(results->at(unsent_id).reason == "interrupted before send");
  CHECK(f.state_of(mined_id) == IntentState::included);
  CHECK(f.state_of(unsent_id) == IntentState::failed);
  // The pending one was re-broadcast with its recorded bytes: no new attempt, no second transaction.
  CHECK(f.store->attempts(pending_id)->size() == 1);
  REQUIRE(f.node.pool.count(1) == 1);
  CHECK(*tx_hash(f.node.pool.at(1)) == f.store->attempts(pending_id)->front().tx_hash);
  f.node.mine();
  CHECK(after.poll(pending_id)->state == TrackState::included);
  // A second reconcile finds nothing open.
  CHECK(after.reconcile()->empty());
}
