// SQLite backend of the Store: one database file, WAL journal, synchronous=FULL (an acknowledged
// intent record survives a crash), foreign keys on, versioned migrations in transactions.
#include <liquidbot/keccak.hpp>
#include <liquidbot/store.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <mutex>

namespace liquidbot {

namespace {

constexpr std::array<std::string_view, 7> kStateNames = {"planned", "simulated", "sent", "included",
                                                         "replaced", "failed", "given_up"};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Migration i (1-based) brings the schema from version i-1 to i.
constexpr std::array<std::string_view, kSqliteSchemaVersion> kMigrations = {
    // 1: enrollments, intents, transaction attempts, nonces.
    R"sql(
CREATE TABLE enrollments (
  chain_id INTEGER NOT NULL,
  user TEXT NOT NULL,
  target_hf TEXT NOT NULL,
  act_threshold TEXT NOT NULL,
  strategies INTEGER NOT NULL,
  max_cost TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (chain_id, user)
);
CREATE TABLE intents (
  id TEXT PRIMARY KEY,
  chain_id INTEGER NOT NULL,
  user TEXT NOT NULL,
  trigger TEXT NOT NULL,
  strategy TEXT NOT NULL,
  signer TEXT NOT NULL,
  state TEXT NOT NULL,
  nonce INTEGER,
  reason TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX intents_by_state ON intents(state, created_at_ms);
CREATE INDEX intents_by_user ON intents(chain_id, user);
CREATE TABLE tx_attempts (
  intent_id TEXT NOT NULL REFERENCES intents(id),
  attempt INTEGER NOT NULL,
  nonce INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  raw_tx BLOB NOT NULL,
  max_fee_per_gas TEXT NOT NULL,
  max_priority_fee_per_gas TEXT NOT NULL,
  l1_fee_estimate TEXT NOT NULL,
  gas_limit INTEGER NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  PRIMARY KEY (intent_id, attempt)
);
CREATE TABLE nonces (
  chain_id INTEGER NOT NULL,
  signer TEXT NOT NULL,
  next_nonce INTEGER NOT NULL,
  PRIMARY KEY (chain_id, signer)
);
)sql",
    // 2: interventions; intents carry the plan.
    R"sql(
ALTER TABLE intents ADD COLUMN payload TEXT NOT NULL DEFAULT '';
CREATE TABLE interventions (
  intent_id TEXT PRIMARY KEY REFERENCES intents(id),
  chain_id INTEGER NOT NULL,
  user TEXT NOT NULL,
  strategy TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  success INTEGER NOT NULL,
  hf_before TEXT NOT NULL,
  hf_after TEXT NOT NULL,
  gas_used INTEGER NOT NULL,
  effective_gas_price TEXT NOT NULL,
  l1_fee TEXT NOT NULL,
  total_cost_wei TEXT NOT NULL,
  service_fee TEXT NOT NULL,
  service_fee_asset TEXT,
  recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX interventions_by_chain ON interventions(chain_id, recorded_at_ms);
)sql",
};

// A prepared statement; finalized when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    status_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  [[nodiscard]] Status prepared(std::string_view what) const {
    if (status_ != SQLITE_OK) return make_error(Errc::io, fmt::format("store: {}: prepare: {}", what, sqlite3_errmsg(db_)));
    return {};
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind_u64(int i, std::uint64_t v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, const u256& v) { return bind(i, std::string_view(v.to_dec())); }
  Statement& bind(int i, const Address& v) { return bind(i, std::string_view(v.to_hex())); }
  Statement& bind_blob(int i, ByteView v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  /// SQLITE_ROW / SQLITE_DONE, or an error.
  Result<bool> step(std::string_view what) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return make_error(Errc::io, fmt::format("store: {}: {}", what, sqlite3_errmsg(db_)));
  }
  [[nodiscard]] std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  [[nodiscard]] std::uint64_t u64(int col) const { return static_cast<std::uint64_t>(int64(col)); }
  [[nodiscard]] bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p),
                                                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  [[nodiscard]] Bytes blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? Bytes() : Bytes(p, p + sqlite3_column_bytes(stmt_, col));
  }
  [[nodiscard]] Result<u256> number(int col, std::string_view what) const {
    auto v = u256::from_dec(text(col));
    if (!v) return make_error(Errc::decode, fmt::format("store: {}: column {} is not a decimal integer", what, col));
    return v;
  }
  [[nodiscard]] Result<Address> address(int col, std::string_view what) const {
    auto v = Address::parse(text(col));
    if (!v) return make_error(Errc::decode, fmt::format("store: {}: column {}: {}", what, col, v.error().message));
    return v;
  }
  [[nodiscard]] Result<Hash> hash(int col, std::string_view what) const {
    auto v = Hash::from_hex(text(col));
    if (!v) return make_error(Errc::decode, fmt::format("store: {}: column {}: {}", what, col, v.error().message));
    return v;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int status_ = SQLITE_OK;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override { sqlite3_close(db_); }

  Status exec(std::string_view sql, std::string_view what) {
    char* message = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      Error error = make_error(Errc::io, fmt::format("store: {}: {}", what, message != nullptr ? message : "?"));
      sqlite3_free(message);
      return error;
    }
    return {};
  }

  Result<std::uint32_t> version_locked() {
    LB_TRY_STATUS(exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", "schema_version table"));
    Statement s(db_, "SELECT version FROM schema_version");
    LB_TRY_STATUS(s.prepared("schema version"));
    LB_TRY(row, s.step("schema version"));
    if (!row) return std::uint32_t{0};
    return static_cast<std::uint32_t>(s.int64(0));
  }

  Status migrate(std::uint32_t target) {
    std::lock_guard lock(mutex_);
    LB_TRY(current, version_locked());
    if (current > kSqliteSchemaVersion)
      return make_error(Errc::unsupported, fmt::format("store: database schema version {} is newer than this build ({})",
                                                       current, kSqliteSchemaVersion));
    for (std::uint32_t v = current + 1; v <= target; ++v) {
      LB_TRY_STATUS(exec("BEGIN IMMEDIATE", "begin migration"));
      // Another process may have migrated between our read and the write lock.
      auto now_at = version_locked();
      if (now_at.ok() && *now_at >= v) {
        LB_TRY_STATUS(exec("COMMIT", "commit migration"));
        continue;
      }
      Status applied = now_at.ok() ? exec(kMigrations[v - 1], fmt::format("migration {}", v)) : Status(now_at.error());
      if (applied.ok())
        applied = exec(v == 1 ? std::string("INSERT INTO schema_version(version) VALUES (1)")
                              : fmt::format("UPDATE schema_version SET version = {}", v),
                       "record schema version");
      if (!applied.ok()) {
        (void)exec("ROLLBACK", "rollback migration");
        return applied;
      }
      LB_TRY_STATUS(exec("COMMIT", "commit migration"));
    }
    return {};
  }

  Result<std::uint32_t> schema_version() override {
    std::lock_guard lock(mutex_);
    return version_locked();
  }

  // ---- enrollments ----
  Status enroll(const Enrollment& e) override {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO enrollments(chain_id,user,target_hf,act_threshold,strategies,max_cost,active,created_at_ms)"
                " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(chain_id,user) DO UPDATE SET target_hf=excluded.target_hf,"
                " act_threshold=excluded.act_threshold, strategies=excluded.strategies, max_cost=excluded.max_cost,"
                " active=excluded.active");
    LB_TRY_STATUS(s.prepared("enroll"));
    s.bind_u64(1, e.chain_id).bind(2, e.user).bind(3, e.target_hf).bind(4, e.act_threshold);
    s.bind(5, std::int64_t{e.strategies}).bind(6, e.max_cost).bind(7, std::int64_t{e.active ? 1 : 0}).bind(8, now_ms());
    LB_TRY(row, s.step("enroll"));
    (void)row;
    return {};
  }

  Status unenroll(std::uint64_t chain_id, const Address& user) override {
    std::lock_guard lock(mutex_);
    Statement s(db_, "UPDATE enrollments SET active = 0 WHERE chain_id = ? AND user = ?");
    LB_TRY_STATUS(s.prepared("unenroll"));
    s.bind_u64(1, chain_id).bind(2, user);
    LB_TRY(row, s.step("unenroll"));
    (void)row;
    if (sqlite3_changes(db_) == 0)
      return make_error(Errc::not_found, fmt::format("store: {} is not enrolled on chain {}", user.to_checksum(), chain_id));
    return {};
  }

  static Result<Enrollment> read_enrollment(const Statement& s) {
    Enrollment e;
    e.chain_id = s.u64(0);
    LB_TRY(user, s.address(1, "enrollment.user"));
    e.user = user;
    LB_TRY(target, s.number(2, "enrollment.target_hf"));
    e.target_hf = target;
    LB_TRY(threshold, s.number(3, "enrollment.act_threshold"));
    e.act_threshold = threshold;
    e.strategies = static_cast<std::uint32_t>(s.int64(4));
    LB_TRY(max_cost, s.number(5, "enrollment.max_cost"));
    e.max_cost = max_cost;
    e.active = s.int64(6) != 0;
    e.created_at_ms = s.int64(7);
    return e;
  }

  static constexpr std::string_view kEnrollmentColumns =
      "SELECT chain_id,user,target_hf,act_threshold,strategies,max_cost,active,created_at_ms FROM enrollments ";

  Result<std::optional<Enrollment>> enrollment(std::uint64_t chain_id, const Address& user) override {
    std::lock_guard lock(mutex_);
    Statement s(db_, std::string(kEnrollmentColumns) + "WHERE chain_id = ? AND user = ?");
    LB_TRY_STATUS(s.prepared("enrollment"));
    s.bind_u64(1, chain_id).bind(2, user);
    LB_TRY(row, s.step("enrollment"));
    if (!row) return std::optional<Enrollment>{};
    LB_TRY(e, read_enrollment(s));
    return std::optional<Enrollment>{std::move(e)};
  }

  Result<std::vector<Enrollment>> active_enrollments(std::uint64_t chain_id) override {
    std::lock_guard lock(mutex_);
    Statement s(db_, std::string(kEnrollmentColumns) + "WHERE chain_id = ? AND active = 1 ORDER BY user");
    LB_TRY_STATUS(s.prepared("active enrollments"));
    s.bind_u64(1, chain_id);
    std::vector<Enrollment> out;
    while (true) {
      LB_TRY(row, s.step("active enrollments"));
      if (!row) break;
      LB_TRY(e, read_enrollment(s));
      out.push_back(std::move(e));
    }
    return out;
  }

  // ---- intents ----
  Result<bool> create_intent(const Intent& intent) override {
    if (intent.id.empty()) return make_error(Errc::invalid_argument, "store: intent id is empty");
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO intents(id,chain_id,user,trigger,strategy,signer,state,nonce,reason,created_at_ms,"
                "updated_at_ms,payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING");
    LB_TRY_STATUS(s.prepared("create intent"));
    const std::int64_t now = now_ms();
    s.bind(1, std::string_view(intent.id)).bind_u64(2, intent.chain_id).bind(3, intent.user);
    s.bind(4, std::string_view(intent.trigger)).bind(5, std::string_view(intent.strategy)).bind(6, intent.signer);
    s.bind(7, intent_state_name(intent.state));
    if (intent.nonce) {
      s.bind_u64(8, *intent.nonce);
    } else {
      s.bind_null(8);
    }
    s.bind(9, std::string_view(intent.reason)).bind(10, now).bind(11, now).bind(12, std::string_view(intent.payload));
    LB_TRY(row, s.step("create intent"));
    (void)row;
    return sqlite3_changes(db_) == 1;
  }

  static constexpr std::string_view kIntentColumns =
      "SELECT id,chain_id,user,trigger,strategy,signer,state,nonce,reason,payload,created_at_ms,updated_at_ms "
      "FROM intents ";

  static Result<Intent> read_intent(const Statement& s) {
    Intent i;
    i.id = s.text(0);
    i.chain_id = s.u64(1);
    LB_TRY(user, s.address(2, "intent.user"));
    i.user = user;
    i.trigger = s.text(3);
    i.strategy = s.text(4);
    LB_TRY(signer, s.address(5, "intent.signer"));
    i.signer = signer;
    LB_TRY(state, parse_intent_state(s.text(6)));
    i.state = state;
    if (!s.is_null(7)) i.nonce = s.u64(7);
    i.reason = s.text(8);
    i.payload = s.text(9);
    i.created_at_ms = s.int64(10);
    i.updated_at_ms = s.int64(11);
    return i;
  }

  Result<std::optional<Intent>> intent_locked(std::string_view id) {
    Statement s(db_, std::string(kIntentColumns) + "WHERE id = ?");
    LB_TRY_STATUS(s.prepared("intent"));
    s.bind(1, id);
    LB_TRY(row, s.step("intent"));
    if (!row) return std::optional<Intent>{};
    LB_TRY(i, read_intent(s));
    return std::optional<Intent>{std::move(i)};
  }

  Result<std::optional<Intent>> intent(std::string_view id) override {
    std::lock_guard lock(mutex_);
    return intent_locked(id);
  }

  Status transition_intent(std::string_view id, IntentState to, std::string_view reason,
                           std::optional<std::uint64_t> nonce) override {
    std::lock_guard lock(mutex_);
    LB_TRY_STATUS(exec("BEGIN IMMEDIATE", "begin transition"));
    Status done = transition_locked(id, to, reason, nonce);
    if (!done.ok()) {
      (void)exec("ROLLBACK", "rollback transition");
      return done;
    }
    return exec("COMMIT", "commit transition");
  }

  Status transition_locked(std::string_view id, IntentState to, std::string_view reason,
                           std::optional<std::uint64_t> nonce) {
    LB_TRY(current, intent_locked(id));
    if (!current) return make_error(Errc::not_found, fmt::format("store: no intent {}", id));
    if (!is_valid_transition(current->state, to))
      return make_error(Errc::state, fmt::format("store: intent {}: {} -> {} is not a valid step", id,
                                                 intent_state_name(current->state), intent_state_name(to)));
    Statement s(db_, "UPDATE intents SET state = ?, reason = ?, nonce = COALESCE(?, nonce), updated_at_ms = ? WHERE id = ?");
    LB_TRY_STATUS(s.prepared("transition"));
    s.bind(1, intent_state_name(to)).bind(2, reason);
    if (nonce) {
      s.bind_u64(3, *nonce);
    } else {
      s.bind_null(3);
    }
    s.bind(4, now_ms()).bind(5, id);
    LB_TRY(row, s.step("transition"));
    (void)row;
    return {};
  }

  Result<std::vector<Intent>> query_intents(Statement& s, std::string_view what) {
    std::vector<Intent> out;
    while (true) {
      LB_TRY(row, s.step(what));
      if (!row) break;
      LB_TRY(i, read_intent(s));
      out.push_back(std::move(i));
    }
    return out;
  }

  Result<std::vector<Intent>> intents_in_states(std::span<const IntentState> states) override {
    if (states.empty()) return std::vector<Intent>{};
    std::lock_guard lock(mutex_);
    std::string sql = std::string(kIntentColumns) + "WHERE state IN (";
    for (std::size_t i = 0; i < states.size(); ++i) sql += i == 0 ? "?" : ",?";
    sql += ") ORDER BY created_at_ms, id";
    Statement s(db_, sql);
    LB_TRY_STATUS(s.prepared("intents in states"));
    for (std::size_t i = 0; i < states.size(); ++i) s.bind(static_cast<int>(i + 1), intent_state_name(states[i]));
    return query_intents(s, "intents in states");
  }

  Result<std::vector<Intent>> open_intents_for_user(std::uint64_t chain_id, const Address& user) override {
    std::lock_guard lock(mutex_);
    Statement s(db_, std::string(kIntentColumns) +
                         "WHERE chain_id = ? AND user = ? AND state NOT IN ('included','failed','given_up') "
                         "ORDER BY created_at_ms, id");
    LB_TRY_STATUS(s.prepared("open intents"));
    s.bind_u64(1, chain_id).bind(2, user);
    return query_intents(s, "open intents");
  }

  // ---- attempts ----
  Status record_attempt(const TxAttempt& a) override {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO tx_attempts(intent_id,attempt,nonce,tx_hash,raw_tx,max_fee_per_gas,max_priority_fee_per_gas,"
                "l1_fee_estimate,gas_limit,sent_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?)");
    LB_TRY_STATUS(s.prepared("record attempt"));
    s.bind(1, std::string_view(a.intent_id)).bind(2, std::int64_t{a.attempt}).bind_u64(3, a.nonce);
    s.bind(4, std::string_view(a.tx_hash.to_hex())).bind_blob(5, a.raw_tx).bind(6, a.max_fee_per_gas);
    s.bind(7, a.max_priority_fee_per_gas).bind(8, a.l1_fee_estimate).bind_u64(9, a.gas_limit).bind(10, now_ms());
    LB_TRY(row, s.step("record attempt"));
    (void)row;
    return {};
  }

  Result<std::vector<TxAttempt>> attempts(std::string_view intent_id) override {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "SELECT intent_id,attempt,nonce,tx_hash,raw_tx,max_fee_per_gas,max_priority_fee_per_gas,l1_fee_estimate,"
                "gas_limit,sent_at_ms FROM tx_attempts WHERE intent_id = ? ORDER BY attempt");
    LB_TRY_STATUS(s.prepared("attempts"));
    s.bind(1, intent_id);
    std::vector<TxAttempt> out;
    while (true) {
      LB_TRY(row, s.step("attempts"));
      if (!row) break;
      TxAttempt a;
      a.intent_id = s.text(0);
      a.attempt = static_cast<std::uint32_t>(s.int64(1));
      a.nonce = s.u64(2);
      LB_TRY(hash, s.hash(3, "attempt.tx_hash"));
      a.tx_hash = hash;
      a.raw_tx = s.blob(4);
      LB_TRY(max_fee, s.number(5, "attempt.max_fee_per_gas"));
      a.max_fee_per_gas = max_fee;
      LB_TRY(tip, s.number(6, "attempt.max_priority_fee_per_gas"));
      a.max_priority_fee_per_gas = tip;
      LB_TRY(l1, s.number(7, "attempt.l1_fee_estimate"));
      a.l1_fee_estimate = l1;
      a.gas_limit = s.u64(8);
      a.sent_at_ms = s.int64(9);
      out.push_back(std::move(a));
    }
    return out;
  }

  // ---- interventions ----
  Status record_intervention(const Intervention& v) override {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO interventions(intent_id,chain_id,user,strategy,tx_hash,block_number,success,hf_before,hf_after,"
                "gas_used,effective_gas_price,l1_fee,total_cost_wei,service_fee,service_fee_asset,recorded_at_ms) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    LB_TRY_STATUS(s.prepared("record intervention"));
    s.bind(1, std::string_view(v.intent_id)).bind_u64(2, v.chain_id).bind(3, v.user).bind(4, std::string_view(v.strategy));
    s.bind(5, std::string_view(v.tx_hash.to_hex())).bind_u64(6, v.block_number).bind(7, std::int64_t{v.success ? 1 : 0});
    s.bind(8, v.hf_before).bind(9, v.hf_after).bind_u64(10, v.gas_used).bind(11, v.effective_gas_price);
    s.bind(12, v.l1_fee).bind(13, v.total_cost_wei).bind(14, v.service_fee);
    if (v.service_fee_asset) {
      s.bind(15, *v.service_fee_asset);
    } else {
      s.bind_null(15);
    }
    s.bind(16, now_ms());
    LB_TRY(row, s.step("record intervention"));
    (void)row;
    return {};
  }

  Result<std::vector<Intervention>> interventions(std::uint64_t chain_id) override {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "SELECT intent_id,chain_id,user,strategy,tx_hash,block_number,success,hf_before,hf_after,gas_used,"
                "effective_gas_price,l1_fee,total_cost_wei,service_fee,service_fee_asset,recorded_at_ms FROM interventions "
                "WHERE chain_id = ? ORDER BY recorded_at_ms, intent_id");
    LB_TRY_STATUS(s.prepared("interventions"));
    s.bind_u64(1, chain_id);
    std::vector<Intervention> out;
    while (true) {
      LB_TRY(row, s.step("interventions"));
      if (!row) break;
      Intervention v;
      v.intent_id = s.text(0);
      v.chain_id = s.u64(1);
      LB_TRY(user, s.address(2, "intervention.user"));
      v.user = user;
      v.strategy = s.text(3);
      LB_TRY(hash, s.hash(4, "intervention.tx_hash"));
      v.tx_hash = hash;
      v.block_number = s.u64(5);
      v.success = s.int64(6) != 0;
      LB_TRY(before, s.number(7, "intervention.hf_before"));
      v.hf_before = before;
      LB_TRY(after, s.number(8, "intervention.hf_after"));
      v.hf_after = after;
      v.gas_used = s.u64(9);
      LB_TRY(price, s.number(10, "intervention.effective_gas_price"));
      v.effective_gas_price = price;
      LB_TRY(l1, s.number(11, "intervention.l1_fee"));
      v.l1_fee = l1;
      LB_TRY(total, s.number(12, "intervention.total_cost_wei"));
      v.total_cost_wei = total;
      LB_TRY(fee, s.number(13, "intervention.service_fee"));
      v.service_fee = fee;
      if (!s.is_null(14)) {
        LB_TRY(asset, s.address(14, "intervention.service_fee_asset"));
        v.service_fee_asset = asset;
      }
      v.recorded_at_ms = s.int64(15);
      out.push_back(std::move(v));
    }
    return out;
  }

  // ---- nonces ----
  Result<std::optional<std::uint64_t>> next_nonce(std::uint64_t chain_id, const Address& signer) override {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT next_nonce FROM nonces WHERE chain_id = ? AND signer = ?");
    LB_TRY_STATUS(s.prepared("next nonce"));
    s.bind_u64(1, chain_id).bind(2, signer);
    LB_TRY(row, s.step("next nonce"));
    if (!row) return std::optional<std::uint64_t>{};
    return std::optional<std::uint64_t>{s.u64(0)};
  }

  Status save_next_nonce(std::uint64_t chain_id, const Address& signer, std::uint64_t next) override {
    if (next > static_cast<std::uint64_t>(INT64_MAX))
      return make_error(Errc::overflow, fmt::format("store: nonce {} does not fit SQLite's INTEGER", next));
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO nonces(chain_id,signer,next_nonce) VALUES (?,?,?) "
                "ON CONFLICT(chain_id,signer) DO UPDATE SET next_nonce = excluded.next_nonce");
    LB_TRY_STATUS(s.prepared("save nonce"));
    s.bind_u64(1, chain_id).bind(2, signer).bind_u64(3, next);
    LB_TRY(row, s.step("save nonce"));
    (void)row;
    return {};
  }

 private:
  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace

