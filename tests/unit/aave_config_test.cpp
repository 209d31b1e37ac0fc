// ReserveConfigurationMap decoding against maps assembled bit by bit from the DataTypes.sol layout,
// and the UserConfigurationMap / eMode bitmap helpers.
#include <doctest/doctest.h>

#include <liquidbot/aave/config.hpp>

using namespace liquidbot;
using namespace liquidbot::aave;

TEST_CASE("reserve configuration: every field at its documented bits") {
  // Python: sum(v << pos) for the fields below.
  const u256 data =
      u256::from_dec("86844066927980564549449433965351788835218517549586568498313494454896707641152").value();
  // ltv 8000 @0, lt 8250 @16, lb 10500 @32, dec 18 @48, active+borrowing+flashloan @56,58,63,
  // rf 1500 @64, borrowCap 1234567 @80, supplyCap 68719476735 @116, fee 1000 @152, eMode 3 @168,
  // unbackedMintCap 5 @176, debtCeiling 1099511627775 @212, virtualAcc @252, unused 0b101 @253.
  const ReserveConfig c = ReserveConfig::decode(data);
  CHECK(c.ltv == 8000);
  CHECK(c.liquidation_threshold == 8250);
  CHECK(c.liquidation_bonus == 10500);
  CHECK(c.decimals == 18);
  CHECK(c.active);
  CHECK(!c.frozen);
  CHECK(c.borrowing_enabled);
  CHECK(!c.stable_rate_borrowing_enabled);
  CHECK(!c.paused);
  CHECK(!c.borrowable_in_isolation);
  CHECK(!c.siloed_borrowing);
  CHECK(c.flashloan_enabled);
  CHECK(c.reserve_factor == 1500);
  CHECK(c.borrow_cap == 1234567);
  CHECK(c.supply_cap == kMaxSupplyCap);
  CHECK(c.liquidation_protocol_fee == 1000);
  CHECK(c.emode_category == 3);
  CHECK(c.unbacked_mint_cap == 5);
  CHECK(c.debt_ceiling == kMaxDebtCeiling);
  CHECK(c.virtual_acc_active);
  CHECK(c.unused_bits == 5);
  CHECK(c.encode().value() == data);
}

TEST_CASE("reserve configuration: single bits and round trips") {
  for (unsigned bit = 0; bit < 256; ++bit) {
    const u256 data = u256{1} << bit;
    CHECK(ReserveConfig::decode(data).encode().value() == data);
  }
  CHECK(ReserveConfig::decode(u256::max()).encode().value() == u256::max());
  CHECK(ReserveConfig::decode(u256{1} << 57).frozen);
  CHECK(ReserveConfig::decode(u256{1} << 60).paused);
  CHECK(ReserveConfig::decode(u256{1} << 61).borrowable_in_isolation);
  CHECK(ReserveConfig::decode(u256{1} << 62).siloed_borrowing);
  CHECK(ReserveConfig::decode(u256{1} << 59).stable_rate_borrowing_enabled);
  ReserveConfig too_big;
  too_big.debt_ceiling = kMaxDebtCeiling + 1;
  auto encoded = too_big.encode();
  REQUIRE(!encoded.ok());
  CHECK(encoded.error().message.find("debtCeiling") != std::string::npos);
  CHECK(encoded.error().code == Errc::overflow);
  too_big = {};
  too_big.borrow_cap = kMaxBorrowCap + 1;
  CHECK(!too_big.encode().ok());
}

TEST_CASE("user configuration and eMode bitmaps") {
  // Borrowing reserve 0, collateral reserve 3, both on reserve 127.
  const u256 config = (u256{1} << 0) | (u256{1} << 7) | (u256{1} << 254) | (u256{1} << 255);
  CHECK(is_borrowing(config, 0));
  CHECK(!is_using_as_collateral(config, 0));
  CHECK(is_using_as_collateral(config, 3));
  CHECK(!is_borrowing(config, 3));
  CHECK(is_borrowing(config, 127));
  CHECK(is_using_as_collateral(config, 127));
  CHECK(!is_borrowing(config, 128));
  CHECK(is_reserve_enabled_on_bitmap(u256{43}, 0));
  CHECK(is_reserve_enabled_on_bitmap(u256{43}, 5));
  CHECK(!is_reserve_enabled_on_bitmap(u256{43}, 2));
  CHECK(!is_reserve_enabled_on_bitmap(u256::max(), 256));
}
