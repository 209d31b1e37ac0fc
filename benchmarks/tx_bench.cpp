// Transaction signing and sender recovery. secp256k1_sign_bare is libsecp256k1's own
// secp256k1_ecdsa_sign_recoverable on a digest with the same context, the floor for
// tx_build_sign_serialize_1559 (target: within 1.3x of it). Peer: benchmarks/peers/tx.mjs.
#include <liquidbot/transaction.hpp>

#include "detail/secp256k1_context.hpp"

#include <benchmark/benchmark.h>
#include <secp256k1_recovery.h>

#include <cstdlib>

namespace {

using namespace liquidbot;

PrivateKey bench_key() {
  auto key = PrivateKey::from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
  if (!key) std::abort();
  return std::move(key).value();
}

/// The same EIP-1559 transaction as the peer: Base, an ERC-20 approve-sized call.
Transaction bench_tx() {
  Transaction tx;
  tx.type = TxType::dynamic_fee;
  tx.chain_id = 8453;
  tx.nonce = 42;
  tx.max_priority_fee_per_gas = 1000000;
  tx.max_fee_per_gas = 2000000000;
  tx.gas_limit = 250000;
  tx.to = Address::from_view(Bytes(20, 0x35));
  tx.data = Bytes(68, 0xab);
  return tx;
}

void secp256k1_sign_bare(benchmark::State& state) {
  const PrivateKey key = bench_key();
  const Hash digest = signing_hash(bench_tx());
  const secp256k1_context* context = detail::secp_context();
  for (auto _ : state) {
    secp256k1_ecdsa_recoverable_signature signature;
    if (secp256k1_ecdsa_sign_recoverable(context, &signature, digest.data(), key.secret_bytes().data(), nullptr,
                                         nullptr) != 1)
      std::abort();
    benchmark::DoNotOptimize(signature);
  }
}
BENCHMARK(secp256k1_sign_bare);

void tx_build_sign_serialize_1559(benchmark::State& state) {
  const PrivateKey key = bench_key();
  for (auto _ : state) {
    Transaction tx = bench_tx();
    if (!sign(tx, key)) std::abort();
    auto raw = encode(tx);
    if (!raw) std::abort();
    benchmark::DoNotOptimize(raw.value().data());
  }
}
BENCHMARK(tx_build_sign_serialize_1559);

void tx_recover_sender(benchmark::State& state) {
  Transaction tx = bench_tx();
  if (!sign(tx, bench_key())) std::abort();
  const Bytes raw = encode(tx).value();
  for (auto _ : state) {
    auto decoded = decode_transaction(raw);
    if (!decoded) std::abort();
    benchmark::DoNotOptimize(decoded->from);
  }
}
BENCHMARK(tx_recover_sender);

}  // namespace

BENCHMARK_MAIN();
