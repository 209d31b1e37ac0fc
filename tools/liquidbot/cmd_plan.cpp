// Aave protection verbs: plan (repay / supply / deleverage / withdraw sizing), liquidation-price,
// shock, liquidation (one liquidationCall's amounts) and risk. Input is a liquidbot.snapshot/1
// file; output is one JSON object. Bad input exits 2; a target that cannot be reached exits 1 with
// "unreachable_target: <why>" on stderr.
#include "cli.hpp"

#include <liquidbot/aave/liquidation.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/risk.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/executor.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace liquidbot::cli {
namespace {

constexpr std::uint16_t kDefaultSlippageBps = 50;
constexpr std::uint16_t kDefaultFeeBps = 0;
constexpr std::uint16_t kDefaultPremiumBps = 5;

aave::Snapshot load_snapshot(Args& args) {
  const std::string path = args.required("snapshot");
  const std::string text = read_file(path, "--snapshot");
  return require_ok(aave::parse_snapshot(text), "--snapshot");
}

Address address_option(Args& args, std::string_view name) {
  const std::string text = args.required(name);
  return require_ok(Address::parse(text), fmt::format("--{}", name));
}

const aave::Reserve& reserve_of(const aave::Snapshot& snapshot, const Address& asset,
                                std::string_view what) {
  const aave::Reserve* reserve = snapshot.find_reserve(asset);
  if (reserve == nullptr) fail(what, "no reserve for " + asset.to_checksum() + " in the snapshot");
  return *reserve;
}

std::uint16_t bps_option(Args& args, std::string_view name, std::uint16_t fallback) {
  const auto text = args.option(name);
  if (!text) return fallback;
  const u256 value = require_ok(u256::from_dec(*text), fmt::format("--{}", name));
  if (value >= u256{10000}) fail(fmt::format("--{}", name), "must be below 10000 bps");
  return static_cast<std::uint16_t>(value.limbs[0]);
}

std::uint64_t delay_option(Args& args) {
  const auto text = args.option("delay");
  if (!text) return 0;
  const u256 value = require_ok(u256::from_dec(*text), "--delay");
  if (!value.fits_u64()) fail("--delay", "too large");
  return value.limbs[0];
}

u256 target_option(Args& args) {
  const u256 target = require_ok(aave::parse_decimal(args.required("target-hf"), 18), "--target-hf");
  if (target < aave::kWad) fail("--target-hf", "must be at least 1.0");
  return target;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string hf_json(const u256& hf) {
  return hf == aave::kMaxHealthFactor ? std::string("null") : quoted(hf.to_fixed(18));
}

std::string account_json(const aave::AccountData& a) {
  return fmt::format(
      "{{\"totalCollateralBase\":\"{}\",\"totalDebtBase\":\"{}\",\"availableBorrowsBase\":\"{}\","
      "\"currentLiquidationThreshold\":\"{}\",\"ltv\":\"{}\",\"healthFactor\":\"{}\","
      "\"healthFactorDecimal\":{}}}",
      a.total_collateral_base.to_dec(), a.total_debt_base.to_dec(),
      a.available_borrows_base.to_dec(), a.current_liquidation_threshold.to_dec(), a.ltv.to_dec(),
      a.health_factor.to_dec(), hf_json(a.health_factor));
}

/// "name": "<token units>", "nameRaw": "<integer>".
std::string amount_json(std::string_view name, const u256& amount, std::uint8_t decimals) {
  return fmt::format("\"{}\":\"{}\",\"{}Raw\":\"{}\"", name, amount.to_fixed(decimals), name,
                     amount.to_dec());
}

/// Unwraps a sizing result: unreachable targets exit 1, anything else is bad input (exit 2).
template <typename T>
std::optional<T> sized(Result<T> result, std::string_view what) {
  if (result) return std::move(result).value();
  if (result.error().code == Errc::unreachable_target) {
    std::fprintf(stderr, "unreachable_target: %s\n", result.error().message.c_str());
    return std::nullopt;
  }
  fail(what, result.error().message);
}

std::optional<u256> max_amount_option(Args& args, const aave::Reserve& reserve) {
  const auto text = args.option("max-amount");
  if (!text) return std::nullopt;
  return require_ok(aave::parse_decimal(*text, reserve.config.decimals), "--max-amount");
}

/// `plan`: size one protective action for the snapshot's user.
int run_plan(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  const u256 target = target_option(args);
  const std::string action = args.required("action");
  const Address asset = address_option(args, "asset");
  const aave::Reserve& reserve = reserve_of(snapshot, asset, "--asset");
  aave::PlanOptions options;
  options.delay_seconds = delay_option(args);
  options.max_amount = max_amount_option(args, reserve);
  const std::string head =
      fmt::format("{{\"action\":\"{}\",\"asset\":\"{}\",\"targetHealthFactor\":\"{}\",\"delay\":{}",
                  action, asset.to_checksum(), target.to_fixed(18), options.delay_seconds);
  if (action == "repay" || action == "withdraw") {
    args.reject_unknown();
    const bool repay = action == "repay";
    auto plan = sized(repay ? aave::plan_repay(snapshot, asset, target, options)
                            : aave::max_safe_withdrawal(snapshot, asset, target, options),
                      "--action");
    if (!plan) return kExitFalse;
    std::printf("%s,%s,\"before\":%s,\"after\":%s}\n", head.c_str(),
                amount_json("amount", plan->amount, reserve.config.decimals).c_str(),
                account_json(plan->before).c_str(), account_json(plan->after).c_str());
    return kExitOk;
  }
  if (action == "supply") {
    args.reject_unknown();
    auto status = require_ok(aave::supply_collateral_status(snapshot, asset), "--asset");
    auto plan = sized(aave::plan_supply(snapshot, asset, target, options), "--action");
    if (!plan) return kExitFalse;
    std::printf("%s,%s,\"collateral\":\"%s\",\"collateralReason\":\"%s\",\"before\":%s,\"after\":%s}\n",
                head.c_str(), amount_json("amount", plan->plan.amount, reserve.config.decimals).c_str(),
                std::string(aave::to_string(status.effect)).c_str(), status.reason.c_str(),
                account_json(plan->plan.before).c_str(), account_json(plan->plan.after).c_str());
    return kExitOk;
  }
  if (action == "deleverage") {
    aave::DeleverageParams params;
    params.debt_asset = asset;
    params.collateral_asset = address_option(args, "collateral");
    const aave::Reserve& collateral = reserve_of(snapshot, params.collateral_asset, "--collateral");
    if (const auto price = args.option("swap-price")) {
      params.swap_price = require_ok(aave::parse_decimal(*price, 18), "--swap-price");
      if (params.swap_price.is_zero()) fail("--swap-price", "must be above 0");
    } else {
      // Default: the oracle ratio, debt tokens per collateral token (WAD).
      if (reserve.price.is_zero()) fail("--swap-price", "required: the debt asset's oracle price is 0");
      params.swap_price = require_ok(mul_div(collateral.price, aave::kWad, reserve.price), "--swap-price");
    }
    params.slippage_bps = bps_option(args, "slippage-bps", kDefaultSlippageBps);
    params.fee_bps = bps_option(args, "fee-bps", kDefaultFeeBps);
    params.premium_bps = bps_option(args, "premium-bps", kDefaultPremiumBps);
    args.reject_unknown();
    auto plan = sized(aave::plan_deleverage(snapshot, params, target, options), "--action");
    if (!plan) return kExitFalse;
    const std::uint8_t dd = reserve.config.decimals;
    std::printf(
        "%s,\"collateral\":\"%s\",\"swapPrice\":\"%s\",\"slippageBps\":%u,\"feeBps\":%u,"
        "\"premiumBps\":%u,%s,%s,%s,%s,%s,\"before\":%s,\"after\":%s}\n",
        head.c_str(), params.collateral_asset.to_checksum().c_str(),
        params.swap_price.to_fixed(18).c_str(), unsigned{params.slippage_bps},
        unsigned{params.fee_bps}, unsigned{params.premium_bps},
        amount_json("flashAmount", plan->flash_amount, dd).c_str(),
        amount_json("premium", plan->premium, dd).c_str(),
        amount_json("serviceFee", plan->service_fee, dd).c_str(),
        amount_json("withdrawAmount", plan->withdraw_amount, collateral.config.decimals).c_str(),
        amount_json("swapOutputMin", plan->swap_output_min, dd).c_str(),
        account_json(plan->before).c_str(), account_json(plan->after).c_str());
    return kExitOk;
  }
  fail("--action", "expected repay, supply, deleverage or withdraw, got '" + action + "'");
}

/// `liquidation-price`: the highest price of one asset at which HF < 1.
int run_liquidation_price(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  const Address asset = address_option(args, "asset");
  args.reject_unknown();
  reserve_of(snapshot, asset, "--asset");
  const aave::LiquidationPrice lp = require_ok(aave::liquidation_price(snapshot, asset), "--asset");
  std::string change = "null";
  if (lp.price && !lp.current_price.is_zero()) {
    // Relative change to the liquidation price, percent with 4 decimals (display only).
    const double ratio = lp.price->to_double() / lp.current_price.to_double() - 1.0;
    change = fmt::format("{:.4f}", ratio * 100.0);
  }
  std::printf("{\"asset\":\"%s\",\"currentPrice\":\"%s\",\"liquidationPrice\":%s,"
              "\"changePercent\":%s,\"reason\":\"%s\",\"atPrice\":%s}\n",
              asset.to_checksum().c_str(), lp.current_price.to_dec().c_str(),
              lp.price ? quoted(lp.price->to_dec()).c_str() : "null", change.c_str(),
              lp.reason.c_str(), lp.price ? account_json(lp.at_price).c_str() : "null");
  return kExitOk;
}

/// `shock`: account data after per-asset price changes.
int run_shock(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  std::vector<aave::PriceChange> changes;
  for (const std::string& text : args.all("price-change")) {
    const aave::PriceChange change = require_ok(aave::parse_price_change(text), "--price-change");
    reserve_of(snapshot, change.asset, "--price-change");
    changes.push_back(change);
  }
  args.reject_unknown();
  const aave::AccountData data = require_ok(aave::shock(snapshot, changes), "--price-change");
  std::printf("%s\n", account_json(data).c_str());
  return kExitOk;
}

/// `liquidation`: what liquidationCall(collateral, debt, user, debtToCover) would do now.
int run_liquidation(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  const Address collateral = address_option(args, "collateral");
  const Address debt = address_option(args, "debt");
  u256 cover = u256::max();
  const aave::Reserve& debt_reserve = reserve_of(snapshot, debt, "--debt");
  const aave::Reserve& coll_reserve = reserve_of(snapshot, collateral, "--collateral");
  if (const auto text = args.option("debt-to-cover"))
    cover = require_ok(aave::parse_decimal(*text, debt_reserve.config.decimals), "--debt-to-cover");
  args.reject_unknown();
  const aave::LiquidationQuote q =
      require_ok(aave::quote_liquidation(snapshot, collateral, debt, cover), "--collateral");
  const aave::LiquidationAmounts& a = q.amounts;
  const std::uint8_t cd = coll_reserve.config.decimals;
  const std::uint8_t dd = debt_reserve.config.decimals;
  std::printf("{\"liquidatable\":%s,\"closeFactorBps\":%u,%s,%s,%s,%s,%s,\"liquidationBonus\":%u,"
              "\"mustNotLeaveDust\":%s,\"badDebt\":%s,\"blockedBy\":%s,\"account\":%s}\n",
              a.liquidatable ? "true" : "false", unsigned{a.close_factor_bps},
              amount_json("maxLiquidatableDebt", a.max_liquidatable_debt, dd).c_str(),
              amount_json("debtRepaid", a.debt_repaid, dd).c_str(),
              amount_json("collateralSeized", a.collateral_seized, cd).c_str(),
              amount_json("liquidatorCollateral", a.liquidator_collateral, cd).c_str(),
              amount_json("protocolFee", a.protocol_fee, cd).c_str(),
              unsigned{q.inputs.liquidation_bonus}, a.must_not_leave_dust ? "true" : "false",
              a.bad_debt ? "true" : "false",
              q.blocked_by.empty() ? "null" : executor::json_string(q.blocked_by).c_str(),
              account_json(q.account).c_str());
  return kExitOk;
}

/// `supply-cap`: how much of an asset a supply may still add under the reserve's supply cap.
int run_supply_cap(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  const Address asset = address_option(args, "asset");
  const aave::Reserve& reserve = reserve_of(snapshot, asset, "--asset");
  const std::uint64_t delay = delay_option(args);
  args.reject_unknown();
  const auto headroom = require_ok(aave::supply_cap_headroom(snapshot, asset, delay), "--snapshot");
  std::printf("{\"asset\":\"%s\",\"supplyCap\":\"%s\",\"delay\":%s,%s}\n", asset.to_checksum().c_str(),
              std::to_string(reserve.config.supply_cap).c_str(), std::to_string(delay).c_str(),
              headroom ? amount_json("headroom", *headroom, reserve.config.decimals).c_str()
                       : "\"headroom\":null,\"headroomRaw\":null");
  return kExitOk;
}

/// `risk`: the documented score (docs/risk-scoring.md) with configurable thresholds.
int run_risk(Args& args) {
  const aave::Snapshot snapshot = load_snapshot(args);
  aave::RiskConfig config;
  if (const auto v = args.option("alert-hf")) config.alert_hf = require_ok(aave::parse_decimal(*v, 18), "--alert-hf");
  if (const auto v = args.option("act-hf")) config.act_hf = require_ok(aave::parse_decimal(*v, 18), "--act-hf");
  if (const auto v = args.option("target-hf")) config.target_hf = require_ok(aave::parse_decimal(*v, 18), "--target-hf");
  if (const auto v = args.option("volatility")) {
    const u256 bps = require_ok(aave::parse_decimal(*v, 4), "--volatility");
    if (!bps.fits_u64()) fail("--volatility", "too large");
    config.default_volatility = static_cast<double>(bps.limbs[0]) / 1e4;
  }
  args.reject_unknown();
  const aave::RiskScore r = require_ok(aave::score_risk(snapshot, config), "--snapshot");
  std::printf("{\"level\":\"%s\",\"score\":%s,\"probability\":%s,\"sigmas\":%s,\"dropPercent\":\"%s\","
              "\"volatility\":%s,\"penaltyBase\":%s,\"expectedLossBase\":%s,\"account\":%s}\n",
              std::string(aave::to_string(r.level)).c_str(), fmt::format("{:.6f}", r.score).c_str(),
              fmt::format("{:.6g}", r.probability).c_str(),
              std::isfinite(r.sigmas) ? fmt::format("{:.6g}", r.sigmas).c_str() : "null",
              u256{static_cast<std::uint64_t>(r.drop_ppb)}.to_fixed(7).c_str(),
              fmt::format("{:.6g}", r.volatility).c_str(), fmt::format("{:.0f}", r.penalty_base).c_str(),
              fmt::format("{:.0f}", r.expected_loss_base).c_str(), account_json(r.account).c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"plan",
     "plan --snapshot <file> --target-hf <dec> --action repay|supply|deleverage|withdraw --asset "
     "<addr> [--max-amount <units>] [--delay <s>] [--collateral <addr> --swap-price <dec> "
     "--slippage-bps 50 --fee-bps 0 --premium-bps 5]",
     run_plan, {}},
    {"liquidation-price", "liquidation-price --snapshot <file> --asset <addr>   price at which HF < 1",
     run_liquidation_price, {}},
    {"shock", "shock --snapshot <file> --price-change <addr>=<percent> ...   account data after",
     run_shock, {}},
    {"liquidation",
     "liquidation --snapshot <file> --collateral <addr> --debt <addr> [--debt-to-cover <units>]",
     run_liquidation, {}},
    {"supply-cap",
     "supply-cap --snapshot <file> --asset <addr> [--delay <s>]   what a supply may add under the cap",
     run_supply_cap, {}},
    {"risk",
     "risk --snapshot <file> [--alert-hf 1.10 --act-hf 1.05 --target-hf 1.30 --volatility 0.8]",
     run_risk, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
