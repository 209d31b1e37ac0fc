#include <liquidbot/abi.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/simulate.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <utility>
#include <vector>

namespace liquidbot {
namespace {

struct AaveError {
  int code;
  std::string_view name;
};

// Errors.sol of @aave/core-v3 1.19.x (protocol 3.0-3.1): require(cond, Errors.X) reverts with
// Error(string) whose message is the decimal code. 48 is unused.
constexpr AaveError kAaveErrors[] = {
    {1, "CALLER_NOT_POOL_ADMIN"},
    {2, "CALLER_NOT_EMERGENCY_ADMIN"},
    {3, "CALLER_NOT_POOL_OR_EMERGENCY_ADMIN"},
    {4, "CALLER_NOT_RISK_OR_POOL_ADMIN"},
    {5, "CALLER_NOT_ASSET_LISTING_OR_POOL_ADMIN"},
    {6, "CALLER_NOT_BRIDGE"},
    {7, "ADDRESSES_PROVIDER_NOT_REGISTERED"},
    {8, "INVALID_ADDRESSES_PROVIDER_ID"},
    {9, "NOT_CONTRACT"},
    {10, "CALLER_NOT_POOL_CONFIGURATOR"},
    {11, "CALLER_NOT_ATOKEN"},
    {12, "INVALID_ADDRESSES_PROVIDER"},
    {13, "INVALID_FLASHLOAN_EXECUTOR_RETURN"},
    {14, "RESERVE_ALREADY_ADDED"},
    {15, "NO_MORE_RESERVES_ALLOWED"},
    {16, "EMODE_CATEGORY_RESERVED"},
    {17, "INVALID_EMODE_CATEGORY_ASSIGNMENT"},
    {18, "RESERVE_LIQUIDITY_NOT_ZERO"},
    {19, "FLASHLOAN_PREMIUM_INVALID"},
    {20, "INVALID_RESERVE_PARAMS"},
    {21, "INVALID_EMODE_CATEGORY_PARAMS"},
    {22, "BRIDGE_PROTOCOL_FEE_INVALID"},
    {23, "CALLER_MUST_BE_POOL"},
    {24, "INVALID_MINT_AMOUNT"},
    {25, "INVALID_BURN_AMOUNT"},
    {26, "INVALID_AMOUNT"},
    {27, "RESERVE_INACTIVE"},
    {28, "RESERVE_FROZEN"},
    {29, "RESERVE_PAUSED"},
    {30, "BORROWING_NOT_ENABLED"},
    {31, "STABLE_BORROWING_NOT_ENABLED"},
    {32, "NOT_ENOUGH_AVAILABLE_USER_BALANCE"},
    {33, "INVALID_INTEREST_RATE_MODE_SELECTED"},
    {34, "COLLATERAL_BALANCE_IS_ZERO"},
    {35, "HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD"},
    {36, "COLLATERAL_CANNOT_COVER_NEW_BORROW"},
    {37, "COLLATERAL_SAME_AS_BORROWING_CURRENCY"},
    {38, "AMOUNT_BIGGER_THAN_MAX_LOAN_SIZE_STABLE"},
    {39, "NO_DEBT_OF_SELECTED_TYPE"},
    {40, "NO_EXPLICIT_AMOUNT_TO_REPAY_ON_BEHALF"},
    {41, "NO_OUTSTANDING_STABLE_DEBT"},
    {42, "NO_OUTSTANDING_VARIABLE_DEBT"},
    {43, "UNDERLYING_BALANCE_ZERO"},
    {44, "INTEREST_RATE_REBALANCE_CONDITIONS_NOT_MET"},
    {45, "HEALTH_FACTOR_NOT_BELOW_THRESHOLD"},
    {46, "COLLATERAL_CANNOT_BE_LIQUIDATED"},
    {47, "SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER"},
    {49, "INCONSISTENT_FLASHLOAN_PARAMS"},
    {50, "BORROW_CAP_EXCEEDED"},
    {51, "SUPPLY_CAP_EXCEEDED"},
    {52, "UNBACKED_MINT_CAP_EXCEEDED"},
    {53, "DEBT_CEILING_EXCEEDED"},
    {54, "UNDERLYING_CLAIMABLE_RIGHTS_NOT_ZERO"},
    {55, "STABLE_DEBT_NOT_ZERO"},
    {56, "VARIABLE_DEBT_SUPPLY_NOT_ZERO"},
    {57, "LTV_VALIDATION_FAILED"},
    {58, "INCONSISTENT_EMODE_CATEGORY"},
    {59, "PRICE_ORACLE_SENTINEL_CHECK_FAILED"},
    {60, "ASSET_NOT_BORROWABLE_IN_ISOLATION"},
    {61, "RESERVE_ALREADY_INITIALIZED"},
    {62, "USER_IN_ISOLATION_MODE_OR_LTV_ZERO"},
    {63, "INVALID_LTV"},
    {64, "INVALID_LIQ_THRESHOLD"},
    {65, "INVALID_LIQ_BONUS"},
    {66, "INVALID_DECIMALS"},
    {67, "INVALID_RESERVE_FACTOR"},
    {68, "INVALID_BORROW_CAP"},
    {69, "INVALID_SUPPLY_CAP"},
    {70, "INVALID_LIQUIDATION_PROTOCOL_FEE"},
    {71, "INVALID_EMODE_CATEGORY"},
    {72, "INVALID_UNBACKED_MINT_CAP"},
    {73, "INVALID_DEBT_CEILING"},
    {74, "INVALID_RESERVE_INDEX"},
    {75, "ACL_ADMIN_CANNOT_BE_ZERO"},
    {76, "INCONSISTENT_PARAMS_LENGTH"},
    {77, "ZERO_ADDRESS_NOT_VALID"},
    {78, "INVALID_EXPIRATION"},
    {79, "INVALID_SIGNATURE"},
    {80, "OPERATION_NOT_SUPPORTED"},
    {81, "DEBT_CEILING_NOT_ZERO"},
    {82, "ASSET_NOT_LISTED"},
    {83, "INVALID_OPTIMAL_USAGE_RATIO"},
    {84, "INVALID_OPTIMAL_STABLE_TO_TOTAL_DEBT_RATIO"},
    {85, "UNDERLYING_CANNOT_BE_RESCUED"},
    {86, "ADDRESSES_PROVIDER_ALREADY_ADDED"},
    {87, "POOL_ADDRESSES_DO_NOT_MATCH"},
    {88, "STABLE_BORROWING_ENABLED"},
    {89, "SILOED_BORROWING_VIOLATION"},
    {90, "RESERVE_DEBT_NOT_ZERO"},
    {91, "FLASHLOAN_DISABLED"},
};

// Errors.sol of aave-v3-origin 3.6.0 (protocol 3.2 on): `error X(...)` custom errors replace the
// numeric string codes. Selector -> signature, computed and sorted at compile time.
constexpr std::string_view kAaveCustomErrorSignatures[] = {
    "CallerNotPoolAdmin()",
    "CallerNotPoolOrEmergencyAdmin()",
    "CallerNotRiskOrPoolAdmin()",
    "CallerNotAssetListingOrPoolAdmin()",
    "AddressesProviderNotRegistered()",
    "InvalidAddressesProviderId()",
    "NotContract()",
    "CallerNotPoolConfigurator()",
    "CallerNotAToken()",
    "InvalidAddressesProvider()",
    "InvalidFlashloanExecutorReturn()",
    "ReserveAlreadyAdded()",
    "NoMoreReservesAllowed()",
    "EModeCategoryReserved()",
    "ReserveLiquidityNotZero()",
    "FlashloanPremiumInvalid()",
    "InvalidReserveParams()",
    "InvalidEmodeCategoryParams()",
    "CallerMustBePool()",
    "InvalidMintAmount()",
    "InvalidBurnAmount()",
    "InvalidAmount()",
    "ReserveInactive()",
    "ReserveFrozen()",
    "ReservePaused()",
    "BorrowingNotEnabled()",
    "NotEnoughAvailableUserBalance()",
    "InvalidInterestRateModeSelected()",
    "HealthFactorLowerThanLiquidationThreshold()",
    "CollateralCannotCoverNewBorrow()",
    "NoDebtOfSelectedType()",
    "NoExplicitAmountToRepayOnBehalf()",
    "UnderlyingBalanceZero()",
    "HealthFactorNotBelowThreshold()",
    "CollateralCannotBeLiquidated()",
    "SpecifiedCurrencyNotBorrowedByUser()",
    "InconsistentFlashloanParams()",
    "BorrowCapExceeded()",
    "SupplyCapExceeded()",
    "DebtCeilingExceeded()",
    "UnderlyingClaimableRightsNotZero()",
    "VariableDebtSupplyNotZero()",
    "LtvValidationFailed()",
    "InconsistentEModeCategory()",
    "PriceOracleSentinelCheckFailed()",
    "AssetNotBorrowableInIsolation()",
    "ReserveAlreadyInitialized()",
    "UserInIsolationModeOrLtvZero()",
    "InvalidLtv()",
    "InvalidLiquidationThreshold()",
    "InvalidLiquidationBonus()",
    "InvalidDecimals()",
    "InvalidReserveFactor()",
    "InvalidBorrowCap()",
    "InvalidSupplyCap()",
    "InvalidLiquidationProtocolFee()",
    "InvalidDebtCeiling()",
    "InvalidReserveIndex()",
    "AclAdminCannotBeZero()",
    "InconsistentParamsLength()",
    "ZeroAddressNotValid()",
    "InvalidExpiration()",
    "InvalidSignature()",
    "OperationNotSupported()",
    "DebtCeilingNotZero()",
    "AssetNotListed()",
    "InvalidOptimalUsageRatio()",
    "UnderlyingCannotBeRescued()",
    "AddressesProviderAlreadyAdded()",
    "PoolAddressesDoNotMatch()",
    "SiloedBorrowingViolation()",
    "ReserveDebtNotZero()",
    "FlashloanDisabled()",
    "InvalidMaxRate()",
    "WithdrawToAToken()",
    "SupplyToAToken()",
    "Slope2MustBeGteSlope1()",
    "CallerNotRiskOrPoolOrEmergencyAdmin()",
    "LiquidationGraceSentinelCheckFailed()",
    "InvalidGracePeriod()",
    "InvalidFreezeState()",
    "InvalidLtvzeroState()",
    "NotBorrowableInEMode()",
    "CallerNotUmbrella()",
    "ReserveNotInDeficit()",
    "MustNotLeaveDust()",
    "UserCannotHaveDebt()",
    "SelfLiquidation()",
    "CallerNotPositionManager()",
    "InvalidCollateralInEmode(address,uint256)",
    "InvalidDebtInEmode(address,uint256)",
    "MustBeEmodeCollateral(address,uint256)",
};

struct AaveCustomError {
  Selector selector;
  std::string_view signature;
};

constexpr auto kAaveCustomErrors = [] {
  std::array<AaveCustomError, std::size(kAaveCustomErrorSignatures)> out{};
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = {liquidbot::selector(kAaveCustomErrorSignatures[i]), kAaveCustomErrorSignatures[i]};
  std::sort(out.begin(), out.end(), [](const AaveCustomError& a, const AaveCustomError& b) { return a.selector < b.selector; });
  return out;
}();

static_assert(std::adjacent_find(kAaveCustomErrors.begin(), kAaveCustomErrors.end(),
                                 [](const AaveCustomError& a, const AaveCustomError& b) {
                                   return a.selector == b.selector;
                                 }) == kAaveCustomErrors.end(),
              "two Aave custom errors share a selector");
// InvalidAmount() is 0x2c5211c6 (ethers.id("InvalidAmount()").slice(0, 10)).
static_assert(liquidbot::selector("InvalidAmount()") == Selector{{0x2c, 0x52, 0x11, 0xc6}});

// Custom errors of contracts/FlashLoanOrchestrator.sol and tests/js/contracts/TestDex.sol.
constexpr std::array<std::string_view, 9> kCustomErrorTexts{
    "NotPool(address)",
    "NotInitiator(address)",
    "NotKeeper(address)",
    "NotOwner(address)",
    "NoFlashLoanActive()",
    "SwapOutputTooLow(uint256,uint256)",
    "LoanNotCovered(uint256,uint256)",
    "ServiceFeeAboveCap(uint256,uint256)",
    "HealthFactorBelowMinimum(uint256,uint256)",
};

const std::vector<abi::Signature>& custom_errors() {
  static const std::vector<abi::Signature> signatures = [] {
    std::vector<abi::Signature> out;
    for (auto text : kCustomErrorTexts) out.push_back(*abi::parse_signature(text));
    return out;
  }();
  return signatures;
}

}  // namespace

std::optional<std::string_view> aave_error_name(std::string_view code) noexcept {
  if (code.empty() || code.size() > 3 || code.front() == '0') return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), value);
  if (ec != std::errc{} || end != code.data() + code.size()) return std::nullopt;
  auto it = std::lower_bound(std::begin(kAaveErrors), std::end(kAaveErrors), value,
                             [](const AaveError& e, int v) { return e.code < v; });
  if (it == std::end(kAaveErrors) || it->code != value) return std::nullopt;
  return it->name;
}

