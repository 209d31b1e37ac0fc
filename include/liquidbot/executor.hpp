// The bundled example executor (`liquidbot-executor`): configuration (a strict TOML subset plus the
// environment variables of the original design), and the pieces the program is made of.
//
// Configuration precedence: defaults < TOML file < environment. Environment variables:
//   BASE_RPC_URL, BASE_CHAIN_ID, AAVE_V3_BASE_SUBGRAPH_URL, AAVE_V3_POOL_ADDRESSES_PROVIDER,
//   POSITION_MANAGER_ADDRESS, FLASH_LOAN_ORCHESTRATOR_ADDRESS, FEE_COLLECTOR_ADDRESS, LOG_LEVEL,
//   LIQUIDBOT_DATABASE, LIQUIDBOT_DRY_RUN ("1"/"true"/"0"/"false").
// WALLET_PRIVATE_KEY (or [signer] key_file / keystore) is read by the program when it starts and is
// never part of Config, never logged.
#pragma once

#include <liquidbot/actions.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fees.hpp>
#include <liquidbot/monitor.hpp>
#include <liquidbot/nonce.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/sender.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/simulate.hpp>
#include <liquidbot/store.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace liquidbot::executor {

// ---- TOML subset ---------------------------------------------------------------------------------

/// A value of the TOML subset: basic strings ("..." with \" \\ \n \t \r \uXXXX escapes), integers
/// (decimal, optional sign, '_' between digits, 64-bit), booleans, arrays of these (may span lines,
/// trailing comma allowed).
struct TomlValue {
  using Array = std::vector<TomlValue>;
  std::variant<std::string, std::int64_t, bool, Array> data;
  std::size_t line = 0;  ///< 1-based line of the key
};

/// A parsed document: dotted full keys ("sender.max_attempts") to values. Tables are `[name]` or
/// `[a.b]`; keys are bare (A-Za-z0-9_-) or basic strings; `#` starts a comment. Rejected with
/// "toml: line N: ..." naming the key: duplicate keys or tables, values of other TOML types
/// (floats, dates, inline tables, literal strings), junk after a value, unterminated strings or
/// arrays, integers out of range.
using TomlTable = std::map<std::string, TomlValue, std::less<>>;
LIQUIDBOT_API Result<TomlTable> parse_toml(std::string_view text);

// ---- configuration -------------------------------------------------------------------------------

enum class LogLevel : std::uint8_t { debug, info, warn, error };
LIQUIDBOT_API Result<LogLevel> parse_log_level(std::string_view text);
LIQUIDBOT_API std::string_view to_string(LogLevel level) noexcept;

/// WETH on Base (OP-stack predeploy).
inline constexpr Address kBaseWeth{{0x42, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06}};

struct Config {
  // [chain]
  std::string rpc_url;                 ///< BASE_RPC_URL (required)
  std::uint64_t chain_id = 8453;       ///< BASE_CHAIN_ID; the node must report the same
  // [aave]
  Address provider;                    ///< AAVE_V3_POOL_ADDRESSES_PROVIDER (required; Pool, oracle from it)
  std::string subgraph_url;            ///< AAVE_V3_BASE_SUBGRAPH_URL (optional: discovery)
  std::optional<Address> position_manager;  ///< POSITION_MANAGER_ADDRESS
  // [deleverage]
  std::optional<Address> orchestrator;  ///< FLASH_LOAN_ORCHESTRATOR_ADDRESS; no deleverage without it
  std::uint16_t slippage_bps = 50;
  // [fees]
  std::optional<Address> fee_collector;  ///< FEE_COLLECTOR_ADDRESS
  std::uint16_t service_fee_bps = 10;
  u256 service_fee_cap;                  ///< in the fee asset's units; 0 = no cap
  /// Per-intervention caps on the total cost (max_cost_wei: network cost in wei; max_cost_base:
  /// total cost in base currency, see intervention_cost); 0 = no cap. Keys max_cost_wei, max_cost_base.
  CostCaps cost_caps;
  /// The reserve whose oracle price is the price of 1 ETH ([fees] eth_price_asset; Base WETH).
  Address eth_price_asset = kBaseWeth;
  // [monitor]
  std::uint64_t sweep_every_blocks = 1;      ///< users above the alert threshold are re-read this often
  std::uint64_t discover_every_blocks = 300; ///< subgraph re-sweep period (with a subgraph URL)
  // [executor]
  std::string database = "liquidbot-executor.db";  ///< LIQUIDBOT_DATABASE
  LogLevel log_level = LogLevel::info;               ///< LOG_LEVEL
  bool dry_run = false;                              ///< LIQUIDBOT_DRY_RUN
  std::uint32_t poll_interval_ms = 500;
  std::uint64_t delay_seconds = 2;  ///< execution latency the sizing accounts for (one Base block)
  /// Blocks of headroom the sizing adds to the expected landing block ([executor] slack_blocks). The
  /// plan reaches the target at that later time; as accruing debt interest lowers the health factor
  /// over time, it is then also at or above the target (and the orchestrator's on-chain minimum,
  /// which is the target) when it lands up to this many blocks late.
  std::uint64_t slack_blocks = 2;
  /// After a non-transient refusal (cost_cap, no strategy reaches the target) the user is not tried
  /// again for this many blocks, unless its enrollment changes or its health factor moves by 1% or
  /// more from the refused read ([executor] backoff_blocks; 0 = try again every block).
  std::uint64_t backoff_blocks = 20;
  // [signer]
  std::string key_file;       ///< hex key file (0600); else keystore; else WALLET_PRIVATE_KEY
  std::string keystore_file;  ///< v3 keystore; password from LIQUIDBOT_KEYSTORE_PASSWORD
  // [sender], [simulation], [fees]
  SenderPolicy sender;
  SimulationPolicy simulation;
};

