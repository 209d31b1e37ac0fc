// Snapshot parsing: the shipped examples, round trips through to_json, and every kind of malformed
// field named in the error (missing, wrong type, bad number, negative, overflow, duplicates,
// unknown reserve, unknown revision, flagged reserves without data).
#include <doctest/doctest.h>

#include <liquidbot/aave/snapshot.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace liquidbot;
using namespace liquidbot::aave;

namespace {

std::string read(const char* name) {
  std::ifstream in(std::string(LIQUIDBOT_SOURCE_DIR) + "/tests/data/snapshots/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

// Parses `text`, expects an error whose message starts with `field`.
void expect_error(const std::string& text, const std::string& field) {
  auto parsed = parse_snapshot(text);
  REQUIRE_MESSAGE(!parsed.ok(), field);
  INFO(parsed.error().message);
  CHECK(parsed.error().message.rfind(field + ":", 0) == 0);
}

}  // namespace

TEST_CASE("shipped snapshots parse and round-trip") {
  for (const char* name : {"worked_v36.json", "emode_v36.json", "stable_v30.json", "capped_v36.json"}) {
    INFO(name);
    auto parsed = parse_snapshot(read(name));
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    auto again = parse_snapshot(to_json(*parsed));
    REQUIRE(again.ok());
    CHECK(to_json(*again) == to_json(*parsed));
    CHECK(again->reserves.size() == parsed->reserves.size());
  }
  auto s = parse_snapshot(read("emode_v36.json")).value();
  CHECK(s.revision == Revision::v3_6);
  CHECK(s.timestamp == 1760000000);
  CHECK(s.base_currency_unit == u256{100000000});
  REQUIRE(s.reserves.size() == 3);
  CHECK(s.reserves[1].id == 3);
  CHECK(s.reserves[1].config.ltv == 7500);
  CHECK(s.reserves[1].config.decimals == 18);
  CHECK(s.emodes[0].collateral_bitmap == u256{43});
  CHECK(s.emodes[0].ltvzero_bitmap == u256{1});
  CHECK(s.user.emode_category == 1);
  CHECK(s.find_reserve(std::uint16_t{4}) != nullptr);
  CHECK(s.find_reserve(std::uint16_t{5}) == nullptr);
  CHECK(s.find_emode(1) != nullptr);
  auto v30 = parse_snapshot(read("stable_v30.json")).value();
  CHECK(v30.user.positions[1].principal_stable_debt == u256{2000000000});
  CHECK(!v30.emodes[0].price_source.has_value());
}

TEST_CASE("malformed fields are named") {
  const std::string good = read("emode_v36.json");
  expect_error(replace(good, "\"price\": \"300012345678\"", "\"price\": 300012345678"), "reserves[0].price");
  expect_error(replace(good, "\"price\": \"300012345678\"", "\"price\": \"3e11\""), "reserves[0].price");
  expect_error(replace(good, "\"price\": \"300012345678\"", "\"price\": \"-1\""), "reserves[0].price");
  expect_error(replace(good, "\"price\": \"300012345678\"", "\"price\": \"\""), "reserves[0].price");
  expect_error(replace(good, "\"price\": \"300012345678\"",
                       "\"price\": \"115792089237316195423570985008687907853269984665640564039457584007913129639936\""),
               "reserves[0].price");
  expect_error(replace(good, ",\n      \"price\": \"300012345678\"", ""), "reserves[0].price");
  expect_error(replace(good, "\"id\": 3,", "\"id\": 0,"), "reserves[1].id");
  expect_error(replace(good, "\"id\": 3,", "\"id\": 128,"), "reserves[1].id");
  expect_error(replace(good, "\"id\": 3,", "\"id\": -3,"), "reserves[1].id");
  expect_error(replace(good, "\"id\": 3,", "\"id\": 3.5,"), "reserves[1].id");
  expect_error(replace(good, "\"id\": 3,", "\"id\": \"3\","), "reserves[1].id");
  expect_error(replace(good, "0xc1CBa3fCea344f92D9239c08C0568f6F2F0ee452\",\n      \"id\"",
                       "0x4200000000000000000000000000000000000006\",\n      \"id\""),
               "reserves[1].asset");
  expect_error(replace(good, "\"asset\": \"0xc1CBa3fCea344f92D9239c08C0568f6F2F0ee452\",\n      \"id\"",
                       "\"asset\": \"0xC1CBa3fCea344f92D9239c08C0568f6F2F0ee452\",\n      \"id\""),
               "reserves[1].asset");  // bad EIP-55 checksum
  expect_error(replace(good, "\"revision\": \"3.6\"", "\"revision\": \"3.9\""), "revision");
  expect_error(replace(good, "\"revision\": \"3.6\"", "\"revision\": 3.6"), "revision");
  expect_error(replace(good, "\"format\": \"liquidbot.snapshot/1\"", "\"format\": \"x\""), "format");
  expect_error(replace(good, "\"timestamp\": 1760000000", "\"timestamp\": -1"), "timestamp");
  expect_error(replace(good, "\"timestamp\": 1760000000", "\"timestamp\": 1099511627776"), "timestamp");
  expect_error(replace(good, "\"baseCurrencyUnit\": \"100000000\"", "\"baseCurrencyUnit\": \"0\""),
               "baseCurrencyUnit");
  expect_error(replace(good, "\"ltvzeroBitmap\": \"1\"", "\"x\": \"1\""), "eModes[0].ltvzeroBitmap");
  expect_error(replace(good, "\"liquidationBonus\": 10200", "\"liquidationBonus\": 70000"),
               "eModes[0].liquidationBonus");
  expect_error(replace(good, "\"eModeCategory\": 1", "\"eModeCategory\": 2"), "user.eModeCategory");
  expect_error(replace(good, "\"configuration\": \"131\"", "\"configuration\": \"131x\""), "user.configuration");
  // Reserve 4 (USDC) flagged as collateral without a position.
  expect_error(replace(good, "\"configuration\": \"131\"", "\"configuration\": \"643\""), "user.positions");
  // Reserve 9 flagged but not listed.
  expect_error(replace(good, "\"configuration\": \"131\"", "\"configuration\": \"262275\""),
               "user.configuration");
  expect_error(replace(good, "\"asset\": \"0xc1CBa3fCea344f92D9239c08C0568f6F2F0ee452\",\n        \"scaled",
                       "\"asset\": \"0x00000000000000000000000000000000000000ff\",\n        \"scaled"),
               "user.positions[1].asset");
  expect_error(replace(good, "\"asset\": \"0xc1CBa3fCea344f92D9239c08C0568f6F2F0ee452\",\n        \"scaled",
                       "\"asset\": \"0x4200000000000000000000000000000000000006\",\n        \"scaled"),
               "user.positions[1].asset");
  expect_error(replace(good, "\"positions\": [", "\"positions\": 5, \"x\": ["), "user.positions");
  expect_error(replace(good, "\"reserves\": [", "\"reserves\": [1, "), "reserves[0]");
  auto junk = parse_snapshot("{\"format\": ");
  REQUIRE(!junk.ok());
  CHECK(junk.error().code == Errc::decode);
  CHECK(!parse_snapshot("").ok());
  CHECK(!parse_snapshot("[]").ok());
}

TEST_CASE("revision-specific fields") {
  const std::string v30 = read("stable_v30.json");
  // 3.0 requires the stable fields of every position.
  expect_error(replace(v30, "\"stableRate\": \"70000000000000000000000000\",", ""),
               "user.positions[1].stableRate");
  // 3.6 does not require them, but checks them when present.
  const std::string v36 = read("emode_v36.json");
  CHECK(parse_snapshot(replace(v36, "\"principalStableDebt\": \"0\",", "")).ok());
  expect_error(replace(v36, "\"principalStableDebt\": \"0\",", "\"principalStableDebt\": \"-2\","),
               "user.positions[0].principalStableDebt");
  // 3.0 eMode with a price source needs its price.
  std::string with_source = replace(v30, "\"priceSource\": \"0x0000000000000000000000000000000000000000\"",
                                    "\"priceSource\": \"0x00000000000000000000000000000000000000c3\"");
  CHECK(parse_snapshot(with_source).ok());
  expect_error(replace(with_source, ",\n      \"price\": \"0\"", ""), "eModes[0].price");
}

TEST_CASE("reserve totals (for supply caps) parse, round-trip and are checked") {
  const std::string v36 = read("emode_v36.json");
  const std::string totals36 =
      "\"price\": \"300012345678\", \"totals\": {\"scaledATokenSupply\": \"5000\", "
      "\"accruedToTreasury\": \"7\", \"scaledVariableDebt\": \"4000\"}";
  auto parsed = parse_snapshot(replace(v36, "\"price\": \"300012345678\"", totals36));
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  REQUIRE(parsed->reserves[0].totals.has_value());
  CHECK(parsed->reserves[0].totals->scaled_atoken_supply == u256{5000});
  CHECK(parsed->reserves[0].totals->accrued_to_treasury == u256{7});
  CHECK(parsed->reserves[0].totals->scaled_variable_debt == u256{4000});
  CHECK_FALSE(parsed->reserves[1].totals.has_value());
  auto again = parse_snapshot(to_json(*parsed));
  REQUIRE(again.ok());
  CHECK(again->reserves[0].totals == parsed->reserves[0].totals);
  expect_error(replace(v36, "\"price\": \"300012345678\"",
                       "\"price\": \"300012345678\", \"totals\": {\"scaledATokenSupply\": \"5000\"}"),
               "reserves[0].totals.accruedToTreasury");
  expect_error(replace(v36, "\"price\": \"300012345678\"", "\"price\": \"300012345678\", \"totals\": 5"),
               "reserves[0].totals");
  expect_error(replace(v36, "\"price\": \"300012345678\"",
                       "\"price\": \"300012345678\", \"totals\": {\"scaledATokenSupply\": \"-1\", "
                       "\"accruedToTreasury\": \"7\", \"scaledVariableDebt\": \"4000\"}"),
               "reserves[0].totals.scaledATokenSupply");
  // 3.0-3.1 also need the stable supply data.
  const std::string v30 = read("stable_v30.json");
  const auto first_price = v30.find("\"price\": \"");
  REQUIRE(first_price != std::string::npos);
  const auto end = v30.find('"', first_price + 10);
  const std::string price_field = v30.substr(first_price, end + 1 - first_price);
  expect_error(replace(v30, price_field, price_field + ", \"totals\": {\"scaledATokenSupply\": \"1\", "
                                                        "\"accruedToTreasury\": \"0\", \"scaledVariableDebt\": \"1\"}"),
               "reserves[0].totals.principalStableDebt");
  auto stable = parse_snapshot(replace(v30, price_field, price_field + ", \"totals\": {\"scaledATokenSupply\": \"1\", "
                                                                       "\"accruedToTreasury\": \"0\", \"scaledVariableDebt\": \"1\", "
                                                                       "\"principalStableDebt\": \"9\", \"averageStableRate\": \"3\", "
                                                                       "\"stableDebtLastUpdated\": 1759000000}"));
  REQUIRE_MESSAGE(stable.ok(), (stable.ok() ? "" : stable.error().message));
  CHECK(stable->reserves[0].totals->stable_debt_last_updated == 1759000000);
  CHECK(parse_snapshot(to_json(*stable))->reserves[0].totals == stable->reserves[0].totals);
}

TEST_CASE("sentinel state and liquidation grace periods parse, round-trip and are checked") {
  const std::string v36 = read("emode_v36.json");
  std::string text = replace(v36, "\"price\": \"300012345678\"",
                             "\"price\": \"300012345678\", \"liquidationGracePeriodUntil\": 1760000100");
  text = replace(text, "\"user\": {",
                 "\"priceOracleSentinel\": {\"address\": \"0x943AcD0c93d7a8Bee7dA5Fd0DC3d0028237074d6\", "
                 "\"liquidationAllowed\": false}, \"user\": {");
  auto parsed = parse_snapshot(text);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  CHECK(parsed->reserves[0].liquidation_grace_period_until == 1760000100);
  REQUIRE(parsed->sentinel.has_value());
  CHECK_FALSE(parsed->sentinel->liquidation_allowed);
  auto again = parse_snapshot(to_json(*parsed));
  REQUIRE(again.ok());
  CHECK(again->sentinel == parsed->sentinel);
  CHECK(again->reserves[0].liquidation_grace_period_until == 1760000100);
  CHECK_FALSE(parse_snapshot(v36)->sentinel.has_value());
  expect_error(replace(text, "\"liquidationAllowed\": false", "\"liquidationAllowed\": 0"),
               "priceOracleSentinel.liquidationAllowed");
  expect_error(replace(text, "\"liquidationAllowed\": false", "\"x\": false"),
               "priceOracleSentinel.liquidationAllowed");
  expect_error(replace(text, "0x943AcD0c93d7a8Bee7dA5Fd0DC3d0028237074d6", "0x943"), "priceOracleSentinel.address");
  expect_error(replace(text, "1760000100", "1099511627776"), "reserves[0].liquidationGracePeriodUntil");
  expect_error(replace(text, "1760000100", "-1"), "reserves[0].liquidationGracePeriodUntil");
}

TEST_CASE("validate() checks snapshots built in code") {
  auto s = parse_snapshot(read("worked_v36.json")).value();
  CHECK(validate(s).ok());
  s.reserves[1].id = s.reserves[0].id;
  CHECK(validate(s).error().message.rfind("reserves[1].id:", 0) == 0);
  s = parse_snapshot(read("worked_v36.json")).value();
  s.reserves[0].config.ltv = 1;  // disagrees with the configuration bitmap
  CHECK(validate(s).error().message.rfind("reserves[0].configuration:", 0) == 0);
}