std::optional<std::string_view> aave_custom_error(const Selector& selector) noexcept {
  auto it = std::lower_bound(kAaveCustomErrors.begin(), kAaveCustomErrors.end(), selector,
                             [](const AaveCustomError& e, const Selector& s) { return e.selector < s; });
  if (it == kAaveCustomErrors.end() || it->selector != selector) return std::nullopt;
  return it->signature;
}

Result<abi::Revert> decode_revert_data(ByteView data) {
  LB_TRY(revert, abi::decode_revert(data, custom_errors()));
  if (revert.kind != abi::Revert::Kind::unknown) return revert;
  const auto signature = aave_custom_error(revert.selector);
  if (!signature) return revert;
  LB_TRY(parsed, abi::parse_signature(*signature));
  auto args = abi::decode(parsed.inputs, revert.data);
  if (!args) return make_error(Errc::decode, "abi: " + std::string(*signature) + " revert data: " + args.error().message);
  revert.kind = abi::Revert::Kind::custom;
  revert.custom_index = 0;
  revert.custom = std::move(parsed);
  revert.args = std::move(args).value();
  revert.data.clear();
  return revert;
}

std::string describe_revert(ByteView data) {
  auto revert = decode_revert_data(data);
  if (!revert) return "undecodable revert data " + hex_encode(data) + " (" + revert.error().message + ")";
  if (revert->kind == abi::Revert::Kind::error) {
    if (auto name = aave_error_name(revert->message))
      return "Error(\"" + revert->message + "\": " + std::string(*name) + ")";
  }
  if (revert->kind == abi::Revert::Kind::custom) {
    std::string out = revert->custom.name + "(";
    for (std::size_t i = 0; i < revert->args.size(); ++i) {
      if (i != 0) out += ", ";
      out += abi::format_value(revert->custom.inputs[i], revert->args[i]);
    }
    return out + ")";
  }
  return revert->to_string();
}