std::string_view intent_state_name(IntentState state) noexcept {
  const auto index = static_cast<std::size_t>(state);
  return index < kStateNames.size() ? kStateNames[index] : std::string_view("unknown");
}

Result<IntentState> parse_intent_state(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i)
    if (kStateNames[i] == name) return static_cast<IntentState>(i);
  return make_error(Errc::invalid_argument, fmt::format("store: unknown intent state '{}'", name));
}

bool is_final(IntentState state) noexcept {
  return state == IntentState::included || state == IntentState::failed || state == IntentState::given_up;
}

bool is_valid_transition(IntentState from, IntentState to) noexcept {
  using S = IntentState;
  if (is_final(from)) return false;
  if (to == S::failed || to == S::given_up) return true;
  switch (from) {
    case S::planned: return to == S::simulated;
    case S::simulated: return to == S::sent;
    case S::sent: return to == S::included || to == S::replaced;
    case S::replaced: return to == S::sent || to == S::included;
    default: return false;
  }
}

std::string make_intent_id(std::uint64_t chain_id, const Address& user, std::string_view trigger) {
  Keccak256 hasher;
  hasher.update(std::string_view("liquidbot.intent/1"));
  std::array<std::uint8_t, 8> chain{};
  for (std::size_t i = 0; i < 8; ++i) chain[i] = static_cast<std::uint8_t>(chain_id >> (56 - 8 * i));
  hasher.update(ByteView{chain.data(), chain.size()});
  hasher.update(user.view());
  hasher.update(trigger);
  return hasher.finalize().to_hex();
}

Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path, std::uint32_t version) {
  if (version < 1 || version > kSqliteSchemaVersion)
    return make_error(Errc::invalid_argument, fmt::format("store: schema version {} outside 1..{}", version, kSqliteSchemaVersion));
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = make_error(Errc::io, fmt::format("store: cannot open {}: {}", path, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return error;
  }
  auto store = std::make_unique<SqliteStore>(db);
  sqlite3_busy_timeout(db, 5000);
  LB_TRY_STATUS(store->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                            fmt::format("configure {}", path)));
  LB_TRY_STATUS(store->migrate(version));
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  return open_sqlite_store_at_version(path, kSqliteSchemaVersion);
}

}  // namespace liquidbot
