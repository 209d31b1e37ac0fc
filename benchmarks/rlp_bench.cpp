// RLP cost on an EIP-1559-shaped transaction field list (12 fields, ~150 bytes: chain id, nonce,
// fees, gas, recipient, value, 68 bytes of calldata, empty access list, y parity, r, s): encode into
// a reused buffer, and decode with the zero-copy reader, turning every numeric field into an
// integer. Peer: benchmarks/peers/rlp.mjs (ethers encodeRlp / decodeRlp on the same fields).
#include <liquidbot/rlp.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

using namespace liquidbot;

namespace {

struct TxFields {
  std::uint64_t chain_id = 8453;
  std::uint64_t nonce = 42;
  u256 max_priority_fee = u256(1000000);
  u256 max_fee = u256(2000000000);
  std::uint64_t gas = 250000;
  std::array<std::uint8_t, 20> to{};
  u256 value = u256(0);
  std::array<std::uint8_t, 68> data{};
  std::uint64_t y_parity = 1;
  u256 r;
  u256 s;
};

TxFields make_fields() {
  TxFields tx;
  tx.to.fill(0x35);
  tx.data.fill(0xab);
  tx.r = *u256::from_hex("0x9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9");
  tx.s = *u256::from_hex("0x1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809");
  return tx;
}

void encode_tx(Bytes& out, const TxFields& tx) {
  const rlp::ListMark list = rlp::begin_list(out);
  rlp::append_uint(out, tx.chain_id);
  rlp::append_uint(out, tx.nonce);
  rlp::append_uint(out, tx.max_priority_fee);
  rlp::append_uint(out, tx.max_fee);
  rlp::append_uint(out, tx.gas);
  rlp::append_bytes(out, tx.to);
  rlp::append_uint(out, tx.value);
  rlp::append_bytes(out, tx.data);
  rlp::end_list(out, rlp::begin_list(out));  // empty access list
  rlp::append_uint(out, tx.y_parity);
  rlp::append_uint(out, tx.r);
  rlp::append_uint(out, tx.s);
  rlp::end_list(out, list);
}

void rlp_encode_tx(benchmark::State& state) {
  const TxFields tx = make_fields();
  Bytes out;
  out.reserve(256);
  for (auto _ : state) {
    out.clear();
    encode_tx(out, tx);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(out.size());
}

// Decodes every field: integers to u256 / uint64, byte fields as views, the access list as a list.
bool decode_tx(ByteView encoded, TxFields& tx) {
  auto top = rlp::decode(encoded);
  if (!top) return false;
  auto reader = top->items();
  if (!reader) return false;
  const auto next = [&]() { return reader->next(); };
  auto chain_id = next();
  auto nonce = next();
  auto tip = next();
  auto fee = next();
  auto gas = next();
  auto to = next();
  auto value = next();
  auto data = next();
  auto access = next();
  auto parity = next();
  auto r = next();
  auto s = next();
  if (!s || !reader->done()) return false;
  tx.chain_id = chain_id->to_uint64().value_or(0);
  tx.nonce = nonce->to_uint64().value_or(0);
  tx.max_priority_fee = tip->to_u256().value_or(0);
  tx.max_fee = fee->to_u256().value_or(0);
  tx.gas = gas->to_uint64().value_or(0);
  benchmark::DoNotOptimize(to->payload().data());
  tx.value = value->to_u256().value_or(0);
  benchmark::DoNotOptimize(data->payload().data());
  benchmark::DoNotOptimize(access->is_list());
  tx.y_parity = parity->to_uint64().value_or(0);
  tx.r = r->to_u256().value_or(0);
  tx.s = s->to_u256().value_or(0);
  return true;
}

void rlp_decode_tx(benchmark::State& state) {
  const TxFields fields = make_fields();
  Bytes encoded;
  encode_tx(encoded, fields);
  TxFields tx;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decode_tx(encoded, tx));
    benchmark::DoNotOptimize(tx);
  }
  if (!(tx.r == fields.r) || tx.chain_id != fields.chain_id) state.SkipWithError("decode mismatch");
}

}  // namespace

BENCHMARK(rlp_encode_tx);
BENCHMARK(rlp_decode_tx);
BENCHMARK_MAIN();
