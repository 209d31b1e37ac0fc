// u256 hot-path costs: multiplication, division by 64-, 128- and 256-bit divisors, and mul_div with
// a 512-bit intermediate. Operands cycle through a table of seeded random values so that neither the
// compiler nor the branch predictor sees one fixed input.
#include <liquidbot/u256.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>

using liquidbot::u256;

namespace {

constexpr std::size_t kTable = 256;

// Random value with exactly `bits` significant bits (top bit set).
u256 random_bits(std::mt19937_64& rng, unsigned bits) {
  u256 v = u256::from_limbs(rng(), rng(), rng(), rng());
  v = v >> (256 - bits);
  return v | (u256(1) << (bits - 1));
}

struct Operands {
  std::array<u256, kTable> a;
  std::array<u256, kTable> b;
};

Operands make_operands(unsigned a_bits, unsigned b_bits) {
  std::mt19937_64 rng(42);
  Operands ops;
  for (std::size_t i = 0; i < kTable; ++i) {
    ops.a[i] = random_bits(rng, a_bits);
    ops.b[i] = random_bits(rng, b_bits);
  }
  return ops;
}

void u256_mul(benchmark::State& state) {
  const Operands ops = make_operands(256, 256);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ops.a[i] * ops.b[i]);
    i = (i + 1) % kTable;
  }
}

void run_division(benchmark::State& state, unsigned divisor_bits) {
  const Operands ops = make_operands(256, divisor_bits);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ops.a[i] / ops.b[i]);
    i = (i + 1) % kTable;
  }
}

void u256_div_64(benchmark::State& state) { run_division(state, 64); }
void u256_div_128(benchmark::State& state) { run_division(state, 128); }
// Generic Knuth division: divisors of 129 to 256 bits (three or four limbs).
void u256_div_256(benchmark::State& state) {
  std::mt19937_64 rng(5);
  Operands ops = make_operands(256, 256);
  for (u256& divisor : ops.b) divisor = random_bits(rng, 129 + static_cast<unsigned>(rng() % 128));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ops.a[i] / ops.b[i]);
    i = (i + 1) % kTable;
  }
}

// The Aave shape: an amount times a ray index over a ray (rayMul without the half-up term) and a
// generic 256 x 256 / 256 with a quotient that fits.
void u256_mul_div(benchmark::State& state) {
  std::mt19937_64 rng(7);
  std::array<u256, kTable> a;
  std::array<u256, kTable> b;
  std::array<u256, kTable> d;
  for (std::size_t i = 0; i < kTable; ++i) {
    a[i] = random_bits(rng, 96);             // ~1e28: a large token amount in wei
    b[i] = random_bits(rng, 91);             // ~1.2e27: a liquidity index in ray
    d[i] = u256(1000000000000000000ULL) * u256(1000000000);  // 1e27
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(liquidbot::mul_div(a[i], b[i], d[i]));
    i = (i + 1) % kTable;
  }
}

void u256_mul_div_256(benchmark::State& state) {
  std::mt19937_64 rng(9);
  std::array<u256, kTable> a;
  std::array<u256, kTable> b;
  std::array<u256, kTable> d;
  for (std::size_t i = 0; i < kTable; ++i) {
    a[i] = random_bits(rng, 256);
    b[i] = random_bits(rng, 200);
    d[i] = random_bits(rng, 250);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(liquidbot::mul_div(a[i], b[i], d[i]));
    i = (i + 1) % kTable;
  }
}

void u256_to_dec(benchmark::State& state) {
  const Operands ops = make_operands(200, 64);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ops.a[i].to_dec());
    i = (i + 1) % kTable;
  }
}

}  // namespace

BENCHMARK(u256_mul);
BENCHMARK(u256_div_64);
BENCHMARK(u256_div_128);
BENCHMARK(u256_div_256);
BENCHMARK(u256_mul_div);
BENCHMARK(u256_mul_div_256);
BENCHMARK(u256_to_dec);
BENCHMARK_MAIN();
