// Simulation: revert data encoded by ethers v6 (Interface.encodeErrorResult, vectors produced once
// with ethers 6.17.0) decoded to readable reasons, Aave 3.0 error codes named as in Errors.sol of
// @aave/core-v3 1.19.3, Aave 3.2+ custom errors by selector, gas margin arithmetic, and the simulate() verdicts against a scripted node.
#include <liquidbot/simulate.hpp>

#include <doctest/doctest.h>

#include <deque>

using namespace liquidbot;

namespace {
Bytes unhex(std::string_view text) { return *hex_decode(text); }

struct ScriptedNode final : SimulationBackend {
  std::deque<Result<CallOutcome>> calls;
  std::deque<Result<std::uint64_t>> estimates;
  int call_count = 0;
  int estimate_count = 0;
  Result<CallOutcome> call(const Transaction&, const Address&) override {
    ++call_count;
    auto r = calls.front();
    calls.pop_front();
    return r;
  }
  Result<std::uint64_t> estimate_gas(const Transaction&, const Address&) override {
    ++estimate_count;
    auto r = estimates.front();
    estimates.pop_front();
    return r;
  }
};
}  // namespace

TEST_CASE("Aave 3.0 error codes") {
  CHECK(aave_error_name("35") == std::optional<std::string_view>("HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD"));
  CHECK(aave_error_name("1") == std::optional<std::string_view>("CALLER_NOT_POOL_ADMIN"));
  CHECK(aave_error_name("26") == std::optional<std::string_view>("INVALID_AMOUNT"));
  CHECK(aave_error_name("39") == std::optional<std::string_view>("NO_DEBT_OF_SELECTED_TYPE"));
  CHECK(aave_error_name("91") == std::optional<std::string_view>("FLASHLOAN_DISABLED"));
  CHECK_FALSE(aave_error_name("48").has_value());
  CHECK_FALSE(aave_error_name("92").has_value());
  CHECK_FALSE(aave_error_name("035").has_value());
  CHECK_FALSE(aave_error_name("").has_value());
  CHECK_FALSE(aave_error_name("3a").has_value());
  CHECK_FALSE(aave_error_name("-1").has_value());
}

TEST_CASE("revert descriptions") {
  CHECK(describe_revert(unhex("0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000023335000000000000000000000000000000000000000000000000000000000000")) ==
        "Error(\"35\": HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD)");
  CHECK(describe_revert(unhex("0x4e487b710000000000000000000000000000000000000000000000000000000000000011")) ==
        "Panic(0x11: arithmetic overflow or underflow)");
  CHECK(describe_revert(unhex("0xdb19c71c00000000000000000000000000000000000000000000000000000000000000640000000000000000000000000000000000000000000000000000000000000069")) ==
        "SwapOutputTooLow(100, 105)");
  CHECK(describe_revert(unhex("0x4a1576a20000000000000000000000001111111111111111111111111111111111111111")) ==
        "NotPool(0x1111111111111111111111111111111111111111)");
  CHECK(describe_revert(unhex("0x08c379a00000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000a6e6f74206120636f646500000000000000000000000000000000000000000000")) ==
        "Error(\"not a code\")");
  CHECK(describe_revert({}) == "empty");
  CHECK(describe_revert(unhex("0x08c379")).find("undecodable revert data 0x08c379") == 0);
  CHECK(describe_revert(unhex("0x08c379a000")).find("undecodable") == 0);
}

TEST_CASE("Aave 3.2+ custom errors (Errors.sol of aave-v3-origin 3.6.0)") {
  // Revert data from ethers 6.17.0 Interface.encodeErrorResult.
  CHECK(aave_custom_error(Selector{{0x2c, 0x52, 0x11, 0xc6}}) == std::optional<std::string_view>("InvalidAmount()"));
  CHECK(aave_custom_error(Selector{{0x66, 0x79, 0x99, 0x6d}}) ==
        std::optional<std::string_view>("HealthFactorLowerThanLiquidationThreshold()"));
  CHECK(describe_revert(unhex("0x2c5211c6")) == "InvalidAmount()");
  CHECK(describe_revert(unhex("0x6679996d")) == "HealthFactorLowerThanLiquidationThreshold()");
  const Bytes emode = unhex(
      "0xd2f93f12000000000000000000000000420000000000000000000000000000000000000600000000000000000000000000000000000000000000"
      "00000000000000000003");
  CHECK(describe_revert(emode) == "InvalidCollateralInEmode(0x4200000000000000000000000000000000000006, 3)");
  auto decoded = decode_revert_data(emode);
  REQUIRE(decoded.ok());
  CHECK(decoded->kind == abi::Revert::Kind::custom);
  CHECK(decoded->custom.canonical() == "InvalidCollateralInEmode(address,uint256)");
  REQUIRE(decoded->args.size() == 2);
  CHECK(*decoded->args[1].as_int() == u256{3});

  SUBCASE("unknown selectors stay unknown") {
    // 0x76a05c31 = NoSuchError(): in neither table.
    CHECK_FALSE(aave_custom_error(Selector{{0x76, 0xa0, 0x5c, 0x31}}).has_value());
    CHECK_FALSE(aave_custom_error(Selector{{0x08, 0xc3, 0x79, 0xa0}}).has_value());  // Error(string)
    auto unknown = decode_revert_data(unhex("0x76a05c31"));
    REQUIRE(unknown.ok());
    CHECK(unknown->kind == abi::Revert::Kind::unknown);
    CHECK(describe_revert(unhex("0x76a05c310000")) == "unknown error 0x76a05c31 (2 bytes of arguments)");
  }
  SUBCASE("truncated or padded data is rejected, naming the error") {
    for (std::size_t keep : {4U, 5U, 36U, 67U}) {
      auto cut = decode_revert_data(ByteView(emode).first(keep));
      REQUIRE_FALSE(cut.ok());
      CHECK(cut.error().code == Errc::decode);
      CHECK(cut.error().message.find("InvalidCollateralInEmode(address,uint256) revert data") != std::string::npos);
    }
    auto padded = decode_revert_data(unhex("0x2c5211c600"));
    REQUIRE_FALSE(padded.ok());
    CHECK(padded.error().message.find("InvalidAmount() revert data: abi: 1 unexpected bytes") != std::string::npos);
    CHECK(describe_revert(unhex("0x2c5211")).find("undecodable revert data 0x2c5211") == 0);
    // An address argument with dirty high bytes is not an address.
    Bytes dirty = emode;
    dirty[4] = 0x01;
    CHECK_FALSE(decode_revert_data(dirty).ok());
  }
}

