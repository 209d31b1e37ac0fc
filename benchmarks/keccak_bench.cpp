// Keccak-256 throughput on 32, 136 and 300 bytes (one, two and three permutations: 136 bytes
// needs a second permutation for the padding block) and EIP-55 checksum encoding of an address.
// keccak_32_portable times the variant CPUs without AVX-512 run (no peer row).
// Peer: benchmarks/peers/keccak.mjs (ethers v6 keccak256 / getAddress on the same inputs).
#include <liquidbot/address.hpp>
#include <liquidbot/keccak.hpp>

#include "detail/keccak_dispatch.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

// Bytes i*7+1 (mod 256): the same inputs the peer hashes.
std::vector<std::uint8_t> input_of(std::size_t size) {
  std::vector<std::uint8_t> data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return data;
}

liquidbot::Hash dispatched(const std::uint8_t* data, std::size_t size) {
  return liquidbot::keccak256(liquidbot::ByteView(data, size));
}

template <liquidbot::Hash (*Hasher)(const std::uint8_t*, std::size_t) = dispatched>
void run_keccak(benchmark::State& state, std::size_t size) {
  std::vector<std::uint8_t> data = input_of(size);
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    liquidbot::Hash h = Hasher(data.data(), data.size());
    benchmark::DoNotOptimize(h);
    data[0] = h.bytes[0];  // chain the iterations so no hash can be hoisted
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void keccak_32(benchmark::State& state) { run_keccak(state, 32); }
void keccak_136(benchmark::State& state) { run_keccak(state, 136); }
void keccak_300(benchmark::State& state) { run_keccak(state, 300); }
void keccak_32_portable(benchmark::State& state) {
  run_keccak<liquidbot::detail::keccak256_portable>(state, 32);
}

void address_checksum(benchmark::State& state) {
  const std::vector<std::uint8_t> data = input_of(20);
  const liquidbot::Address address = liquidbot::Address::from_view(data);
  for (auto _ : state) {
    benchmark::DoNotOptimize(address);
    std::string text = address.to_checksum();
    benchmark::DoNotOptimize(text.data());
  }
}

}  // namespace

BENCHMARK(keccak_32);
BENCHMARK(keccak_136);
BENCHMARK(keccak_300);
BENCHMARK(keccak_32_portable);
BENCHMARK(address_checksum);

BENCHMARK_MAIN();
