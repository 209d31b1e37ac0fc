// Position monitor: keeps the set of Aave V3 borrowers (subgraph sweep, Borrow-event fallback and
// top-up), reads their exact state on chain in one block per cycle (reader.hpp), evaluates and
// scores every user with the engine (aave/risk.hpp), classifies them (ok / alert / act /
// liquidatable) and reports level changes through a callback and a queue the executor drains.
// Hot users (below the alert threshold) are re-read every block, the rest every
// `sweep_every_blocks`; the market (prices, indexes, configuration) is read once per cycle for
// everyone. When a source fails the monitor keeps its last good data and reports how stale it is.
#pragma once

#include <liquidbot/aave/risk.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/subgraph.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::monitor {

struct Config {
  aave::RiskConfig risk;                    ///< thresholds (alert 1.10, act 1.05 by default)
  std::uint64_t sweep_every_blocks = 10;    ///< users at ok are re-read this often (>= 1)
  std::uint64_t discover_every_blocks = 300;///< subgraph re-sweep period (>= 1)
  std::uint64_t log_range = 2000;           ///< eth_getLogs window of the event fallback (>= 1)
  /// First block the event fallback scans when it has never scanned (e.g. the Pool's deployment).
  std::uint64_t events_from_block = 0;
  /// Most blocks one fallback scan covers (older history is left to the subgraph); 0 = unbounded.
  std::uint64_t events_max_blocks = 0;

  /// Errors: invalid_argument for zero periods/ranges and those of risk.validate().
  [[nodiscard]] LIQUIDBOT_API Status validate() const;
};

enum class Source : std::uint8_t { none, subgraph, events };
[[nodiscard]] LIQUIDBOT_API std::string_view to_string(Source source) noexcept;

/// The latest evaluation of one user.
struct UserState {
  Address user;
  aave::RiskScore risk;              ///< engine evaluation (account data, score, level)
  aave::AccountData on_chain;        ///< getUserAccountData read in the same block
  bool matches_chain = false;        ///< engine account data == on_chain (all six fields)
  std::uint64_t block = 0;           ///< block of the read; 0 = never read successfully
};

/// A level change (or the first evaluation of a user that is not ok).
struct Change {
  Address user;
  std::optional<aave::RiskLevel> previous;  ///< nullopt on the first evaluation
  aave::RiskLevel current = aave::RiskLevel::ok;
  aave::RiskScore risk;
  std::uint64_t block = 0;
};

/// What the monitor knows about its own freshness.
struct Health {
  std::uint64_t head_block = 0;        ///< latest head seen
  std::uint64_t last_good_block = 0;   ///< block of the last cycle whose market and user reads worked
  std::uint64_t stale_blocks = 0;      ///< head_block - last_good_block
  std::chrono::milliseconds stale_for{0};  ///< time since last_good_time (0 before the first good cycle)
  std::chrono::system_clock::time_point last_good_time{};
  Source discovery_source = Source::none;
  std::uint64_t discovery_block = 0;   ///< block the borrower set was last discovered at
  std::string last_error;              ///< latest failure of any source ("" when none yet)
  std::string discovery_error;         ///< latest subgraph failure that caused the fallback
  std::uint32_t consecutive_failures = 0;
  std::uint64_t failed_user_reads = 0; ///< users whose read failed (kept at their last state)
};

/// Counters and timings of one cycle.
struct CycleReport {
  std::uint64_t block = 0;
  bool discovered = false;
  Source source = Source::none;
  std::size_t borrowers = 0;           ///< size of the borrower set
  std::size_t users_read = 0;
  std::size_t hot_users = 0;           ///< users below the alert threshold after the cycle
  std::size_t failed_users = 0;
  std::size_t changes = 0;
  std::chrono::nanoseconds discovery_time{0};
  std::chrono::nanoseconds read_time{0};    ///< market + user reads (waiting on the node)
  std::chrono::nanoseconds evaluate_time{0};///< engine + scoring
  /// Users that left the set this cycle: read on chain with no borrowing bit left (fully repaid,
  /// or liquidated to zero debt; the subgraph stops listing them too, borrowedReservesCount 0).
  /// Users added with add_borrowers() never leave.
  std::size_t dropped = 0;
};

using ChangeCallback = std::function<void(const Change&)>;

class LIQUIDBOT_API Monitor {
 public:
  /// `client` and `reader` must outlive the monitor; `subgraph` is optional (events only without).
  static Result<Monitor> create(rpc::Client& client, reader::Reader& reader,
                                std::optional<subgraph::Client> subgraph, Config config);

  Monitor(Monitor&&) noexcept;
  Monitor& operator=(Monitor&&) noexcept;
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;
  ~Monitor();

  /// Called for every change, in urgency order within a cycle, before it is queued.
  void on_change(ChangeCallback callback);
  /// Adds borrowers by hand (e.g. enrolled users); they are read on the next cycle and stay in the
  /// set even when they owe nothing (discovered borrowers leave once fully repaid).
  void add_borrowers(std::span<const Address> users);

  /// One cycle at the chain head: discovery when due (or `full`), the market read, the reads of
  /// the users that are due (every user when `full`), evaluation and change reports. On an error
  /// the previous state is kept and health() says how stale it is; the error is returned.
  Result<CycleReport> step(bool full = false);

  /// Users below the alert threshold (level != ok), most urgent first.
  [[nodiscard]] std::vector<UserState> at_risk() const;
  /// Every known borrower's latest state, ascending by address (block 0 = never read).
  [[nodiscard]] std::vector<UserState> users() const;
  [[nodiscard]] const Health& health() const noexcept;
  /// Drains the change queue (oldest first).
  [[nodiscard]] std::vector<Change> take_changes();

 private:
  struct Impl;
  explicit Monitor(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace liquidbot::monitor
