// L1 data fee: op-geth's published FlzCompressLen and Fjord vectors (core/types/rollup_cost_test.go).
// The on-chain differential (GasPriceOracle.getL1Fee for random transactions) is
// tests/integration/l1fee_chain.mjs.
#include <liquidbot/l1fee.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace liquidbot;

namespace {
Bytes hex(std::string_view text) { return hex_decode(text).value(); }
}  // namespace

TEST_CASE("flz_compress_len: op-geth vectors") {
  CHECK(flz_compress_len({}) == 0);
  CHECK(flz_compress_len(Bytes(1000, 0x01)) == 21);
  CHECK(flz_compress_len(Bytes(1000, 0x00)) == 21);
  // emptyTx.MarshalBinary(): unsigned legacy tx to 0x095e7b... with zero fields.
  CHECK(flz_compress_len(hex("dd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080")) == 31);
  // OP mainnet tx 0x8eb9dd4eb6d33f4dc25fb015919e4b1e9f7542f9b0322bf6622e268cd116b594.
  const Bytes call = hex(
      "02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8"
      "e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8c"
      "c2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000000003c1e50000000000000000000000"
      "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a0000000"
      "00000000000000000000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe00000000000000"
      "0000000000c001a033fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f61"
      "0222e71b7cec06449cb922b93b6a12744e");
  CHECK(flz_compress_len(call) == 202);
}

TEST_CASE("flz_compress_len: short inputs are all literals") {
  for (std::size_t n = 1; n <= 13; ++n) CHECK(flz_compress_len(Bytes(n, 0x07)) == n + 1);
  CHECK(flz_compress_len(Bytes(32, 0x00)) < 33);
}

TEST_CASE("fjord_l1_fee: op-geth parity and floor vectors") {
  const L1FeeParams p{u256{2'000'000}, u256{3'000'000}, 20, 15};
  CHECK(fjord_l1_fee(p, 235).value() == u256{105484});
  const L1FeeParams floor_params{u256{1'000'000'000}, u256{10'000'000}, 2, 3};
  for (std::uint64_t size = 0; size <= 170; ++size) CHECK(fjord_l1_fee(floor_params, size).value() == u256{3'203'000});
  CHECK(fjord_l1_fee(floor_params, 171).value() > u256{3'203'000});
  // upper bound: unsigned 151 -> 219 -> 219 + 0 + 16 = 235.
  CHECK(l1_fee_upper_bound(p, 151).value() == u256{105484});
}

TEST_CASE("fjord_l1_gas_used: op-geth gasUsed 2463 at fastlz 235") {
  // Find an input whose FastLZ length is 235 - 68 = 167: random-looking bytes compress to n + n/32 + 1.
  Bytes data;
  std::uint32_t x = 12345;
  while (true) {
    x = x * 1103515245u + 12345u;
    data.push_back(static_cast<std::uint8_t>(x >> 16));
    if (flz_compress_len(data) >= 167) break;
  }
  REQUIRE(flz_compress_len(data) == 167);
  CHECK(fjord_l1_gas_used(data) == 2463);
  CHECK(fjord_l1_gas_used({}) == 1600);  // the 100e6 floor * 16 / 1e6
}

TEST_CASE("fjord_l1_fee: overflow is an error, not a wrap") {
  const L1FeeParams huge{u256::max(), u256{1}, 1, 1};
  CHECK(fjord_l1_fee(huge, 200).error().code == Errc::overflow);
  const L1FeeParams big{u256::max() / u256{32}, u256{0}, 1, 0};
  CHECK(fjord_l1_fee(big, 100'000'000).error().code == Errc::overflow);
  CHECK(l1_fee_upper_bound(L1FeeParams{}, std::uint64_t{1} << 60).error().code == Errc::overflow);
}

TEST_CASE("l1_fee_unsigned adds the 68-byte signature share") {
  const L1FeeParams p{u256{1'000'000'000}, u256{1}, 2269, 1055778};
  const Bytes data(400, 0xab);
  CHECK(l1_fee_unsigned(p, data).value() == fjord_l1_fee(p, flz_compress_len(data) + 68).value());
  CHECK(l1_fee_signed(p, data).value() == fjord_l1_fee(p, flz_compress_len(data)).value());
}