/// Environment lookup (std::getenv in the program; a map in tests). Returns nullptr when unset.
using Getenv = std::function<const char*(const char*)>;

/// Builds the configuration from TOML text (may be empty) and the environment. Errors name the
/// source: "config: line 7: key 'sender.max_attempts': expected an integer", "config: environment
/// BASE_CHAIN_ID: ...", "config: BASE_RPC_URL is not set (nor [chain] rpc_url)". Unknown keys are
/// errors.
LIQUIDBOT_API Result<Config> load_config(std::string_view toml_text, const Getenv& getenv);

/// One JSON log line: {"ts":<ms>,"level":"info","event":"...", <fields>}. `fields` is a list of
/// already-encoded `"key":value` members (use json_string for text).
LIQUIDBOT_API std::string log_line(std::int64_t timestamp_ms, LogLevel level, std::string_view event,
                                   std::string_view fields);
/// A JSON string literal with escapes.
LIQUIDBOT_API std::string json_string(std::string_view text);

// ---- the pipeline --------------------------------------------------------------------------------

/// rpc::Client as the simulator's and the sender's node: eth_call / eth_estimateGas at "pending"
/// (a node error "execution reverted" becomes a CallOutcome with the revert data), raw sends,
/// receipts, the head, and fee quotes with `fees`.
class LIQUIDBOT_API RpcBackend final : public SimulationBackend, public SendBackend {
 public:
  RpcBackend(rpc::Client& client, FeePolicy fees) : client_(client), fees_(std::move(fees)) {}
  Result<CallOutcome> call(const Transaction& tx, const Address& from) override;
  Result<std::uint64_t> estimate_gas(const Transaction& tx, const Address& from) override;
  Result<Hash> send_raw(ByteView raw, rpc::NodeError* node_error) override;
  Result<std::optional<rpc::Receipt>> receipt(const Hash& hash) override;
  Result<std::uint64_t> block_number() override;
  Result<FeeQuote> fee_quote() override;

 private:
  rpc::Client& client_;
  FeePolicy fees_;
};

/// What the total cost of one intervention is made of (the cost caps are checked on it).
struct CostInputs {
  std::uint64_t gas_limit = 0;  ///< sum over the intervention's transactions (simulated, with margin)
  u256 max_fee_per_gas;         ///< of the fee quote the transactions are signed with
  u256 l1_fee_wei;              ///< sum of the transactions' Fjord L1 data fees
  u256 eth_price;               ///< base-currency units per 1 ETH (oracle price of WETH)
  u256 service_fee;             ///< fee-asset units
  u256 flash_premium;           ///< fee-asset units (deleverage; 0 otherwise)
  u256 fee_asset_price;         ///< base-currency units per whole fee-asset token (oracle)
  std::uint8_t fee_asset_decimals = 18;
};

struct InterventionCost {
  u256 network_wei;   ///< gas_limit * max_fee_per_gas + l1_fee_wei: the most the executor pays
  u256 network_base;  ///< network_wei * eth_price / 1e18, rounded up
  u256 fees_base;     ///< (service_fee + flash_premium) * fee_asset_price / 10^decimals, rounded up
  u256 total_base;    ///< network_base + fees_base
};

