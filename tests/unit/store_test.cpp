// SQLite store on a real database file in a temp dir: migrations (fresh, v1 -> v2 upgrade with data,
// newer-than-build refusal), WAL mode, enrollments, intent lifecycle and dedup by trigger, attempts,
// interventions, nonces, and records surviving a reopen and a killed writer process.
#include <liquidbot/keccak.hpp>
#include <liquidbot/store.hpp>

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

using namespace liquidbot;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("lb_store_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  [[nodiscard]] std::string db() const { return (path / "liquidbot.db").string(); }
};

const Address kUser = Address::parse("0x1111111111111111111111111111111111111111").value();
const Address kUser2 = Address::parse("0x2222222222222222222222222222222222222222").value();
const Address kSigner = Address::parse("0x9999999999999999999999999999999999999999").value();

Intent make_intent(std::string_view trigger) {
  Intent i;
  i.chain_id = 8453;
  i.user = kUser;
  i.trigger = trigger;
  i.id = make_intent_id(8453, kUser, trigger);
  i.strategy = "repay";
  i.signer = kSigner;
  i.payload = R"({"asset":"USDC","amount":"1000"})";
  return i;
}

std::string sql_text(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

void sql_exec(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  CHECK_MESSAGE(rc == SQLITE_OK, (message != nullptr ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("store: intent ids are derived from the trigger (keccak of a fixed layout)") {
  const std::string id = make_intent_id(8453, kUser, "hf<act@block:100");
  CHECK(id == make_intent_id(8453, kUser, "hf<act@block:100"));
  CHECK(id != make_intent_id(8453, kUser, "hf<act@block:101"));
  CHECK(id != make_intent_id(1, kUser, "hf<act@block:100"));
  CHECK(id != make_intent_id(8453, kUser2, "hf<act@block:100"));
  // Independent layout check: keccak256("liquidbot.intent/1" || be64(8453) || user || trigger).
  Bytes preimage(as_bytes("liquidbot.intent/1").begin(), as_bytes("liquidbot.intent/1").end());
  const std::uint8_t chain[8] = {0, 0, 0, 0, 0, 0, 0x21, 0x05};
  preimage.insert(preimage.end(), chain, chain + 8);
  preimage.insert(preimage.end(), kUser.bytes.begin(), kUser.bytes.end());
  const auto trigger = as_bytes("hf<act@block:100");
  preimage.insert(preimage.end(), trigger.begin(), trigger.end());
  CHECK(id == keccak256(preimage).to_hex());
}

TEST_CASE("store: lifecycle transitions") {
  using S = IntentState;
  CHECK(is_valid_transition(S::planned, S::simulated));
  CHECK(is_valid_transition(S::simulated, S::sent));
  CHECK(is_valid_transition(S::sent, S::included));
  CHECK(is_valid_transition(S::sent, S::replaced));
  CHECK(is_valid_transition(S::replaced, S::sent));
  CHECK(is_valid_transition(S::replaced, S::included));
  CHECK(is_valid_transition(S::planned, S::failed));
  CHECK(is_valid_transition(S::sent, S::given_up));
  CHECK_FALSE(is_valid_transition(S::planned, S::sent));
  CHECK_FALSE(is_valid_transition(S::included, S::failed));
  CHECK_FALSE(is_valid_transition(S::given_up, S::sent));
  CHECK_FALSE(is_valid_transition(S::sent, S::simulated));
  for (int i = 0; i <= 6; ++i) {
    const auto s = static_cast<S>(i);
    CHECK(parse_intent_state(intent_state_name(s)).value() == s);
  }
  CHECK(parse_intent_state("mined").error().code == Errc::invalid_argument);
}

TEST_CASE("store: fresh file has the latest schema, WAL mode and survives reopen") {
  TempDir dir;
  {
    auto store = open_sqlite_store(dir.db()).value();
    CHECK(store->schema_version().value() == kSqliteSchemaVersion);
    Enrollment e;
    e.chain_id = 8453;
    e.user = kUser;
    e.target_hf = u256::from_dec("1500000000000000000").value();
    e.act_threshold = u256::from_dec("1100000000000000000").value();
    e.strategies = kStrategyRepay | kStrategyDeleverage;
    e.max_cost = u256{5'000'000'000};
    REQUIRE(store->enroll(e).ok());
    Intent i = make_intent("t1");
    CHECK(store->create_intent(i).value());
    REQUIRE(store->transition_intent(i.id, IntentState::simulated, "sim ok").ok());
    REQUIRE(store->save_next_nonce(8453, kSigner, 42).ok());
  }
  CHECK(sql_text(dir.db(), "PRAGMA journal_mode") == "wal");
  auto store = open_sqlite_store(dir.db()).value();
  auto e = store->enrollment(8453, kUser).value();
  REQUIRE(e.has_value());
  CHECK(e->target_hf == u256::from_dec("1500000000000000000").value());
  CHECK(e->strategies == (kStrategyRepay | kStrategyDeleverage));
  CHECK(e->max_cost == u256{5'000'000'000});
  CHECK(e->active);
  const auto i = store->intent(make_intent("t1").id).value();
  REQUIRE(i.has_value());
  CHECK(i->state == IntentState::simulated);
  CHECK(i->reason == "sim ok");
  CHECK(i->payload == R"({"asset":"USDC","amount":"1000"})");
  CHECK(store->next_nonce(8453, kSigner).value() == std::optional<std::uint64_t>{42});
  CHECK(store->next_nonce(1, kSigner).value() == std::nullopt);
}

TEST_CASE("store: enrollments upsert, unenroll and list") {
  TempDir dir;
  auto store = open_sqlite_store(dir.db()).value();
  Enrollment e;
  e.chain_id = 8453;
  e.user = kUser2;
  e.target_hf = u256{2};
  REQUIRE(store->enroll(e).ok());
  e.user = kUser;
  REQUIRE(store->enroll(e).ok());
  const std::int64_t created = store->enrollment(8453, kUser).value()->created_at_ms;
  e.target_hf = u256{3};
  REQUIRE(store->enroll(e).ok());
  auto stored = store->enrollment(8453, kUser).value();
  CHECK(stored->target_hf == u256{3});
  CHECK(stored->created_at_ms == created);
  auto list = store->active_enrollments(8453).value();
  REQUIRE(list.size() == 2);
  CHECK(list[0].user == kUser);
  REQUIRE(store->unenroll(8453, kUser2).ok());
  CHECK(store->active_enrollments(8453).value().size() == 1);
  CHECK(store->unenroll(8453, Address{}).error().code == Errc::not_found);
  CHECK(store->active_enrollments(1).value().empty());
}

TEST_CASE("store: a trigger is acted on once; lifecycle is enforced; attempts and interventions") {
  TempDir dir;
  auto store = open_sqlite_store(dir.db()).value();
  Intent i = make_intent("hf<act@block:7");
  CHECK(store->create_intent(i).value());
  CHECK_FALSE(store->create_intent(i).value());  // same trigger -> same id -> refused
  Intent empty;
  CHECK(store->create_intent(empty).error().code == Errc::invalid_argument);
  CHECK(store->transition_intent(i.id, IntentState::sent, "skip").error().code == Errc::state);
  CHECK(store->transition_intent("0xnope", IntentState::failed, "x").error().code == Errc::not_found);
  REQUIRE(store->transition_intent(i.id, IntentState::simulated, "").ok());
  REQUIRE(store->transition_intent(i.id, IntentState::sent, "", 5).ok());
  CHECK(store->intent(i.id).value()->nonce == std::optional<std::uint64_t>{5});

  TxAttempt a;
  a.intent_id = i.id;
  a.nonce = 5;
  a.tx_hash = keccak256(std::string_view("tx0"));
  a.raw_tx = {0x02, 0xf8, 0x01};
  a.max_fee_per_gas = u256{2'000'000'000};
  a.max_priority_fee_per_gas = u256{1'000'000};
  a.l1_fee_estimate = u256{12345};
  a.gas_limit = 300000;
  REQUIRE(store->record_attempt(a).ok());
  CHECK_FALSE(store->record_attempt(a).ok());  // (intent, attempt) unique
  a.attempt = 1;
  a.tx_hash = keccak256(std::string_view("tx1"));
  REQUIRE(store->record_attempt(a).ok());
  REQUIRE(store->transition_intent(i.id, IntentState::replaced, "bumped").ok());
  REQUIRE(store->transition_intent(i.id, IntentState::sent, "").ok());
  auto attempts = store->attempts(i.id).value();
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[0].tx_hash == keccak256(std::string_view("tx0")));
  CHECK(attempts[1].attempt == 1);
  CHECK(attempts[1].raw_tx == Bytes{0x02, 0xf8, 0x01});
  CHECK(attempts[1].l1_fee_estimate == u256{12345});
  TxAttempt orphan = a;
  orphan.intent_id = "0xunknown";
  CHECK_FALSE(store->record_attempt(orphan).ok());  // foreign key

  CHECK(store->open_intents_for_user(8453, kUser).value().size() == 1);
  const std::array<IntentState, 2> in_flight = {IntentState::sent, IntentState::replaced};
  CHECK(store->intents_in_states(in_flight).value().size() == 1);
  CHECK(store->intents_in_states({}).value().empty());
  REQUIRE(store->transition_intent(i.id, IntentState::included, "block 9").ok());
  CHECK(store->open_intents_for_user(8453, kUser).value().empty());
  CHECK(store->transition_intent(i.id, IntentState::failed, "late").error().code == Errc::state);

  Intervention v;
  v.intent_id = i.id;
  v.chain_id = 8453;
  v.user = kUser;
  v.strategy = "repay";
  v.tx_hash = a.tx_hash;
  v.block_number = 9;
  v.success = true;
  v.hf_before = u256::from_dec("1050000000000000000").value();
  v.hf_after = u256::from_dec("1500000000000000001").value();
  v.gas_used = 180000;
  v.effective_gas_price = u256{1'001'000};
  v.l1_fee = u256{777};
  v.total_cost_wei = u256{180000ULL * 1'001'000ULL + 777};
  v.service_fee = u256{500};
  v.service_fee_asset = kUser2;
  REQUIRE(store->record_intervention(v).ok());
  auto list = store->interventions(8453).value();
  REQUIRE(list.size() == 1);
  CHECK(list[0].hf_after == v.hf_after);
  CHECK(list[0].service_fee_asset == std::optional<Address>{kUser2});
  CHECK(list[0].total_cost_wei == v.total_cost_wei);
  CHECK(list[0].success);
}

TEST_CASE("store: upgrade from schema 1 keeps the data") {
  TempDir dir;
  {
    auto v1 = open_sqlite_store_at_version(dir.db(), 1).value();
    CHECK(v1->schema_version().value() == 1);
    Enrollment e;
    e.chain_id = 8453;
    e.user = kUser;
    e.target_hf = u256{7};
    REQUIRE(v1->enroll(e).ok());
    REQUIRE(v1->save_next_nonce(8453, kSigner, 3).ok());
  }
  // A version-1 intent row (no payload column yet), written as a version-1 build would.
  sql_exec(dir.db(),
           "INSERT INTO intents(id,chain_id,user,trigger,strategy,signer,state,nonce,reason,created_at_ms,updated_at_ms) "
           "VALUES ('0xabc',8453,'0x1111111111111111111111111111111111111111','t','repay',"
           "'0x9999999999999999999999999999999999999999','sent',3,'',1,1)");
  CHECK(sql_text(dir.db(), "SELECT version FROM schema_version") == "1");
  auto store = open_sqlite_store(dir.db()).value();
  CHECK(store->schema_version().value() == 2);
  CHECK(sql_text(dir.db(), "SELECT version FROM schema_version") == "2");
  CHECK(store->enrollment(8453, kUser).value()->target_hf == u256{7});
  CHECK(store->next_nonce(8453, kSigner).value() == std::optional<std::uint64_t>{3});
  auto old = store->intent("0xabc").value();
  REQUIRE(old.has_value());
  CHECK(old->payload.empty());
  CHECK(old->state == IntentState::sent);
  Intervention v;
  v.intent_id = "0xabc";
  v.chain_id = 8453;
  REQUIRE(store->record_intervention(v).ok());
  // Reopening an up-to-date file applies nothing.
  store.reset();
  CHECK(open_sqlite_store(dir.db()).value()->schema_version().value() == 2);
}

TEST_CASE("store: newer schema and bad paths are refused") {
  TempDir dir;
  { (void)open_sqlite_store(dir.db()).value(); }
  sql_exec(dir.db(), "UPDATE schema_version SET version = 99");
  auto refused = open_sqlite_store(dir.db());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unsupported);
  CHECK(refused.error().message.find("99") != std::string::npos);
  auto bad = open_sqlite_store((dir.path / "missing-dir" / "x.db").string());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::io);
  CHECK(open_sqlite_store_at_version(dir.db(), 0).error().code == Errc::invalid_argument);
  // A corrupted numeric column is reported, not read as zero.
  TempDir dir2;
  {
    auto store = open_sqlite_store(dir2.db()).value();
    Enrollment e;
    e.chain_id = 1;
    e.user = kUser;
    REQUIRE(store->enroll(e).ok());
  }
  sql_exec(dir2.db(), "UPDATE enrollments SET target_hf = '12x'");
  auto store = open_sqlite_store(dir2.db()).value();
  auto read = store->enrollment(1, kUser);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == Errc::decode);
}

TEST_CASE("store: intent records written by a killed process are there after reopen") {
  TempDir dir;
  { (void)open_sqlite_store(dir.db()).value(); }
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = open_sqlite_store(dir.db());
    if (!store) ::_exit(3);
    for (int n = 0; n < 50; ++n) {
      Intent i = make_intent("crash-" + std::to_string(n));
      if (!(*store)->create_intent(i).value_or(false)) ::_exit(4);
      if (!(*store)->transition_intent(i.id, IntentState::simulated, "").ok()) ::_exit(5);
    }
    ::kill(::getpid(), SIGKILL);  // no destructors, no checkpoint, no close
    ::_exit(6);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  auto store = open_sqlite_store(dir.db()).value();
  const std::array<IntentState, 1> simulated = {IntentState::simulated};
  auto intents = store->intents_in_states(simulated).value();
  CHECK(intents.size() == 50);
  CHECK_FALSE(store->create_intent(make_intent("crash-7")).value());
}
