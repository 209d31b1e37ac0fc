// The per-reserve step of GenericLogic.calculateUserAccountData and its final step, shared by the
// single-snapshot path (account.cpp) and the batch path (batch.cpp). Checked arithmetic throughout:
// a step that reverts on chain is an error here.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/u256.hpp>

#include <optional>

namespace liquidbot::detail {

/// The user's eMode as the account-data loop sees it.
struct AaveEModeView {
  std::uint8_t category = 0;  ///< 0 = none
  const aave::EModeCategory* emode = nullptr;
};

/// Inputs of one flagged reserve. `income`/`debt_index` are the normalized indexes at the
/// evaluation timestamp, or nullptr when they could not be computed (`*_error` says why).
struct AaveLineInput {
  std::uint16_t id = 0;
  const aave::ReserveConfig* config = nullptr;
  const u256* oracle_price = nullptr;
  const u256* unit = nullptr;
  const u256* income = nullptr;
  const u256* debt_index = nullptr;
  const Error* income_error = nullptr;
  const Error* debt_error = nullptr;
  const u256* scaled_atoken = nullptr;
  const u256* scaled_vdebt = nullptr;
  const u256* stable_debt = nullptr;  ///< 3.0-3.1 stable balance at t, nullptr = none
  bool borrowed = false;
  bool collateral = false;
};

/// A reserve's normalized income and debt at a timestamp, or why each cannot be computed (an
/// evaluation before lastUpdateTimestamp, or an overflow); errors name reserves[index].
struct AaveReserveIndexes {
  u256 income;
  u256 debt_index;
  std::optional<Error> income_error;
  std::optional<Error> debt_error;
};
AaveReserveIndexes aave_reserve_indexes(const aave::Reserve& reserve, std::size_t index,
                                        std::uint64_t timestamp, aave::Revision revision);

class AaveAccountAccumulator {
 public:
  AaveAccountAccumulator(aave::Revision revision, AaveEModeView emode) noexcept
      : revision_(revision), emode_(emode) {}

  /// Adds one flagged reserve; fills `line` when not null.
  Status add(const AaveLineInput& in, aave::ReserveLine* line);
  /// getUserAccountData from the sums (also for an empty configuration: call finish() directly).
  Result<aave::AccountData> finish() const;

  [[nodiscard]] const u256& weighted_lt_sum() const noexcept { return lt_sum_; }
  [[nodiscard]] const u256& weighted_ltv_sum() const noexcept { return ltv_sum_; }
  [[nodiscard]] bool has_zero_ltv() const noexcept { return has_zero_ltv_; }

 private:
  aave::Revision revision_;
  AaveEModeView emode_;
  u256 collateral_;
  u256 debt_;
  u256 lt_sum_;
  u256 ltv_sum_;
  bool has_zero_ltv_ = false;
};

}  // namespace liquidbot::detail