/// The worst-case total cost in base currency. Errors: overflow (and decimals above 77).
LIQUIDBOT_API Result<InterventionCost> intervention_cost(const CostInputs& in);
/// Ok when the cost is inside the enrollment's max_cost (base currency, 0 = none) and the fee
/// policy's caps (max_cost_wei on network_wei, max_cost_base_currency on total_base); otherwise
/// Errc::unreachable_target with "cost_cap: ..." naming the cap and both numbers.
LIQUIDBOT_API Status check_intervention_cost(const InterventionCost& cost, const u256& enrollment_max_cost,
                                             const CostCaps& caps);

/// Log sink: level, event name, already-encoded JSON members (never a key or a secret).
using LogSink = std::function<void(LogLevel, std::string_view event, const std::string& fields)>;

/// What one protection attempt did.
struct Protection {
  std::string intent_id;
  std::string strategy;       ///< "repay", "supply", "deleverage", or "" when nothing was sent
  std::string outcome;        ///< "sent", "dry_run", "skipped", "failed"
  std::string reason;
  std::vector<Hash> tx_hashes;
};

/// The executor: it owns a monitor::Monitor fed with the enrolled users (plus the subgraph's
/// borrowers when a subgraph URL is configured; only enrolled users are ever acted on). For
/// enrolled users the monitor read below their own act threshold it lets the engine
/// (aave::choose_strategy) pick among the strategies the enrollment allows and the executor can fund
/// (repay or supply on behalf with its own tokens, or the flash-loan deleverage when the user approved
/// the orchestrator), sized for the block the transaction lands in; it refuses when the total cost
/// exceeds the enrollment's max_cost or the fee policy's caps; else it simulates, signs, sends,
/// follows and records. One open intent per user at a time; a trigger is the (user, block) of the
/// read that found the user below the threshold, so it is acted on once.
class LIQUIDBOT_API Executor {
 public:
  Executor(Config config, rpc::Client& client, reader::Reader& reader, Signer& signer, Store& store,
           NonceManager& nonces, LogSink log);

  /// Reconciles intents left open by a previous run (sender.hpp reconcile) and records the
  /// interventions of the ones found included.
  Status reconcile();
  /// One cycle at the head: follow open intents (record inclusions), read the enrolled users and
  /// protect the ones below their threshold. Returns how many protections were started.
  Result<std::size_t> cycle();
  /// Sizes, simulates and sends the protection of one user read at `market.block_number`.
  Result<Protection> protect(const reader::Market& market, const reader::UserRead& read, const Enrollment& enrollment);
  /// Polls every pending intent once: replacements when due, inclusions recorded.
  Status follow();
  /// Intents still pending.
  [[nodiscard]] std::size_t pending() const { return sender_.tracked().size(); }
  /// The monitor (nullptr before the first cycle with an enrollment).
  [[nodiscard]] const monitor::Monitor* position_monitor() const { return monitor_ ? &*monitor_ : nullptr; }

 private:
  struct Open {
    Address user;
    std::string strategy;
    u256 hf_before;
    u256 service_fee;
    std::optional<Address> fee_asset;
  };
  Status record(const std::string& id, const TrackResult& result);
  /// Nonces handed out but held by no transaction the node knows (e.g. a crash between acquire and
  /// broadcast) are filled with 0-value self-transfers so later transactions are not stuck. Run by
  /// reconcile() at start and by cycle() while a tracked transaction is unmined (src/executor_gaps.cpp).
  Status fill_gaps();
  Result<u256> read_uint(const Address& to, const Bytes& data);
  /// Creates the monitor (again when an enrollment's threshold is above its alert threshold) and
  /// adds the enrolled users it does not watch yet.
  Status watch(const std::vector<Enrollment>& enrollments);

  /// A user refused for a non-transient reason: skipped until `until_block` (exclusive) while the
  /// enrollment is the same and the health factor stays within 1% of `hf`.
  struct Backoff {
    std::uint64_t until_block = 0;
    u256 hf;
    Enrollment enrollment;
  };
  /// Whether `user`, read at `block` with `hf`, is still backed off; ends (and logs) a back-off that
  /// no longer holds.
  bool backed_off(const Address& user, std::uint64_t block, const u256& hf, const Enrollment& enrollment);

  Config config_;
  rpc::Client& client_;
  reader::Reader& reader_;
  Signer& signer_;
  Store& store_;
  NonceManager& nonces_;
  LogSink log_;
  RpcBackend backend_;
  Sender sender_;
  std::map<std::string, Open> open_;
  std::optional<std::uint16_t> premium_bps_;
  std::uint64_t sent_this_cycle_ = 0;
  std::optional<monitor::Monitor> monitor_;
  u256 monitor_alert_;          ///< alert threshold of monitor_ (covers every act threshold)
  std::set<Address> watched_;   ///< enrolled users added to monitor_
  std::map<Address, Backoff> backoff_;
};

}  // namespace liquidbot::executor
