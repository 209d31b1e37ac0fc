// OP-stack Fjord L1 data fee. The FastLZ length estimate follows the level-1 fastlz_compress
// algorithm (ariya/FastLZ) as op-geth's FlzCompressLen and solady's LibZip.flzCompress run it: a
// 13-bit hash table of 3-byte sequences, matches within 8191 bytes, literal runs of up to 32 bytes
// (1 + n bytes each), matches of 2 bytes (length < 7 after the implicit 2) or 3 bytes, long matches
// split every 262 bytes.
#include <liquidbot/l1fee.hpp>

#include <array>

namespace liquidbot {
namespace {

constexpr std::uint32_t kHashLog = 13;
constexpr std::uint32_t kHashSize = 1u << kHashLog;
constexpr std::uint32_t kMaxDistance = 0x1fff;

// Fjord linear regression constants (GasPriceOracle.sol / op-geth rollup_cost.go), scaled by 1e6.
constexpr std::int64_t kCostIntercept = -42'585'600;
constexpr std::int64_t kCostFastlzCoef = 836'500;
constexpr std::uint64_t kMinTransactionSizeScaled = 100'000'000;
constexpr std::uint64_t kSignatureOverhead = 68;

std::uint32_t load24(const std::uint8_t* p, std::uint32_t i) noexcept {
  return static_cast<std::uint32_t>(p[i]) | (static_cast<std::uint32_t>(p[i + 1]) << 8) |
         (static_cast<std::uint32_t>(p[i + 2]) << 16);
}

std::uint32_t hash24(std::uint32_t v) noexcept {
  return (static_cast<std::uint32_t>(2654435769u * v) >> 19) & (kHashSize - 1);
}

std::uint64_t literal_cost(std::uint64_t run) noexcept {
  std::uint64_t n = 33 * (run / 32);
  run %= 32;
  if (run != 0) n += run + 1;
  return n;
}

std::uint64_t match_cost(std::uint64_t length) noexcept {
  --length;
  return 3 * (length / 262) + (length % 262 >= 6 ? 3 : 2);
}

// Scaled estimated size: max(100e6, intercept + coef * fastlz).
u256 estimated_size_scaled(std::uint64_t fastlz_size) noexcept {
  const u256 product = u256{static_cast<std::uint64_t>(kCostFastlzCoef)} * u256{fastlz_size};  // < 2^84
  const u256 intercept{static_cast<std::uint64_t>(-kCostIntercept)};
  if (product <= intercept + u256{kMinTransactionSizeScaled}) return u256{kMinTransactionSizeScaled};
  return product - intercept;
}

}  // namespace

std::uint64_t flz_compress_len(ByteView data) noexcept {
  const auto size = static_cast<std::uint32_t>(data.size());
  const std::uint8_t* in = data.data();
  std::array<std::uint32_t, kHashSize> table{};
  std::uint64_t out = 0;
  std::uint32_t anchor = 0;  // start of the pending literal run
  const std::uint32_t limit = size < 13 ? 0 : size - 13;
  std::uint32_t ip = 2;
  while (ip < limit) {
    std::uint32_t ref = 0;
    // Find the next position whose 3 bytes repeat within the window.
    while (true) {
      const std::uint32_t seq = load24(in, ip);
      const std::uint32_t h = hash24(seq);
      ref = table[h];
      table[h] = ip;
      const std::uint32_t distance = ip - ref;
      if (ip >= limit) break;
      ++ip;
      if (distance <= kMaxDistance && seq == load24(in, ref)) break;
    }
    if (ip >= limit) break;
    --ip;
    if (ip > anchor) out += literal_cost(ip - anchor);
    // Match length beyond the first 3 bytes, counted as the reference does (mismatch index + 1).
    std::uint32_t length = 0;
    const std::uint32_t p = ref + 3;
    const std::uint32_t q = ip + 3;
    const std::uint32_t end = limit + 9 - q;
    while (length < end) {
      const bool differ = in[p + length] != in[q + length];
      ++length;
      if (differ) break;
    }
    out += match_cost(length);
    ip += length;
    table[hash24(load24(in, ip))] = ip;
    ++ip;
    table[hash24(load24(in, ip))] = ip;
    ++ip;
    anchor = ip;
  }
  return out + literal_cost(size - anchor);
}

Result<u256> fjord_l1_fee(const L1FeeParams& params, std::uint64_t fastlz_size) noexcept {
  u256 base_part;
  u256 blob_part;
  u256 scaled;
  if (mul_overflow(params.l1_base_fee, u256{std::uint64_t{params.base_fee_scalar} * 16}, base_part) ||
      mul_overflow(params.blob_base_fee, u256{params.blob_base_fee_scalar}, blob_part) ||
      add_overflow(base_part, blob_part, scaled))
    return make_error(Errc::overflow, "l1fee: l1FeeScaled exceeds 2^256 (l1BaseFee or blobBaseFee out of range)");
  auto fee = mul_div(estimated_size_scaled(fastlz_size), scaled, u256{1'000'000'000'000});
  if (!fee) return make_error(Errc::overflow, "l1fee: fee exceeds 2^256");
  return fee;
}

Result<u256> l1_fee_signed(const L1FeeParams& params, ByteView signed_tx) noexcept {
  return fjord_l1_fee(params, flz_compress_len(signed_tx));
}

Result<u256> l1_fee_unsigned(const L1FeeParams& params, ByteView unsigned_tx) noexcept {
  return fjord_l1_fee(params, flz_compress_len(unsigned_tx) + kSignatureOverhead);
}

Result<u256> l1_fee_upper_bound(const L1FeeParams& params, std::uint64_t unsigned_tx_size) noexcept {
  if (unsigned_tx_size > (std::uint64_t{1} << 48))
    return make_error(Errc::overflow, "l1fee: unsigned transaction size above 2^48 bytes");
  const std::uint64_t tx_size = unsigned_tx_size + kSignatureOverhead;
  return fjord_l1_fee(params, tx_size + tx_size / 255 + 16);
}

std::uint64_t fjord_l1_gas_used(ByteView unsigned_tx) noexcept {
  const u256 scaled = estimated_size_scaled(flz_compress_len(unsigned_tx) + kSignatureOverhead);
  return (scaled * u256{16} / u256{1'000'000}).limbs[0];
}

}  // namespace liquidbot
