// Persistent state of the executor: enrolled positions with their preferences, intents (one per
// trigger, with their lifecycle), transaction attempts with their fees, interventions, and the next
// nonce per signer. The interface is narrow and SQL-agnostic so a PostgreSQL backend can implement
// it later; the bundled backend is an embedded SQLite file (WAL mode, schema migrations).
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot {

/// planned -> simulated -> sent -> included | replaced | failed | given_up.
/// replaced: the last attempt was superseded by a fee-bumped one (back to sent with the new
/// attempt, or straight to included). included, failed and given_up are final. planned and
/// simulated may also go to failed or given_up (e.g. a failing simulation).
enum class IntentState : std::uint8_t { planned, simulated, sent, included, replaced, failed, given_up };

LIQUIDBOT_API std::string_view intent_state_name(IntentState state) noexcept;
LIQUIDBOT_API Result<IntentState> parse_intent_state(std::string_view name);
LIQUIDBOT_API bool is_final(IntentState state) noexcept;
/// True when `from -> to` is a legal lifecycle step (see IntentState).
LIQUIDBOT_API bool is_valid_transition(IntentState from, IntentState to) noexcept;

/// Intent id = keccak256("liquidbot.intent/1" || chainId (8 bytes BE) || user (20) || trigger),
/// as 0x-hex. The trigger is the monitor's stable identity of the event (e.g. "hf<act@block:N").
/// The same trigger always gives the same id, so it can only be acted on once.
LIQUIDBOT_API std::string make_intent_id(std::uint64_t chain_id, const Address& user, std::string_view trigger);

/// Allowed protective strategies (bit set).
enum StrategyBits : std::uint32_t {
  kStrategyRepay = 1u << 0,
  kStrategySupply = 1u << 1,
  kStrategyDeleverage = 1u << 2,
  kStrategyAll = kStrategyRepay | kStrategySupply | kStrategyDeleverage,
};

struct Enrollment {
  std::uint64_t chain_id = 0;
  Address user;
  u256 target_hf;        ///< WAD (1e18 = 1.0)
  u256 act_threshold;    ///< WAD; act when HF < this
  std::uint32_t strategies = kStrategyAll;
  u256 max_cost;         ///< per intervention, Aave base currency units (USD 1e8 on Base); 0 = no cap
  bool active = true;
  std::int64_t created_at_ms = 0;  ///< set by the store
  friend bool operator==(const Enrollment&, const Enrollment&) = default;
};

struct Intent {
  std::string id;               ///< make_intent_id(...)
  std::uint64_t chain_id = 0;
  Address user;
  std::string trigger;
  std::string strategy;         ///< "repay", "supply", "deleverage"
  Address signer;
  IntentState state = IntentState::planned;
  std::optional<std::uint64_t> nonce;
  std::string reason;           ///< why it failed / was given up, or the last note
  std::string payload;          ///< free-form JSON of the plan (amounts, assets)
  std::int64_t created_at_ms = 0;  ///< set by the store
  std::int64_t updated_at_ms = 0;  ///< set by the store
};

/// One signed transaction sent for an intent (the first one and every replacement).
struct TxAttempt {
  std::string intent_id;
  std::uint32_t attempt = 0;    ///< 0 for the first send, +1 per replacement
  std::uint64_t nonce = 0;
  Hash tx_hash;
  Bytes raw_tx;                 ///< signed bytes: safe to store (public once broadcast)
  u256 max_fee_per_gas;
  u256 max_priority_fee_per_gas;
  u256 l1_fee_estimate;
  std::uint64_t gas_limit = 0;
  std::int64_t sent_at_ms = 0;  ///< set by the store
};

/// The outcome of an included protective transaction.
struct Intervention {
  std::string intent_id;
  std::uint64_t chain_id = 0;
  Address user;
  std::string strategy;
  Hash tx_hash;
  std::uint64_t block_number = 0;
  bool success = false;         ///< receipt status
  u256 hf_before;               ///< WAD
  u256 hf_after;                ///< WAD
  std::uint64_t gas_used = 0;
  u256 effective_gas_price;
  u256 l1_fee;
  u256 total_cost_wei;
  u256 service_fee;             ///< in the fee asset's units
  std::optional<Address> service_fee_asset;
  std::int64_t recorded_at_ms = 0;  ///< set by the store
};

class Store {
 public:
  virtual ~Store() = default;

  /// Current schema version (after the migrations applied when opening).
  [[nodiscard]] virtual Result<std::uint32_t> schema_version() = 0;

  // Enrolled positions.
  /// Inserts or replaces the preferences of (chain_id, user); keeps the original created_at.
  virtual Status enroll(const Enrollment& enrollment) = 0;
  /// Marks the position inactive; Errc::not_found when it was never enrolled.
  virtual Status unenroll(std::uint64_t chain_id, const Address& user) = 0;
  virtual Result<std::optional<Enrollment>> enrollment(std::uint64_t chain_id, const Address& user) = 0;
  /// Active enrollments of the chain, ordered by user address.
  virtual Result<std::vector<Enrollment>> active_enrollments(std::uint64_t chain_id) = 0;

  // Intents.
  /// Inserts a new intent in state `planned` (or the given state). Returns false and changes
  /// nothing when an intent with this id already exists: the trigger was already acted on.
  virtual Result<bool> create_intent(const Intent& intent) = 0;
  virtual Result<std::optional<Intent>> intent(std::string_view id) = 0;
  /// Moves the intent to `to` (checked with is_valid_transition against the stored state, in one
  /// transaction), setting reason, and nonce when given. Errc::state on an illegal step,
  /// Errc::not_found for an unknown id.
  virtual Status transition_intent(std::string_view id, IntentState to, std::string_view reason,
                                   std::optional<std::uint64_t> nonce = std::nullopt) = 0;
  /// Intents in any of the given states (oldest first).
  virtual Result<std::vector<Intent>> intents_in_states(std::span<const IntentState> states) = 0;
  /// Intents of (chain_id, user) that are not final.
  virtual Result<std::vector<Intent>> open_intents_for_user(std::uint64_t chain_id, const Address& user) = 0;

  // Transaction attempts.
  /// Records a signed attempt; (intent_id, attempt) is unique.
  virtual Status record_attempt(const TxAttempt& attempt) = 0;
  /// All attempts of an intent, in attempt order.
  virtual Result<std::vector<TxAttempt>> attempts(std::string_view intent_id) = 0;

  // Interventions.
  virtual Status record_intervention(const Intervention& intervention) = 0;
  virtual Result<std::vector<Intervention>> interventions(std::uint64_t chain_id) = 0;

  // Nonces.
  /// The next nonce persisted for (chain_id, signer); nullopt when none.
  virtual Result<std::optional<std::uint64_t>> next_nonce(std::uint64_t chain_id, const Address& signer) = 0;
  virtual Status save_next_nonce(std::uint64_t chain_id, const Address& signer, std::uint64_t next) = 0;
};

/// Latest schema version of the SQLite backend.
inline constexpr std::uint32_t kSqliteSchemaVersion = 2;

/// Opens (creating when missing) a SQLite database file, turns on WAL and foreign keys, and applies
/// the migrations from its stored version up to kSqliteSchemaVersion. ":memory:" works for tests.
/// A database whose version is newer than this build is refused (Errc::unsupported).
LIQUIDBOT_API Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

/// Opens the file and migrates only up to `version` (1..kSqliteSchemaVersion): for upgrade tests.
LIQUIDBOT_API Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path,
                                                                          std::uint32_t version);

}  // namespace liquidbot
