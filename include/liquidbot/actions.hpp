// Protective actions against the Aave V3 Pool and their calldata: repay on behalf of a user with the
// executor's funds (approve first when the allowance is short), supply on behalf, and the flash-loan
// deleverage through contracts/FlashLoanOrchestrator.sol. Also the service fee (bps with a cap) and
// the view calls the executor reads before acting (allowance, balanceOf, getUserAccountData).
//
// Selectors (aave-v3.md §7.4): repay 0x573ade81, supply 0x617ba037, approve 0x095ea7b3,
// getUserAccountData 0xbf92857c. All encoders here take only static arguments, so they use the
// allocation-free typed ABI path and cannot fail.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/abi.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace liquidbot::actions {

using Approve = abi::Function<"approve", Address, u256>;
using Allowance = abi::Function<"allowance", Address, Address>;
using BalanceOf = abi::Function<"balanceOf", Address>;
using Repay = abi::Function<"repay", Address, u256, u256, Address>;
using Supply = abi::Function<"supply", Address, u256, Address, std::uint16_t>;
using GetUserAccountData = abi::Function<"getUserAccountData", Address>;
/// FlashLoanOrchestrator.deleverage(user, debtAsset, collateralAsset, flashAmount, withdrawAmount,
/// minSwapOut, serviceFee, minHealthFactor).
using Deleverage = abi::Function<"deleverage", Address, Address, Address, u256, u256, u256, u256, u256>;

/// Aave variable-rate mode (stable mode 1 is deprecated since v3.2).
inline constexpr std::uint64_t kVariableRateMode = 2;

/// One contract call of a protective transaction.
struct Call {
  Address to;
  Bytes data;
  u256 value;
  friend bool operator==(const Call&, const Call&) = default;
};

/// Pool.repay(asset, amount, 2, on_behalf_of). The amount must be explicit (type(uint256).max is
/// refused by the Pool for a third party: NoExplicitAmountToRepayOnBehalf).
LIQUIDBOT_API Call repay_call(const Address& pool, const Address& asset, const u256& amount,
                              const Address& on_behalf_of);
/// Pool.supply(asset, amount, on_behalf_of, 0).
LIQUIDBOT_API Call supply_call(const Address& pool, const Address& asset, const u256& amount,
                               const Address& on_behalf_of);
/// token.approve(spender, amount).
LIQUIDBOT_API Call approve_call(const Address& token, const Address& spender, const u256& amount);

/// How much to approve when the allowance is short.
enum class ApprovalPolicy : std::uint8_t {
  exact,      ///< exactly the amount of this action (one approve per action)
  unlimited,  ///< type(uint256).max once
};

/// What the executor holds of the asset it pays with.
struct Funds {
  u256 balance;    ///< token.balanceOf(executor)
  u256 allowance;  ///< token.allowance(executor, pool)
};

/// The transactions of a repay or supply with the executor's funds: an approve when
/// funds.allowance < amount, then the action. Both go from the executor, in this order (consecutive
/// nonces).
struct FundedAction {
  std::optional<Call> approve;
  Call action;
};

enum class FundedKind : std::uint8_t { repay, supply };
[[nodiscard]] LIQUIDBOT_API std::string_view to_string(FundedKind kind) noexcept;

/// Builds the repay-on-behalf or supply-on-behalf transactions. Errors: invalid_argument for a zero
/// amount; unreachable_target "insufficient executor funds" when funds.balance < amount (the message
/// has both numbers).
[[nodiscard]] LIQUIDBOT_API Result<FundedAction> plan_funded_action(FundedKind kind, const Address& pool,
                                                                    const Address& asset, const u256& amount,
                                                                    const Address& user, const Funds& funds,
                                                                    ApprovalPolicy policy = ApprovalPolicy::exact);

/// Service fee: min(ceil(amount * bps / 10000), cap); cap 0 means no cap. Errors: invalid_argument
/// for bps > 10000.
[[nodiscard]] LIQUIDBOT_API Result<u256> service_fee(const u256& amount, std::uint32_t bps, const u256& cap);

/// Arguments of FlashLoanOrchestrator.deleverage.
struct DeleverageCall {
  Address user;
  Address debt_asset;
  Address collateral_asset;
  u256 flash_amount;       ///< F: flash-borrowed and repaid on the user's behalf
  u256 withdraw_amount;    ///< W: user's aTokens pulled and withdrawn
  u256 min_swap_out;       ///< the swap must return at least this much of the debt asset
  u256 service_fee;        ///< paid to the fee collector in the debt asset
  u256 min_health_factor;  ///< the contract reverts when the user's HF ends below this (WAD)
};
/// orchestrator.deleverage(...). Errors: invalid_argument when the swap minimum cannot cover F plus
/// the fee (min_swap_out < flash_amount + service_fee), or F or W is zero.
[[nodiscard]] LIQUIDBOT_API Result<Call> deleverage_call(const Address& orchestrator, const DeleverageCall& call);

/// token.allowance(owner, spender), token.balanceOf(owner), pool.getUserAccountData(user).
LIQUIDBOT_API Bytes allowance_calldata(const Address& owner, const Address& spender);
LIQUIDBOT_API Bytes balance_of_calldata(const Address& owner);
LIQUIDBOT_API Bytes account_data_calldata(const Address& user);
/// Decodes the six words of getUserAccountData (strict: exactly 192 bytes).
[[nodiscard]] LIQUIDBOT_API Result<aave::AccountData> decode_account_data(ByteView return_data);
/// Decodes a single uint256 return value (allowance, balanceOf).
[[nodiscard]] LIQUIDBOT_API Result<u256> decode_uint(ByteView return_data);

}  // namespace liquidbot::actions
