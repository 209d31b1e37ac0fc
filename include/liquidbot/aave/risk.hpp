// SPDX-License-Identifier: MIT
// Risk scoring, urgency ordering and strategy selection for Aave V3 borrowers.
// The score and its inputs are documented in docs/risk-scoring.md. Scores use doubles (they rank
// positions); every amount a strategy would execute comes from protection.hpp and is exact.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace liquidbot::aave {

/// Thresholds and market assumptions; defaults follow the product spec.
struct RiskConfig {
  u256 alert_hf = u256(1'100'000'000'000'000'000ULL);   ///< alert below 1.10
  u256 act_hf = u256(1'050'000'000'000'000'000ULL);     ///< act below 1.05
  u256 target_hf = u256(1'300'000'000'000'000'000ULL);  ///< restore to 1.30
  double horizon_days = 1.0;          ///< how far ahead the score looks
  double default_volatility = 0.80;   ///< annualised volatility of assets not listed below
  std::vector<std::pair<Address, double>> volatility;  ///< per-asset annualised volatility
  std::uint64_t delay_seconds = 0;    ///< execution latency used when sizing actions

  /// Volatility of `asset` (the listed value or the default).
  [[nodiscard]] LIQUIDBOT_API double volatility_of(const Address& asset) const noexcept;
  /// Errors: invalid_argument when act_hf > alert_hf, act_hf < 1, target_hf <= act_hf,
  /// a non-finite or negative volatility or horizon.
  [[nodiscard]] LIQUIDBOT_API Status validate() const;
};

enum class RiskLevel : std::uint8_t { ok, alert, act, liquidatable };
[[nodiscard]] LIQUIDBOT_API std::string_view to_string(RiskLevel level) noexcept;

struct RiskScore {
  RiskLevel level = RiskLevel::ok;
  AccountData account;
  std::int64_t drop_ppb = 0;         ///< uniform collateral-price drop to liquidation (ppb)
  bool has_debt = false;
  double volatility = 0.0;           ///< collateral-value-weighted annualised volatility
  double sigmas = 0.0;               ///< drop / (volatility * sqrt(horizon/365))
  double probability = 0.0;          ///< exp(-sigmas^2 / 2), 1 when liquidatable
  double penalty_base = 0.0;         ///< liquidation bonus lost if liquidated (base currency)
  double expected_loss_base = 0.0;   ///< probability * penalty_base
  double score = 0.0;                ///< 0..100 = 100 * probability
};

/// Scores the snapshot's user. Errors: those of account_data and config.validate().
[[nodiscard]] LIQUIDBOT_API Result<RiskScore> score_risk(const Snapshot& snapshot,
                                                         const RiskConfig& config);

/// Urgency order: level, then expected loss, then lower HF, then larger debt.
[[nodiscard]] LIQUIDBOT_API bool more_urgent(const RiskScore& a, const RiskScore& b) noexcept;
/// Indices of `scores`, most urgent first (stable for ties).
[[nodiscard]] LIQUIDBOT_API std::vector<std::size_t> urgency_order(
    std::span<const RiskScore> scores);

/// One way to protect the position, and what executing it costs besides the amounts moved.
struct StrategyCandidate {
  enum class Kind : std::uint8_t { repay, supply, deleverage };
  Kind kind = Kind::repay;
  Address asset;                       ///< repaid / supplied asset (deleverage: the debt asset)
  std::optional<DeleverageParams> deleverage;  ///< required for Kind::deleverage
  std::uint16_t service_fee_bps = 0;   ///< repay/supply: service fee in bps of the amount
  std::uint64_t gas = 0;               ///< L2 gas units
  u256 l1_fee_wei;                     ///< L1 data fee of the transaction(s)
  std::optional<u256> max_amount;      ///< e.g. the payer's balance
};

/// Network prices used to turn gas into base currency.
struct NetworkCosts {
  u256 gas_price_wei;          ///< effective L2 gas price
  u256 native_price_base;      ///< price of 1 ETH (1e18 wei) in base-currency units
};

struct StrategyChoice {
  bool alert_only = true;      ///< no candidate is worth executing (or none is needed)
  std::string_view why;        ///< short reason, e.g. "cost exceeds protected value"
  RiskScore risk;
  std::optional<std::size_t> candidate;   ///< index of the chosen candidate
  double cost_base = 0.0;                 ///< total cost of the chosen candidate
  std::optional<Plan> plan;               ///< repay/supply sizing
  std::optional<DeleveragePlan> deleverage_plan;
  std::vector<double> candidate_costs;    ///< per candidate; negative = cannot reach the target
};

/// Picks the cheapest candidate that restores config.target_hf, or alert-only when the position
/// is above act_hf, when nothing reaches the target, or when the cheapest cost exceeds the
/// expected loss it protects against. Errors: those of score_risk and invalid candidates.
[[nodiscard]] LIQUIDBOT_API Result<StrategyChoice> choose_strategy(
    const Snapshot& snapshot, const RiskConfig& config, const NetworkCosts& network,
    std::span<const StrategyCandidate> candidates);

}  // namespace liquidbot::aave
