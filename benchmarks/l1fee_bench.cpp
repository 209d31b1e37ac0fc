// Local Fjord L1 data fee of a ~300-byte protective transaction (an EIP-1559 Pool.repay call):
// FastLZ length of the unsigned RLP + the Fjord formula. No peer: ethers has no L1-fee estimator;
// the alternative is a GasPriceOracle.getL1Fee eth_call round trip.
#include <liquidbot/l1fee.hpp>
#include <liquidbot/transaction.hpp>

#include <benchmark/benchmark.h>

using namespace liquidbot;

namespace {

Bytes repay_tx_payload() {
  Transaction tx;
  tx.chain_id = 8453;
  tx.nonce = 1234;
  tx.max_priority_fee_per_gas = u256{1'000'000};
  tx.max_fee_per_gas = u256{25'000'000};
  tx.gas_limit = 350'000;
  tx.to = Address::parse("0xA238Dd80C259a72e81d7e4664a9801593F98d1c5").value();  // Aave Pool on Base
  // repay(address,uint256,uint256,address) plus an approve-and-multicall style tail: ~300 bytes total.
  tx.data = hex_decode(
                "0x573ade81000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda02913"
                "00000000000000000000000000000000000000000000000000000000b2d05e00"
                "0000000000000000000000000000000000000000000000000000000000000002"
                "000000000000000000000000a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
                "095ea7b3000000000000000000000000a238dd80c259a72e81d7e4664a9801593f98d1c5"
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                "0000000000000000000000000000000000000000000000000000000000000040")
                .value();
  return signing_payload(tx);
}

void BM_FjordL1FeeLocal(benchmark::State& state) {
  const Bytes payload = repay_tx_payload();
  const L1FeeParams params{u256{500'000'000}, u256{1}, 2269, 1055778};
  for (auto _ : state) {
    auto fee = l1_fee_unsigned(params, payload);
    benchmark::DoNotOptimize(fee);
  }
  state.counters["tx_bytes"] = static_cast<double>(payload.size());
  state.counters["fastlz"] = static_cast<double>(flz_compress_len(payload));
}
BENCHMARK(BM_FjordL1FeeLocal);

void BM_FlzCompressLen(benchmark::State& state) {
  const Bytes payload = repay_tx_payload();
  for (auto _ : state) benchmark::DoNotOptimize(flz_compress_len(payload));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(payload.size()));
}
BENCHMARK(BM_FlzCompressLen);

}  // namespace

BENCHMARK_MAIN();
