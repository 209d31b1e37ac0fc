// Calldata of the protective actions, checked against ethers v6 Interface.encodeFunctionData
// (vectors produced once with ethers 6.17.0 from tests/js/node_modules), the approve decision, the
// service fee rounding and cap, and strict decoding of view results.
#include <liquidbot/actions.hpp>

#include <doctest/doctest.h>

using namespace liquidbot;

namespace {
Address addr(std::string_view text) { return *Address::parse(text); }
u256 dec(std::string_view text) { return *u256::from_dec(text); }
std::string hex(const Bytes& b) { return hex_encode(b); }

const Address kPool = addr("0xA238Dd80C259a72e81d7e4664a9801593F98d1c5");
const Address kUsdc = addr("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
const Address kWeth = addr("0x4200000000000000000000000000000000000006");
const Address kUser = addr("0x1111111111111111111111111111111111111111");
}  // namespace

TEST_CASE("selectors match the reference table") {
  CHECK(hex_encode(actions::Repay::kSelector.bytes) == "0x573ade81");
  CHECK(hex_encode(actions::Supply::kSelector.bytes) == "0x617ba037");
  CHECK(hex_encode(actions::Approve::kSelector.bytes) == "0x095ea7b3");
  CHECK(hex_encode(actions::GetUserAccountData::kSelector.bytes) == "0xbf92857c");
}

TEST_CASE("calldata equals ethers encodeFunctionData") {
  CHECK(hex(actions::repay_call(kPool, kUsdc, u256{123456789}, kUser).data) ==
        "0x573ade81000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda0291300000000000000000000000000000000000000000000000000000000075bcd1500000000000000000000000000000000000000000000000000000000000000020000000000000000000000001111111111111111111111111111111111111111");
  CHECK(hex(actions::supply_call(kPool, kWeth, dec("1000000000000000000"), kUser).data) ==
        "0x617ba03700000000000000000000000042000000000000000000000000000000000000060000000000000000000000000000000000000000000000000de0b6b3a764000000000000000000000000000011111111111111111111111111111111111111110000000000000000000000000000000000000000000000000000000000000000");
  CHECK(hex(actions::approve_call(kUsdc, kPool, u256::max()).data) ==
        "0x095ea7b3000000000000000000000000a238dd80c259a72e81d7e4664a9801593f98d1c5ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  CHECK(hex(actions::allowance_calldata(kUser, kPool)) ==
        "0xdd62ed3e0000000000000000000000001111111111111111111111111111111111111111000000000000000000000000a238dd80c259a72e81d7e4664a9801593f98d1c5");
  CHECK(hex(actions::balance_of_calldata(kUser)) == "0x70a082310000000000000000000000001111111111111111111111111111111111111111");
  CHECK(hex(actions::account_data_calldata(kUser)) == "0xbf92857c0000000000000000000000001111111111111111111111111111111111111111");
  const Address orchestrator = addr("0x2222222222222222222222222222222222222222");
  auto call = actions::deleverage_call(
      orchestrator, {kUser, kUsdc, kWeth, dec("5000000000"), dec("2000000000000000000"), dec("5100000000"),
                     dec("25000000"), dec("1300000000000000000")});
  REQUIRE(call.ok());
  CHECK(call->to == orchestrator);
  CHECK(hex(call->data) ==
        "0xdd476cbc0000000000000000000000001111111111111111111111111111111111111111000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda029130000000000000000000000004200000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000012a05f2000000000000000000000000000000000000000000000000001bc16d674ec80000000000000000000000000000000000000000000000000000000000012ffbd30000000000000000000000000000000000000000000000000000000000017d7840000000000000000000000000000000000000000000000000120a871cc0020000");
}

TEST_CASE("deleverage arguments are validated") {
  const Address o = addr("0x2222222222222222222222222222222222222222");
  auto short_swap = actions::deleverage_call(o, {kUser, kUsdc, kWeth, u256{100}, u256{1}, u256{104}, u256{5}, u256{}});
  REQUIRE_FALSE(short_swap.ok());
  CHECK(short_swap.error().code == Errc::invalid_argument);
  CHECK(short_swap.error().message.find("105") != std::string::npos);
  CHECK_FALSE(actions::deleverage_call(o, {kUser, kUsdc, kWeth, u256{}, u256{1}, u256{1}, u256{}, u256{}}).ok());
  CHECK_FALSE(actions::deleverage_call(o, {kUser, kUsdc, kWeth, u256{1}, u256{}, u256{1}, u256{}, u256{}}).ok());
  CHECK_FALSE(actions::deleverage_call(o, {kUser, kUsdc, kWeth, u256::max(), u256{1}, u256::max(), u256{1}, u256{}}).ok());
  CHECK(actions::deleverage_call(o, {kUser, kUsdc, kWeth, u256{100}, u256{1}, u256{105}, u256{5}, u256{}}).ok());
}

TEST_CASE("funded action: approve only when the allowance is short") {
  using actions::FundedKind;
  auto enough = actions::plan_funded_action(FundedKind::repay, kPool, kUsdc, u256{500}, kUser, {u256{1000}, u256{500}});
  REQUIRE(enough.ok());
  CHECK_FALSE(enough->approve.has_value());
  CHECK(enough->action == actions::repay_call(kPool, kUsdc, u256{500}, kUser));

  auto short_allowance =
      actions::plan_funded_action(FundedKind::supply, kPool, kWeth, u256{500}, kUser, {u256{1000}, u256{499}});
  REQUIRE(short_allowance.ok());
  REQUIRE(short_allowance->approve.has_value());
  CHECK(*short_allowance->approve == actions::approve_call(kWeth, kPool, u256{500}));
  CHECK(short_allowance->action == actions::supply_call(kPool, kWeth, u256{500}, kUser));

  auto unlimited = actions::plan_funded_action(FundedKind::repay, kPool, kUsdc, u256{500}, kUser, {u256{500}, u256{}},
                                               actions::ApprovalPolicy::unlimited);
  REQUIRE(unlimited.ok());
  CHECK(*unlimited->approve == actions::approve_call(kUsdc, kPool, u256::max()));

  auto poor = actions::plan_funded_action(FundedKind::repay, kPool, kUsdc, u256{500}, kUser, {u256{499}, u256::max()});
  REQUIRE_FALSE(poor.ok());
  CHECK(poor.error().code == Errc::unreachable_target);
  CHECK(poor.error().message.find("insufficient executor funds") != std::string::npos);
  CHECK(poor.error().message.find("balance 499, need 500") != std::string::npos);

  CHECK(actions::plan_funded_action(FundedKind::repay, kPool, kUsdc, u256{}, kUser, {u256{1}, u256{1}}).error().code ==
        Errc::invalid_argument);
}

TEST_CASE("service fee: ceil of bps, capped") {
  CHECK(*actions::service_fee(u256{10'000}, 25, u256{}) == u256{25});
  CHECK(*actions::service_fee(u256{10'001}, 25, u256{}) == u256{26});  // 25.0025 -> 26
  CHECK(*actions::service_fee(u256{1}, 1, u256{}) == u256{1});
  CHECK(*actions::service_fee(u256{0}, 100, u256{}) == u256{});
  CHECK(*actions::service_fee(dec("1000000000000"), 30, u256{1'000'000}) == u256{1'000'000});
  CHECK(*actions::service_fee(u256::max(), 10'000, u256{}) == u256::max());
  CHECK(actions::service_fee(u256{1}, 10'001, u256{}).error().code == Errc::invalid_argument);
}

TEST_CASE("view results decode strictly") {
  Bytes words(192, 0);
  for (std::size_t i = 0; i < 6; ++i) words[32 * i + 31] = static_cast<std::uint8_t>(i + 1);
  auto data = actions::decode_account_data(words);
  REQUIRE(data.ok());
  CHECK(data->total_collateral_base == u256{1});
  CHECK(data->health_factor == u256{6});
  CHECK_FALSE(actions::decode_account_data(ByteView(words.data(), 191)).ok());
  CHECK_FALSE(actions::decode_uint(ByteView(words.data(), 31)).ok());
  CHECK(*actions::decode_uint(ByteView(words.data(), 32)) == u256{1});
}
