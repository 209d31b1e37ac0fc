// GasPriceOracle reads: the Fjord parameters and getL1Fee.
#include <liquidbot/l1fee.hpp>

#include <fmt/format.h>

#include <array>

namespace liquidbot {

namespace {

constexpr std::array<std::uint8_t, 4> kIsFjord = {0x96, 0x0e, 0x3a, 0x23};
constexpr std::array<std::uint8_t, 4> kL1BaseFee = {0x51, 0x9b, 0x4b, 0xd3};
constexpr std::array<std::uint8_t, 4> kBlobBaseFee = {0xf8, 0x20, 0x61, 0x40};
constexpr std::array<std::uint8_t, 4> kBaseFeeScalar = {0xc5, 0x98, 0x59, 0x18};
constexpr std::array<std::uint8_t, 4> kBlobBaseFeeScalar = {0x68, 0xd5, 0xdc, 0xa6};
constexpr std::array<std::uint8_t, 4> kGetL1Fee = {0x49, 0x94, 0x8e, 0x0e};

Result<u256> word(ByteView data, std::string_view what) {
  if (data.size() != 32)
    return make_error(Errc::decode, fmt::format("l1fee: GasPriceOracle.{} returned {} bytes, expected 32", what, data.size()));
  return u256::from_be32(data.data());
}

Result<std::uint32_t> word_u32(ByteView data, std::string_view what) {
  LB_TRY(value, word(data, what));
  if (value > u256{UINT32_MAX}) return make_error(Errc::decode, fmt::format("l1fee: GasPriceOracle.{} does not fit uint32", what));
  return static_cast<std::uint32_t>(value.limbs[0]);
}

}  // namespace

Result<L1FeeParams> fetch_l1_fee_params(rpc::Client& client, rpc::BlockTag block, const Address& oracle) {
  const std::array<std::array<std::uint8_t, 4>, 5> selectors = {kIsFjord, kL1BaseFee, kBlobBaseFee, kBaseFeeScalar,
                                                                kBlobBaseFeeScalar};
  const std::array<std::string_view, 5> names = {"isFjord", "l1BaseFee", "blobBaseFee", "baseFeeScalar", "blobBaseFeeScalar"};
  std::vector<rpc::Request> requests;
  for (const auto& selector : selectors) {
    rpc::CallRequest call;
    call.to = oracle;
    call.data.assign(selector.begin(), selector.end());
    requests.push_back({"eth_call", fmt::format(R"([{},"{}"])", rpc::call_object_json(call), block.to_param())});
  }
  LB_TRY(replies, client.batch(requests));
  std::array<Bytes, 5> results;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& reply = replies[i];
    if (!reply.ok()) return reply.error->to_error(fmt::format("eth_call GasPriceOracle.{}", names[i]));
    const std::string_view json = reply.result;
    if (json.size() < 2 || json.front() != '"' || json.back() != '"')
      return make_error(Errc::decode, fmt::format("l1fee: GasPriceOracle.{}: result is not a string", names[i]));
    auto data = rpc::parse_data(json.substr(1, json.size() - 2));
    if (!data) return make_error(Errc::decode, fmt::format("l1fee: GasPriceOracle.{}: {}", names[i], data.error().message));
    results[i] = std::move(data).value();
  }
  LB_TRY(fjord, word(results[0], names[0]));
  if (fjord != u256{1})
    return make_error(Errc::unsupported, "l1fee: GasPriceOracle.isFjord() is false: only the Fjord fee is implemented");
  L1FeeParams params;
  LB_TRY(l1_base_fee, word(results[1], names[1]));
  LB_TRY(blob_base_fee, word(results[2], names[2]));
  LB_TRY(base_scalar, word_u32(results[3], names[3]));
  LB_TRY(blob_scalar, word_u32(results[4], names[4]));
  params.l1_base_fee = l1_base_fee;
  params.blob_base_fee = blob_base_fee;
  params.base_fee_scalar = base_scalar;
  params.blob_base_fee_scalar = blob_scalar;
  return params;
}

Result<u256> oracle_l1_fee(rpc::Client& client, ByteView unsigned_tx, rpc::BlockTag block, const Address& oracle) {
  rpc::CallRequest call;
  call.to = oracle;
  // getL1Fee(bytes): selector, offset 0x20, length, data padded to 32 bytes.
  call.data.assign(kGetL1Fee.begin(), kGetL1Fee.end());
  std::array<std::uint8_t, 32> head{};
  u256{32}.to_be32(head.data());
  call.data.insert(call.data.end(), head.begin(), head.end());
  u256{unsigned_tx.size()}.to_be32(head.data());
  call.data.insert(call.data.end(), head.begin(), head.end());
  call.data.insert(call.data.end(), unsigned_tx.begin(), unsigned_tx.end());
  call.data.resize(call.data.size() + (32 - unsigned_tx.size() % 32) % 32, 0);
  LB_TRY(result, client.call(call, block));
  return word(result, "getL1Fee");
}

}  // namespace liquidbot