Result<std::uint64_t> gas_with_margin(std::uint64_t estimate, std::uint32_t margin_percent) {
  LB_TRY(limit, mul_div(u256{estimate}, u256{100ULL + margin_percent}, u256{100}, Rounding::ceil));
  if (limit > u256{~std::uint64_t{0}})
    return make_error(Errc::overflow, "simulate: gas limit " + limit.to_dec() + " exceeds 64 bits");
  return static_cast<std::uint64_t>(limit.limbs[0]);
}

std::string format_wad(const u256& wad) {
  if (wad == u256::max()) return "inf";
  const u256 truncated = wad / u256{100'000'000'000'000ULL};  // 1e14: keep 4 fraction digits
  return truncated.to_fixed(4);
}

Result<SimulationReport> simulate(SimulationBackend& backend, Transaction& tx, const Address& from,
                                  const SimulationPolicy& policy, const std::optional<HealthCheck>& health) {
  SimulationReport report;
  LB_TRY(outcome, backend.call(tx, from));
  if (outcome.reverted) {
    report.reason = "eth_call reverted: " + describe_revert(outcome.data);
    return report;
  }
  report.return_data = std::move(outcome.data);
  auto estimate = backend.estimate_gas(tx, from);
  if (!estimate) {
    if (estimate.error().code != Errc::rpc) return std::move(estimate).error();
    report.reason = "eth_estimateGas failed: " + estimate.error().message;
    return report;
  }
  report.gas_estimate = *estimate;
  LB_TRY(limit, gas_with_margin(report.gas_estimate, policy.gas_margin_percent));
  report.gas_limit = limit;
  if (policy.max_gas_limit != 0 && limit > policy.max_gas_limit) {
    report.reason = "gas limit " + std::to_string(limit) + " (estimate " + std::to_string(report.gas_estimate) +
                    " + " + std::to_string(policy.gas_margin_percent) + "%) exceeds the cap " +
                    std::to_string(policy.max_gas_limit);
    return report;
  }
  if (health && health->expected_after < health->target) {
    report.reason = "post-action health factor " + format_wad(health->expected_after) + " below target " +
                    format_wad(health->target);
    return report;
  }
  tx.gas_limit = limit;
  report.ok = true;
  return report;
}

}  // namespace liquidbot