TEST_CASE("gas margin") {
  CHECK(*gas_with_margin(100'000, 20) == 120'000);
  CHECK(*gas_with_margin(100'001, 20) == 120'002);  // 120001.2 -> ceil
  CHECK(*gas_with_margin(21'000, 0) == 21'000);
  CHECK(gas_with_margin(~std::uint64_t{0}, 20).error().code == Errc::overflow);
}

TEST_CASE("format_wad") {
  CHECK(format_wad(*u256::from_dec("1299999999999999999")) == "1.2999");
  CHECK(format_wad(*u256::from_dec("1300000000000000000")) == "1.3");
  CHECK(format_wad(u256::max()) == "inf");
}

TEST_CASE("simulate verdicts") {
  Transaction tx;
  const Address from{};
  const SimulationPolicy policy{};

  SUBCASE("success sets the gas limit with margin") {
    ScriptedNode node;
    node.calls.push_back(CallOutcome{false, unhex("0x01")});
    node.estimates.push_back(std::uint64_t{250'000});
    auto report = simulate(node, tx, from, policy, HealthCheck{u256{13}, u256{13}});
    REQUIRE(report.ok());
    CHECK(report->ok);
    CHECK(report->gas_estimate == 250'000);
    CHECK(report->gas_limit == 300'000);
    CHECK(tx.gas_limit == 300'000);
  }
  SUBCASE("a revert is a recorded reason, no estimate") {
    ScriptedNode node;
    node.calls.push_back(CallOutcome{true, unhex("0x4e487b710000000000000000000000000000000000000000000000000000000000000011")});
    auto report = simulate(node, tx, from, policy);
    REQUIRE(report.ok());
    CHECK_FALSE(report->ok);
    CHECK(report->reason == "eth_call reverted: Panic(0x11: arithmetic overflow or underflow)");
    CHECK(node.estimate_count == 0);
    CHECK(tx.gas_limit == 0);
  }
  SUBCASE("post-action health factor below target") {
    ScriptedNode node;
    node.calls.push_back(CallOutcome{false, {}});
    node.estimates.push_back(std::uint64_t{100'000});
    auto report = simulate(node, tx, from, policy,
                           HealthCheck{*u256::from_dec("1299999999999999999"), *u256::from_dec("1300000000000000000")});
    REQUIRE(report.ok());
    CHECK_FALSE(report->ok);
    CHECK(report->reason == "post-action health factor 1.2999 below target 1.3");
    CHECK(tx.gas_limit == 0);
  }
  SUBCASE("gas cap") {
    ScriptedNode node;
    node.calls.push_back(CallOutcome{false, {}});
    node.estimates.push_back(std::uint64_t{15'000'000});
    auto report = simulate(node, tx, from, policy);
    REQUIRE(report.ok());
    CHECK_FALSE(report->ok);
    CHECK(report->reason.find("exceeds the cap 16000000") != std::string::npos);
  }
  SUBCASE("estimateGas node error is a verdict, transport error propagates") {
    ScriptedNode node;
    node.calls.push_back(CallOutcome{false, {}});
    node.estimates.push_back(make_error(Errc::rpc, "execution reverted"));
    auto report = simulate(node, tx, from, policy);
    REQUIRE(report.ok());
    CHECK(report->reason == "eth_estimateGas failed: execution reverted");

    ScriptedNode down;
    down.calls.push_back(make_error(Errc::timeout, "rpc: timed out after 2000 ms"));
    auto failed = simulate(down, tx, from, policy);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == Errc::timeout);
  }
}
