#include <liquidbot/actions.hpp>

#include <span>
#include <string>
#include <tuple>

namespace liquidbot::actions {
namespace {

template <typename F, typename... Args>
Bytes encode_bytes(const Args&... args) {
  auto fixed = F::encode(args...);
  return Bytes(fixed.begin(), fixed.end());
}

}  // namespace

Call repay_call(const Address& pool, const Address& asset, const u256& amount, const Address& on_behalf_of) {
  return Call{pool, encode_bytes<Repay>(asset, amount, u256{kVariableRateMode}, on_behalf_of), u256{}};
}

Call supply_call(const Address& pool, const Address& asset, const u256& amount, const Address& on_behalf_of) {
  return Call{pool, encode_bytes<Supply>(asset, amount, on_behalf_of, std::uint16_t{0}), u256{}};
}

Call approve_call(const Address& token, const Address& spender, const u256& amount) {
  return Call{token, encode_bytes<Approve>(spender, amount), u256{}};
}

std::string_view to_string(FundedKind kind) noexcept {
  return kind == FundedKind::repay ? "repay" : "supply";
}

Result<FundedAction> plan_funded_action(FundedKind kind, const Address& pool, const Address& asset,
                                        const u256& amount, const Address& user, const Funds& funds,
                                        ApprovalPolicy policy) {
  if (amount.is_zero())
    return make_error(Errc::invalid_argument, std::string("actions: ") + std::string(to_string(kind)) +
                                                  " amount is zero");
  if (funds.balance < amount)
    return make_error(Errc::unreachable_target,
                      std::string("actions: insufficient executor funds for ") + std::string(to_string(kind)) +
                          " of " + asset.to_checksum() + ": balance " + funds.balance.to_dec() + ", need " +
                          amount.to_dec());
  FundedAction out{std::nullopt, kind == FundedKind::repay ? repay_call(pool, asset, amount, user)
                                                           : supply_call(pool, asset, amount, user)};
  if (funds.allowance < amount)
    out.approve = approve_call(asset, pool, policy == ApprovalPolicy::exact ? amount : u256::max());
  return out;
}

Result<u256> service_fee(const u256& amount, std::uint32_t bps, const u256& cap) {
  if (bps > 10'000)
    return make_error(Errc::invalid_argument, "actions: service fee " + std::to_string(bps) + " bps exceeds 10000");
  LB_TRY(fee, mul_div(amount, u256{bps}, u256{10'000}, Rounding::ceil));
  if (!cap.is_zero() && fee > cap) return cap;
  return fee;
}

Result<Call> deleverage_call(const Address& orchestrator, const DeleverageCall& call) {
  if (call.flash_amount.is_zero() || call.withdraw_amount.is_zero())
    return make_error(Errc::invalid_argument, "actions: deleverage flash amount and withdraw amount must be non-zero");
  LB_TRY(needed, checked_add(call.flash_amount, call.service_fee));
  if (call.min_swap_out < needed)
    return make_error(Errc::invalid_argument, "actions: deleverage min swap out " + call.min_swap_out.to_dec() +
                                                  " does not cover flash amount + service fee " + needed.to_dec());
  return Call{orchestrator,
              encode_bytes<Deleverage>(call.user, call.debt_asset, call.collateral_asset, call.flash_amount,
                                       call.withdraw_amount, call.min_swap_out, call.service_fee,
                                       call.min_health_factor),
              u256{}};
}

Bytes allowance_calldata(const Address& owner, const Address& spender) {
  return encode_bytes<Allowance>(owner, spender);
}

Bytes balance_of_calldata(const Address& owner) { return encode_bytes<BalanceOf>(owner); }

Bytes account_data_calldata(const Address& user) { return encode_bytes<GetUserAccountData>(user); }

Result<aave::AccountData> decode_account_data(ByteView return_data) {
  auto words = abi::decode_static<u256, u256, u256, u256, u256, u256>(return_data);
  if (!words) return make_error(Errc::decode, "getUserAccountData: " + words.error().message);
  const auto& [collateral, debt, available, threshold, ltv, hf] = *words;
  return aave::AccountData{collateral, debt, available, threshold, ltv, hf};
}

Result<u256> decode_uint(ByteView return_data) {
  auto word = abi::decode_static<u256>(return_data);
  if (!word) return std::move(word).error();
  return std::get<0>(*word);
}

}  // namespace liquidbot::actions
