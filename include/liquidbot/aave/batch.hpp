// Batch evaluation: many users against one reserve table. Normalized indexes are computed once per
// timestamp; users are stored structure-of-arrays; the hot loop allocates nothing; optional threads;
// incremental re-evaluation of only the users holding an asset whose price moved.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace liquidbot::aave {

/// The shared reserve table at one timestamp: reserves, eModes, prices and normalized indexes.
class LIQUIDBOT_API Market {
 public:
  /// From a snapshot's market part (its user is ignored); indexes evaluated at snapshot.timestamp.
  static Result<Market> from_snapshot(const Snapshot& snapshot);

  /// Re-evaluates every reserve's normalized income/debt at `timestamp` (once, for all users).
  Status set_timestamp(std::uint64_t timestamp);
  /// Changes one reserve's price (by reserve id).
  Status set_price(std::uint16_t reserve_id, const u256& price);

  [[nodiscard]] Revision revision() const noexcept { return revision_; }
  [[nodiscard]] std::uint64_t timestamp() const noexcept { return timestamp_; }
  [[nodiscard]] const std::vector<Reserve>& reserves() const noexcept { return reserves_; }
  [[nodiscard]] const std::vector<EModeCategory>& emodes() const noexcept { return emodes_; }
  /// Normalized income / debt of reserves()[i] at timestamp().
  [[nodiscard]] const u256& income(std::size_t i) const noexcept { return income_[i]; }
  [[nodiscard]] const u256& debt_index(std::size_t i) const noexcept { return debt_[i]; }
  /// Index into reserves() of a reserve id, or -1.
  [[nodiscard]] int index_of(std::uint16_t reserve_id) const noexcept {
    return reserve_id < kMaxReserves ? by_id_[reserve_id] : -1;
  }

 private:
  Revision revision_ = kDefaultRevision;
  std::uint64_t timestamp_ = 0;
  u256 base_currency_unit_;
  std::vector<Reserve> reserves_;
  std::vector<EModeCategory> emodes_;
  std::vector<u256> income_;
  std::vector<u256> debt_;
  std::vector<u256> unit_;
  std::vector<std::optional<Error>> income_error_;  ///< why a reserve's income index failed
  std::vector<std::optional<Error>> debt_error_;    ///< why a reserve's debt index failed
  int by_id_[kMaxReserves] = {};
  int emode_by_id_[256] = {};
  friend struct BatchAccess;
};

/// Users stored structure-of-arrays: one row per (user, flagged reserve).
class LIQUIDBOT_API UserBook {
 public:
  /// Adds a user (validated against the market like a snapshot's user); returns its index.
  Result<std::uint32_t> add(const Market& market, const UserState& user);

  [[nodiscard]] std::size_t size() const noexcept { return configuration_.size(); }
  [[nodiscard]] const Address& address(std::uint32_t user) const noexcept { return address_[user]; }
  [[nodiscard]] const u256& configuration(std::uint32_t user) const noexcept {
    return configuration_[user];
  }
  /// Users with a flagged position (collateral or borrow) in this reserve id, ascending.
  [[nodiscard]] std::span<const std::uint32_t> users_holding(std::uint16_t reserve_id) const noexcept;

 private:
  std::vector<Address> address_;
  std::vector<u256> configuration_;
  std::vector<std::uint8_t> emode_;
  /// One (user, flagged reserve): what the fast path reads, packed into 32 bytes.
  struct Row {
    std::uint64_t atoken_low = 0;  ///< scaled aToken balance, low 64 bits
    std::uint64_t vdebt_low = 0;   ///< scaled variable debt, low 64 bits
    std::uint32_t atoken_high = 0; ///< bits 64..95
    std::uint32_t vdebt_high = 0;  ///< bits 64..95
    std::uint16_t reserve = 0;     ///< reserve index (into Market::reserves())
    std::uint8_t flags = 0;        ///< kBorrowing | kCollateral | kWide | kStable
  };
  static constexpr std::uint8_t kBorrowing = 1;
  static constexpr std::uint8_t kCollateral = 2;
  static constexpr std::uint8_t kWide = 4;    ///< a scaled balance of 2^96 or more
  static constexpr std::uint8_t kStable = 8;  ///< 3.0-3.1 stable debt principal

  std::vector<std::uint32_t> first_row_;  ///< rows of user u: [first_row_[u], first_row_[u + 1])
  std::vector<Row> rows_;
  std::vector<u256> row_scaled_atoken_;
  std::vector<u256> row_scaled_vdebt_;
  std::vector<std::uint32_t> row_stable_;   ///< index into stable_ or UINT32_MAX
  std::vector<Position> stable_;            ///< 3.0-3.1 stable positions (rare)
  std::vector<std::vector<std::uint32_t>> holders_;  ///< by reserve id
  friend struct BatchAccess;
};

struct BatchOptions {
  unsigned threads = 1;  ///< worker threads (1 = the calling thread only)
};

/// Evaluates every user: out[u] / status[u] (Errc::ok or the reason the chain would revert).
/// out and status must have book.size() entries.
LIQUIDBOT_API Status evaluate_all(const Market& market, const UserBook& book,
                                  std::span<AccountData> out, std::span<Errc> status,
                                  BatchOptions options = {});
/// Evaluates only the listed users (e.g. book.users_holding(id) after a price move).
LIQUIDBOT_API Status evaluate_users(const Market& market, const UserBook& book,
                                    std::span<const std::uint32_t> users,
                                    std::span<AccountData> out, std::span<Errc> status,
                                    BatchOptions options = {});
/// Sets one reserve's price and re-evaluates only the users holding it.
LIQUIDBOT_API Status reprice(Market& market, const UserBook& book, std::uint16_t reserve_id,
                             const u256& price, std::span<AccountData> out,
                             std::span<Errc> status, BatchOptions options = {});

}  // namespace liquidbot::aave
