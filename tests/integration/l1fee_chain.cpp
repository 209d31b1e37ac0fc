// On the test-bed chain (LB_RPC_URL): the local Fjord L1 fee equals GasPriceOracle.getL1Fee (the
// stand-in predeploy at 0x42..0F, Solidity LibZip-style FastLZ) for 210 random transactions under
// three parameter sets, and fetch_l1_fee_params reads what setL1FeeParams wrote.
#include <liquidbot/keccak.hpp>
#include <liquidbot/l1fee.hpp>
#include <liquidbot/transaction.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <random>

using namespace liquidbot;

namespace {

rpc::Client connect() {
  const char* url = std::getenv("LB_RPC_URL");
  REQUIRE_MESSAGE(url != nullptr, "LB_RPC_URL is not set (run under tests/js/testbed.mjs run)");
  auto client = rpc::Client::connect({url});
  REQUIRE_MESSAGE(client.ok(), client.error().message);
  return std::move(client).value();
}

void set_params(rpc::Client& client, const L1FeeParams& p) {
  auto accounts_reply = client.request("eth_accounts", "[]");
  REQUIRE_MESSAGE(accounts_reply.ok(), accounts_reply.error().message);
  const auto& accounts = *accounts_reply;
  const std::string from = accounts.result.substr(2, 42);
  Bytes data;
  const auto sel = selector("setL1FeeParams(uint256,uint256,uint32,uint32)");
  data.assign(sel.bytes.begin(), sel.bytes.end());
  std::array<std::uint8_t, 32> word{};
  for (const u256& v : {p.l1_base_fee, p.blob_base_fee, u256{p.base_fee_scalar}, u256{p.blob_base_fee_scalar}}) {
    v.to_be32(word.data());
    data.insert(data.end(), word.begin(), word.end());
  }
  const std::string params = fmt::format(R"([{{"from":"{}","to":"{}","gas":"0x100000","data":"{}"}}])", from,
                                         kGasPriceOracleAddress.to_hex(), hex_encode(data));
  auto sent = client.request("eth_sendTransaction", params);
  REQUIRE_MESSAGE(sent.ok(), sent.error().message);
  REQUIRE_MESSAGE(sent->ok(), sent->error->to_string());
}

// Random transactions of every type with calldata of several shapes (random, zero-heavy, repetitive).
Transaction random_tx(std::mt19937_64& rng) {
  Transaction tx;
  const auto type = rng() % 3;
  tx.type = static_cast<TxType>(type);
  tx.chain_id = 8453;
  tx.nonce = rng() % 5000;
  if (tx.type == TxType::dynamic_fee) {
    tx.max_priority_fee_per_gas = u256{rng() % 10'000'000};
    tx.max_fee_per_gas = tx.max_priority_fee_per_gas + u256{rng() % 1'000'000'000};
  } else {
    tx.gas_price = u256{rng() % 1'000'000'000};
  }
  tx.gas_limit = 21000 + rng() % 3'000'000;
  if (rng() % 10 != 0) {
    Address to;
    for (auto& b : to.bytes) b = static_cast<std::uint8_t>(rng());
    tx.to = to;
  }
  tx.value = u256{rng() % 4 == 0 ? rng() : 0};
  const std::size_t len = rng() % 2 == 0 ? rng() % 200 : rng() % 900;  // protective txs are ~200-700 bytes
  const auto style = rng() % 3;
  for (std::size_t i = 0; i < len; ++i) {
    std::uint8_t b = static_cast<std::uint8_t>(rng());
    if (style == 1 && rng() % 10 < 7) b = 0;
    if (style == 2 && i >= 36 && rng() % 10 < 8) b = tx.data[i - 1 - rng() % 36];
    tx.data.push_back(b);
  }
  if (tx.type != TxType::legacy && rng() % 4 == 0) {
    AccessListEntry e;
    e.address = tx.to.value_or(Address{});
    e.storage_keys.resize(rng() % 3);
    tx.access_list.push_back(e);
  }
  return tx;
}

}  // namespace

TEST_CASE("l1fee on chain: local Fjord fee == GasPriceOracle.getL1Fee for random transactions") {
  rpc::Client client = connect();
  const std::array<L1FeeParams, 3> param_sets = {
      L1FeeParams{u256{500'000'000}, u256{1}, 2269, 1055778},       // the test bed's Base-like defaults
      L1FeeParams{u256{7'123'456'789}, u256{3}, 2269, 1055778},
      L1FeeParams{u256{1'000'000'000}, u256{10'000'000}, 2, 3},     // op-geth's floor vector params
  };
  std::mt19937_64 rng(20261124);
  int compared = 0;
  for (const auto& p : param_sets) {
    set_params(client, p);
    const auto fetched = fetch_l1_fee_params(client);
    REQUIRE_MESSAGE(fetched.ok(), fetched.error().message);
    CHECK(*fetched == p);
    std::vector<Bytes> payloads;
    for (int i = 0; i < 70; ++i) {
      Transaction tx = random_tx(rng);
      payloads.push_back(signing_payload(tx));
    }
    // One getL1Fee per transaction, batched.
    std::vector<rpc::Request> requests;
    for (const auto& payload : payloads) {
      rpc::CallRequest call;
      call.to = kGasPriceOracleAddress;
      const auto sel = selector("getL1Fee(bytes)");
      call.data.assign(sel.bytes.begin(), sel.bytes.end());
      std::array<std::uint8_t, 32> w{};
      u256{32}.to_be32(w.data());
      call.data.insert(call.data.end(), w.begin(), w.end());
      u256{payload.size()}.to_be32(w.data());
      call.data.insert(call.data.end(), w.begin(), w.end());
      call.data.insert(call.data.end(), payload.begin(), payload.end());
      call.data.resize(call.data.size() + (32 - payload.size() % 32) % 32, 0);
      requests.push_back({"eth_call", "[" + rpc::call_object_json(call) + ",\"latest\"]"});
    }
    // Small batches: the node evaluates a batch concurrently, and the Solidity FastLZ is heavy.
    std::vector<rpc::Reply> replies;
    for (std::size_t at = 0; at < requests.size(); at += 10) {
      const std::size_t n = std::min<std::size_t>(10, requests.size() - at);
      auto batch = client.batch(std::span<const rpc::Request>(requests.data() + at, n));
      REQUIRE_MESSAGE(batch.ok(), batch.error().message);
      replies.insert(replies.end(), batch->begin(), batch->end());
    }
    for (std::size_t i = 0; i < payloads.size(); ++i) {
      REQUIRE(replies[i].ok());
      const auto data = rpc::parse_data(std::string_view(replies[i].result).substr(1, replies[i].result.size() - 2)).value();
      REQUIRE(data.size() == 32);
      const u256 chain_fee = u256::from_be32(data.data());
      const u256 local_fee = l1_fee_unsigned(p, payloads[i]).value();
      CHECK_MESSAGE(local_fee == chain_fee, "tx ", i, " (", payloads[i].size(), " bytes): local ", local_fee.to_dec(),
                    " chain ", chain_fee.to_dec());
      ++compared;
    }
    // The single-call helper agrees too.
    CHECK(oracle_l1_fee(client, payloads[0]).value() == l1_fee_unsigned(p, payloads[0]).value());
    // getL1FeeUpperBound vs the local bound.
    rpc::CallRequest bound;
    bound.to = kGasPriceOracleAddress;
    const auto sel = selector("getL1FeeUpperBound(uint256)");
    bound.data.assign(sel.bytes.begin(), sel.bytes.end());
    std::array<std::uint8_t, 32> w{};
    u256{payloads[1].size()}.to_be32(w.data());
    bound.data.insert(bound.data.end(), w.begin(), w.end());
    const auto upper = client.call(bound, rpc::BlockTag::latest()).value();
    CHECK(u256::from_be32(upper.data()) == l1_fee_upper_bound(p, payloads[1].size()).value());
  }
  CHECK(compared == 210);
}
