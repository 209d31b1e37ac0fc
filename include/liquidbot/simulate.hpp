// Simulation before every send: eth_call of the exact transaction (from, to, data, value, gas, fees),
// revert reasons decoded (Error(string), Panic(uint256), Aave's numeric error codes of 3.0-3.1, Aave's
// custom errors of 3.2 on and the orchestrator's custom errors), eth_estimateGas with a margin, and the post-action health factor
// checked against the target. A failing simulation is a SimulationReport with ok == false and a
// reason to record; nothing is sent.
#pragma once

#include <liquidbot/abi.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/transaction.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace liquidbot {

/// The answer of eth_call: return data, or revert data (JSON-RPC error code 3 "execution reverted"
/// carries it in `data`; a node that gives no data yields an empty revert).
struct CallOutcome {
  bool reverted = false;
  Bytes data;
};

/// What the simulator needs from a node; the executor adapts its JSON-RPC client to it.
class SimulationBackend {
 public:
  virtual ~SimulationBackend() = default;
  /// eth_call of `tx` as sent by `from` at the "pending" block. Transport and non-revert node errors
  /// are errors; a revert is a CallOutcome.
  virtual Result<CallOutcome> call(const Transaction& tx, const Address& from) = 0;
  /// eth_estimateGas of `tx` from `from`; a revert is Errc::rpc with the decoded reason.
  virtual Result<std::uint64_t> estimate_gas(const Transaction& tx, const Address& from) = 0;
};

/// Name of an Aave 3.0-3.1 error code ("35" -> "HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD",
/// Errors.sol of @aave/core-v3 1.19.x); nullopt for a string that is not one of the codes.
LIQUIDBOT_API std::optional<std::string_view> aave_error_name(std::string_view code) noexcept;

/// Signature of an Aave 3.2+ custom error by its 4-byte selector ("InvalidAmount()",
/// "InvalidCollateralInEmode(address,uint256)"): the 92 errors of Errors.sol in aave-v3-origin 3.6.0,
/// a table computed at compile time; nullopt for any other selector.
LIQUIDBOT_API std::optional<std::string_view> aave_custom_error(const Selector& selector) noexcept;

/// Revert data as the simulator reads it: abi::decode_revert with the orchestrator's custom errors,
/// then a selector none of those match is looked up with aave_custom_error and its arguments decoded
/// strictly (kind custom, `custom` = the Aave error, custom_index meaningless). Malformed data (short
/// selector, truncated or extra argument bytes) is an Errc::decode error naming the signature.
LIQUIDBOT_API Result<abi::Revert> decode_revert_data(ByteView data);

/// One line describing revert data: `Error("35": HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD)`,
/// `Panic(0x11: arithmetic overflow or underflow)`, an Aave or orchestrator custom error with its
/// arguments (`InvalidDebtInEmode(0xAbC..., 3)`: addresses checksummed, integers decimal),
/// `empty`, or `undecodable revert data 0x...`.
LIQUIDBOT_API std::string describe_revert(ByteView data);

struct SimulationPolicy {
  /// gas_limit = ceil(estimate * (100 + margin) / 100).
  std::uint32_t gas_margin_percent = 20;
  /// Refuse when the margin-added limit exceeds this (Base's per-transaction cap is 2^24 + ...;
  /// keep well below). 0 = no limit.
  std::uint64_t max_gas_limit = 16'000'000;
};

struct SimulationReport {
  bool ok = false;
  std::string reason;            ///< why not ok: decoded revert, gas limit, post-HF below target
  Bytes return_data;             ///< eth_call return data when it succeeded
  std::uint64_t gas_estimate = 0;
  std::uint64_t gas_limit = 0;   ///< with the margin; set in tx by simulate()
};

/// The health factor expected after the action (engine re-evaluation of the plan) and the target.
struct HealthCheck {
  u256 expected_after;  ///< WAD
  u256 target;          ///< WAD
};

/// Simulates `tx` from `from`: eth_call (a revert fails with its decoded reason), estimateGas with
/// the margin (sets tx.gas_limit), then the health check when given. Errors (Result error) only for
/// transport failures the caller may retry; every verdict about the transaction is in the report.
LIQUIDBOT_API Result<SimulationReport> simulate(SimulationBackend& backend, Transaction& tx, const Address& from,
                                                const SimulationPolicy& policy,
                                                const std::optional<HealthCheck>& health = std::nullopt);

/// ceil(estimate * (100 + margin) / 100); overflow is an error.
LIQUIDBOT_API Result<std::uint64_t> gas_with_margin(std::uint64_t estimate, std::uint32_t margin_percent);

/// Formats a WAD as a decimal truncated to at most 4 fraction digits ("1.2999", "1.3"); "inf" for
/// u256::max() (no debt).
LIQUIDBOT_API std::string format_wad(const u256& wad);

}  // namespace liquidbot
