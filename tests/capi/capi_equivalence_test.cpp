// SPDX-License-Identifier: MIT
// Results through the C ABI (libliquidbot_c) are identical to the C++ API's on the same inputs:
// every shipped snapshot (evaluate, plans, liquidation prices, shocks, minimum drop, batch),
// transactions, ABI, RLP, EIP-191/712 and Keccak over random inputs; intent ids, and a store file
// written through one API and read through the other.
#include <liquidbot/liquidbot.h>

#include <liquidbot/abi.hpp>
#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/batch.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/eip191.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/rlp.hpp>
#include <liquidbot/store.hpp>
#include <liquidbot/transaction.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <unistd.h>
#include <string>
#include <vector>

using namespace liquidbot;

namespace {

lb_u256be c_u256(const u256& value) {
  lb_u256be out;
  value.to_be32(out.bytes);
  return out;
}
u256 cpp_u256(const lb_u256be& value) { return u256::from_be32(value.bytes); }
lb_address c_address(const Address& value) {
  lb_address out;
  std::memcpy(out.bytes, value.bytes.data(), 20);
  return out;
}

aave::AccountData cpp_account(const lb_account_data& data) {
  return {cpp_u256(data.total_collateral_base), cpp_u256(data.total_debt_base),
          cpp_u256(data.available_borrows_base), cpp_u256(data.current_liquidation_threshold),
          cpp_u256(data.ltv), cpp_u256(data.health_factor)};
}

std::vector<std::filesystem::path> snapshot_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(LIQUIDBOT_SOURCE_DIR "/tests/data/snapshots"))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

/// Same status: ok on both sides, or the same error code.
void check_same_status(lb_status c, const Error* cpp) {
  if (cpp == nullptr) {
    CHECK_MESSAGE(c == LB_OK, lb_last_error_message());
  } else {
    CHECK(c == -static_cast<lb_status>(cpp->code));
  }
}

struct CSnapshot {
  lb_snapshot* handle = nullptr;
  ~CSnapshot() { lb_snapshot_destroy(handle); }
};

}  // namespace

