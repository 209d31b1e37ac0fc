// OP-stack L1 data fee (Fjord): FastLZ compressed-size estimate, the Fjord linear regression, and
// the same fee GasPriceOracle.getL1Fee (predeploy 0x420000000000000000000000000000000000000F) returns.
//
//   l1FeeScaled         = baseFeeScalar*l1BaseFee*16 + blobBaseFeeScalar*blobBaseFee
//   estimatedSizeScaled = max(100e6, 836_500*fastlzSize - 42_585_600)
//   l1Fee               = estimatedSizeScaled * l1FeeScaled / 1e12
//
// The node charges with fastlzSize = FlzCompressLen(signed tx bytes); getL1Fee(unsigned tx) uses
// FlzCompressLen(unsigned tx) + 68 as an estimate of the signature's share.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>

namespace liquidbot {

/// GasPriceOracle predeploy on OP-stack chains.
inline constexpr Address kGasPriceOracleAddress = Address{
    {0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0f}};

/// The chain's L1 fee inputs (GasPriceOracle l1BaseFee(), blobBaseFee(), baseFeeScalar(),
/// blobBaseFeeScalar(); the scalars are uint32 on chain).
struct L1FeeParams {
  u256 l1_base_fee;
  u256 blob_base_fee;
  std::uint32_t base_fee_scalar = 0;
  std::uint32_t blob_base_fee_scalar = 0;
  friend bool operator==(const L1FeeParams&, const L1FeeParams&) = default;
};

/// Length of the FastLZ (level 1) compression of `data`, as op-geth's FlzCompressLen and the
/// GasPriceOracle's LibZip.flzCompress compute it. Does not allocate.
LIQUIDBOT_API std::uint64_t flz_compress_len(ByteView data) noexcept;

/// Fjord fee for a given FastLZ size; overflow (absurd parameters) is an error.
LIQUIDBOT_API Result<u256> fjord_l1_fee(const L1FeeParams& params, std::uint64_t fastlz_size) noexcept;
/// The L1 fee the node charges for a signed raw transaction (FastLZ of the whole signed bytes).
LIQUIDBOT_API Result<u256> l1_fee_signed(const L1FeeParams& params, ByteView signed_tx) noexcept;
/// What GasPriceOracle.getL1Fee(unsigned_tx) returns: FastLZ of the unsigned RLP + 68.
LIQUIDBOT_API Result<u256> l1_fee_unsigned(const L1FeeParams& params, ByteView unsigned_tx) noexcept;
/// GasPriceOracle.getL1FeeUpperBound(size): txSize = size + 68, fastlz bound = txSize + txSize/255 + 16.
LIQUIDBOT_API Result<u256> l1_fee_upper_bound(const L1FeeParams& params, std::uint64_t unsigned_tx_size) noexcept;
/// GasPriceOracle.getL1GasUsed(unsigned_tx) under Fjord: regression(fastlz + 68) * 16 / 1e6.
LIQUIDBOT_API std::uint64_t fjord_l1_gas_used(ByteView unsigned_tx) noexcept;

/// Reads l1BaseFee(), blobBaseFee(), baseFeeScalar() and blobBaseFeeScalar() from the
/// GasPriceOracle at `block` in one batch; Errc::unsupported when isFjord() is false.
LIQUIDBOT_API Result<L1FeeParams> fetch_l1_fee_params(rpc::Client& client,
                                                      rpc::BlockTag block = rpc::BlockTag::latest(),
                                                      const Address& oracle = kGasPriceOracleAddress);
/// GasPriceOracle.getL1Fee(unsigned_tx) on chain: the cross-check of l1_fee_unsigned.
LIQUIDBOT_API Result<u256> oracle_l1_fee(rpc::Client& client, ByteView unsigned_tx,
                                         rpc::BlockTag block = rpc::BlockTag::latest(),
                                         const Address& oracle = kGasPriceOracleAddress);

}  // namespace liquidbot
