// ABI encoding of Pool.repay(address,uint256,uint256,address) calldata: the typed, allocation-free
// path (compile-time selector, caller buffer) and the dynamic Value path. Peer:
// benchmarks/peers/abi.mjs (ethers v6 Interface.encodeFunctionData).
#include <liquidbot/abi.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <vector>

using namespace liquidbot;

namespace {

const Address kAsset = *Address::parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
const Address kUser = *Address::parse("0x1111111111111111111111111111111111111111");
const u256 kAmount = *u256::from_dec("123456789012345678901234567890");

void abi_repay_calldata_typed(benchmark::State& state) {
  using Repay = abi::Function<"repay", Address, u256, u256, Address>;
  std::array<std::uint8_t, Repay::kSize> out{};
  Address asset = kAsset;
  Address user = kUser;
  u256 amount = kAmount;
  u256 mode = 2;
  for (auto _ : state) {
    benchmark::DoNotOptimize(asset);
    benchmark::DoNotOptimize(amount);
    benchmark::DoNotOptimize(user);
    Repay::encode_to(out, asset, amount, mode, user);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(abi_repay_calldata_typed);

void abi_repay_calldata_dynamic(benchmark::State& state) {
  const abi::Signature repay = *abi::parse_signature("repay(address,uint256,uint256,address)");
  const std::vector<abi::Value> args = {abi::Value(kAsset), abi::Value(kAmount), abi::Value(u256(2)), abi::Value(kUser)};
  const Selector selector = repay.selector();  // kept by the caller, as ethers' Interface does
  for (auto _ : state) {
    auto calldata = abi::encode_call(selector, repay.inputs, args);
    benchmark::DoNotOptimize(calldata.value().data());
  }
}
BENCHMARK(abi_repay_calldata_dynamic);

}  // namespace

BENCHMARK_MAIN();