TEST_CASE("capi equivalence: snapshots evaluate, plan, price and shock alike") {
  const auto files = snapshot_files();
  REQUIRE(files.size() >= 3);
  const u256 targets[] = {u256(1'000'000'000'000'000'000ULL), u256(1'500'000'000'000'000'000ULL),
                          u256(3'000'000'000'000'000'000ULL)};
  for (const auto& path : files) {
    CAPTURE(path.string());
    const std::string json = read_text(path);
    auto snapshot = aave::parse_snapshot(json);
    REQUIRE(snapshot.ok());
    CSnapshot c;
    REQUIRE(lb_snapshot_load_json(&c.handle, json.data(), json.size()) == LB_OK);

    auto account = aave::account_data(*snapshot);
    lb_account_data c_data;
    const lb_status evaluated = lb_snapshot_evaluate(c.handle, &c_data);
    check_same_status(evaluated, account.ok() ? nullptr : &account.error());
    if (account.ok()) CHECK(cpp_account(c_data) == *account);

    for (const auto& reserve : snapshot->reserves) {
      const lb_address asset = c_address(reserve.asset);
      for (const u256& target : targets) {
        const lb_u256be c_target = c_u256(target);
        lb_plan plan;
        auto repay = aave::plan_repay(*snapshot, reserve.asset, target);
        check_same_status(lb_snapshot_plan_repay(c.handle, &plan, &asset, &c_target, nullptr),
                          repay.ok() ? nullptr : &repay.error());
        if (repay.ok()) {
          CHECK(cpp_u256(plan.amount) == repay->amount);
          CHECK(cpp_account(plan.after) == repay->after);
        }
        lb_plan_options options;
        REQUIRE(lb_plan_options_init(&options, LB_PLAN_OPTIONS_VERSION) == LB_OK);
        options.delay_seconds = 3600;
        aave::PlanOptions cpp_options;
        cpp_options.delay_seconds = 3600;
        auto supply = aave::plan_supply(*snapshot, reserve.asset, target, cpp_options);
        check_same_status(lb_snapshot_plan_supply(c.handle, &plan, &asset, &c_target, &options),
                          supply.ok() ? nullptr : &supply.error());
        if (supply.ok()) {
          CHECK(cpp_u256(plan.amount) == supply->plan.amount);
          CHECK(cpp_account(plan.before) == supply->plan.before);
        }
        auto withdrawal = aave::max_safe_withdrawal(*snapshot, reserve.asset, target);
        check_same_status(lb_snapshot_max_safe_withdrawal(c.handle, &plan, &asset, &c_target, nullptr),
                          withdrawal.ok() ? nullptr : &withdrawal.error());
        if (withdrawal.ok()) CHECK(cpp_u256(plan.amount) == withdrawal->amount);
      }
      auto headroom = aave::supply_cap_headroom(*snapshot, reserve.asset, 3600);
      std::uint8_t has_cap = 7;
      lb_u256be c_headroom;
      check_same_status(lb_snapshot_supply_cap_headroom(c.handle, &has_cap, &c_headroom, &asset, 3600),
                        headroom.ok() ? nullptr : &headroom.error());
      if (headroom.ok()) {
        CHECK(has_cap == (headroom->has_value() ? 1 : 0));
        CHECK(cpp_u256(c_headroom) == headroom->value_or(u256()));
      }
      lb_liquidation_price c_price;
      auto price = aave::liquidation_price(*snapshot, reserve.asset);
      check_same_status(lb_snapshot_liquidation_price(c.handle, &c_price, &asset),
                        price.ok() ? nullptr : &price.error());
      if (price.ok()) {
        CHECK(cpp_u256(c_price.current_price) == price->current_price);
        CHECK((c_price.has_price == 1) == price->price.has_value());
        if (price->price) {
          CHECK(cpp_u256(c_price.price) == *price->price);
          CHECK(cpp_account(c_price.at_price) == price->at_price);
        }
      }
      for (const std::int64_t ppb : {-999'999'999LL, -125'000'000LL, 0LL, 250'000'000LL}) {
        const aave::PriceChange change{reserve.asset, ppb};
        const lb_price_change c_change{asset, ppb};
        lb_account_data c_shocked;
        auto shocked = aave::shock(*snapshot, std::span(&change, 1));
        check_same_status(lb_snapshot_shock(c.handle, &c_shocked, &c_change, 1),
                          shocked.ok() ? nullptr : &shocked.error());
        if (shocked.ok()) CHECK(cpp_account(c_shocked) == *shocked);
      }
    }
    std::int64_t drop = 0;
    lb_account_data at_drop;
    auto cpp_drop = aave::min_collateral_drop(*snapshot);
    check_same_status(lb_snapshot_min_collateral_drop(c.handle, &drop, &at_drop),
                      cpp_drop.ok() ? nullptr : &cpp_drop.error());
    if (cpp_drop.ok()) {
      CHECK(drop == cpp_drop->drop_ppb);
      CHECK(cpp_account(at_drop) == cpp_drop->at_drop);
    }

    // Batch: C arrays vs evaluate_all.
    auto market = aave::Market::from_snapshot(*snapshot);
    REQUIRE(market.ok());
    aave::UserBook book;
    REQUIRE(book.add(*market, snapshot->user).ok());
    std::vector<aave::AccountData> out(1);
    std::vector<Errc> codes(1);
    REQUIRE(aave::evaluate_all(*market, book, out, codes).ok());
    lb_market* c_market = nullptr;
    lb_userbook* c_book = nullptr;
    REQUIRE(lb_market_create(&c_market, c.handle) == LB_OK);
    REQUIRE(lb_userbook_create(&c_book) == LB_OK);
    REQUIRE(lb_userbook_add(c_book, nullptr, c_market, c.handle) == LB_OK);
    lb_account_data c_out;
    lb_status c_status = 1;
    REQUIRE(lb_batch_evaluate(c_market, c_book, &c_out, &c_status, 1, nullptr) == LB_OK);
    CHECK(c_status == -static_cast<lb_status>(codes[0]));
    if (codes[0] == Errc::ok) CHECK(cpp_account(c_out) == out[0]);
    lb_userbook_destroy(c_book);
    lb_market_destroy(c_market);
  }
}

TEST_CASE("capi equivalence: transactions, ABI, RLP, EIP-191 and Keccak on random inputs") {
  std::mt19937_64 rng(20261124);
  auto key = PrivateKey::from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
  REQUIRE(key.ok());
  lb_key* c_key = nullptr;
  REQUIRE(lb_key_create_from_hex(&c_key, "4646464646464646464646464646464646464646464646464646464646464646", 64) == LB_OK);
  for (int round = 0; round < 200; ++round) {
    CAPTURE(round);
    Bytes data(static_cast<std::size_t>(rng() % 300));
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());

    lb_bytes32 c_hash;
    REQUIRE(lb_keccak256(&c_hash, data.data(), data.size()) == LB_OK);
    CHECK(std::memcmp(c_hash.bytes, keccak256(ByteView(data)).bytes.data(), 32) == 0);
    REQUIRE(lb_eip191_hash(&c_hash, data.data(), data.size()) == LB_OK);
    CHECK(std::memcmp(c_hash.bytes, eip191_hash(ByteView(data)).bytes.data(), 32) == 0);

    Bytes encoded;
    rlp::append_bytes(encoded, data);
    std::uint8_t c_rlp[400];
    std::size_t size = 0;
    REQUIRE(lb_rlp_encode_bytes(c_rlp, sizeof c_rlp, &size, data.data(), data.size()) == LB_OK);
    CHECK(Bytes(c_rlp, c_rlp + size) == encoded);

    Transaction tx;
    tx.type = static_cast<TxType>(rng() % 3);
    tx.chain_id = tx.type == TxType::legacy && rng() % 2 == 0 ? 0 : 8453;
    tx.nonce = rng() % 1000;
    tx.gas_limit = 21000 + rng() % 1'000'000;
    const u256 fee = u256(rng() % 100'000'000'000ULL);
    if (tx.type == TxType::dynamic_fee) {
      tx.max_priority_fee_per_gas = fee / 10;
      tx.max_fee_per_gas = fee;
    } else {
      tx.gas_price = fee;
    }
    if (rng() % 4 != 0) {
      Address to;
      for (auto& b : to.bytes) b = static_cast<std::uint8_t>(rng());
      tx.to = to;
    }
    tx.value = u256::from_limbs(rng(), rng() % 1000, 0, 0);
    tx.data = data;
    REQUIRE(sign(tx, *key).ok());
    auto raw = encode(tx);
    REQUIRE(raw.ok());

    lb_tx_params params;
    REQUIRE(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION) == LB_OK);
    params.type = static_cast<std::uint8_t>(tx.type);
    params.chain_id = tx.chain_id;
    params.nonce = tx.nonce;
    params.gas_price = c_u256(tx.gas_price);
    params.max_priority_fee_per_gas = c_u256(tx.max_priority_fee_per_gas);
    params.max_fee_per_gas = c_u256(tx.max_fee_per_gas);
    params.gas_limit = tx.gas_limit;
    params.has_to = tx.to ? 1 : 0;
    if (tx.to) params.to = c_address(*tx.to);
    params.value = c_u256(tx.value);
    params.data = data.empty() ? nullptr : data.data();
    params.data_len = data.size();
    lb_tx* c_tx = nullptr;
    REQUIRE(lb_tx_create(&c_tx, &params) == LB_OK);
    REQUIRE(lb_tx_sign(c_tx, c_key) == LB_OK);
    std::vector<std::uint8_t> c_raw(1024);
    REQUIRE(lb_tx_encode(c_tx, c_raw.data(), c_raw.size(), &size) == LB_OK);
    c_raw.resize(size);
    CHECK(c_raw == *raw);
    lb_bytes32 c_tx_hash;
    REQUIRE(lb_tx_hash(c_tx, &c_tx_hash) == LB_OK);
    CHECK(std::memcmp(c_tx_hash.bytes, tx_hash(tx)->bytes.data(), 32) == 0);
    lb_tx_destroy(c_tx);

    // ABI: the same call through text arguments and through Values.
    const u256 amount = u256::from_limbs(rng(), rng(), rng(), rng());
    const std::string amount_text = amount.to_dec();
    const std::string bytes_text = hex_encode(data);
    const char* args[3] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", amount_text.c_str(), bytes_text.c_str()};
    const char* signature = "f(address,uint256,bytes)";
    std::vector<std::uint8_t> c_call(1024);
    REQUIRE(lb_abi_encode_call(c_call.data(), c_call.size(), &size, signature, args, 3) == LB_OK);
    c_call.resize(size);
    auto sig = abi::parse_signature(signature);
    REQUIRE(sig.ok());
    const std::vector<abi::Value> values{abi::Value(*Address::parse(args[0])), abi::Value(amount), abi::Value(data)};
    auto call = abi::encode_call(*sig, values);
    REQUIRE(call.ok());
    CHECK(c_call == *call);
  }
  lb_key_destroy(c_key);
}

TEST_CASE("capi equivalence: intent ids equal make_intent_id") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    Address user;
    for (auto& b : user.bytes) b = static_cast<std::uint8_t>(rng());
    const std::uint64_t chain_id = rng() % 3 == 0 ? 8453 : rng();
    std::string trigger = "hf<act@block:" + std::to_string(rng() % 100000000);
    if (i % 5 == 0) trigger += "/approve";
    const lb_address c_user = c_address(user);
    char id[LB_INTENT_ID_SIZE];
    REQUIRE(lb_intent_id(id, chain_id, &c_user, trigger.c_str()) == LB_OK);
    CHECK(std::string(id) == make_intent_id(chain_id, user, trigger));
  }
}

TEST_CASE("capi equivalence: a store file written through C reads the same through C++, and back") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("liquidbot-capi-store-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "store.db").string();
  Address user;
  user.bytes.fill(0x42);
  Address signer;
  signer.bytes.fill(0x07);
  const lb_address c_user = c_address(user);
  char id[LB_INTENT_ID_SIZE];
  {
    lb_store* store = nullptr;
    REQUIRE(lb_store_open(&store, path.c_str()) == LB_OK);
    lb_enrollment e{};
    e.chain_id = 8453;
    e.user = c_user;
    e.target_hf = c_u256(u256::from_string("1300000000000000000").value());
    e.act_threshold = c_u256(u256::from_string("1050000000000000000").value());
    e.strategies = LB_STRATEGY_SUPPLY | LB_STRATEGY_DELEVERAGE;
    e.max_cost = c_u256(u256{123456789});
    e.active = 1;
    CHECK(lb_store_enroll(store, &e) == LB_OK);
    lb_intent_spec spec;
    REQUIRE(lb_intent_spec_init(&spec, LB_INTENT_SPEC_VERSION) == LB_OK);
    spec.chain_id = 8453;
    spec.user = c_user;
    spec.trigger = "hf<act@block:77";
    spec.strategy = "deleverage";
    spec.signer = c_address(signer);
    spec.state = LB_INTENT_SIMULATED;
    spec.has_nonce = 1;
    spec.nonce = 12;
    spec.reason = "gas 90000";
    spec.payload = "{\"x\":1}";
    int created = 0;
    REQUIRE(lb_store_create_intent(store, id, &created, &spec) == LB_OK);
    CHECK(created == 1);
    lb_store_destroy(store);
  }
  {
    auto store = open_sqlite_store(path);
    REQUIRE(store.ok());
    auto e = (*store)->enrollment(8453, user);
    REQUIRE(e.ok());
    REQUIRE(e->has_value());
    CHECK((*e)->target_hf == u256::from_string("1300000000000000000").value());
    CHECK((*e)->act_threshold == u256::from_string("1050000000000000000").value());
    CHECK((*e)->strategies == (kStrategySupply | kStrategyDeleverage));
    CHECK((*e)->max_cost == u256{123456789});
    CHECK((*e)->active);
    auto intent = (*store)->intent(id);
    REQUIRE(intent.ok());
    REQUIRE(intent->has_value());
    const Intent& i = **intent;
    CHECK(i.id == make_intent_id(8453, user, "hf<act@block:77"));
    CHECK(i.user == user);
    CHECK(i.signer == signer);
    CHECK(i.trigger == "hf<act@block:77");
    CHECK(i.strategy == "deleverage");
    CHECK(i.state == IntentState::simulated);
    CHECK(i.nonce == std::optional<std::uint64_t>(12));
    CHECK(i.reason == "gas 90000");
    CHECK(i.payload == "{\"x\":1}");
    // C++ writes; C reads.
    Enrollment other;
    other.chain_id = 8453;
    other.user = signer;
    other.target_hf = u256{2};
    other.act_threshold = u256{1};
    other.strategies = kStrategyRepay;
    REQUIRE((*store)->enroll(other).ok());
    REQUIRE((*store)->transition_intent(id, IntentState::failed, "stopped by C++").ok());
  }
  {
    lb_store* store = nullptr;
    REQUIRE(lb_store_open(&store, path.c_str()) == LB_OK);
    lb_enrollment list[3];
    std::size_t count = 0;
    CHECK(lb_store_active_enrollments(store, list, 3, &count, 8453) == LB_OK);
    REQUIRE(count == 2);
    CHECK(std::memcmp(list[0].user.bytes, signer.bytes.data(), 20) == 0);  // ordered by address
    CHECK(cpp_u256(list[0].target_hf) == u256{2});
    CHECK(list[0].strategies == LB_STRATEGY_REPAY);
    std::int32_t state = -1;
    CHECK(lb_store_intent_state(store, &state, id) == LB_OK);
    CHECK(state == LB_INTENT_FAILED);
    char reason[32];
    std::size_t size = 0;
    CHECK(lb_store_intent_reason(store, reason, sizeof reason, &size, id) == LB_OK);
    CHECK(std::string(reason) == "stopped by C++");
    lb_store_destroy(store);
  }
  std::filesystem::remove_all(dir);
}
