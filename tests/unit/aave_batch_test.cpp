// Batch evaluation agrees with the single-snapshot path (itself checked against the BigInt model
// and the chain) on random realistic users for every revision, with threads, incremental repricing
// and the holders index.
#include <doctest/doctest.h>

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/batch.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

using namespace liquidbot;
using namespace liquidbot::aave;

namespace {

Snapshot load(const char* name) {
  std::ifstream in(std::string(LIQUIDBOT_SOURCE_DIR) + "/tests/data/snapshots/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_snapshot(ss.str()).value();
}

UserState random_user(const Snapshot& market, std::mt19937_64& rng, bool stable) {
  UserState u;
  u.address.bytes[0] = static_cast<std::uint8_t>(rng());
  u.emode_category = market.emodes.empty() || rng() % 3 != 0 ? 0 : market.emodes[rng() % market.emodes.size()].id;
  for (const Reserve& r : market.reserves) {
    const auto pick = rng() % 4;
    if (pick == 0) continue;
    Position p;
    p.asset = r.asset;
    const bool collateral = pick != 1;
    const bool borrowed = pick != 2;
    const u256 unit = asset_unit(r.config.decimals);
    p.scaled_atoken_balance = u256{rng() % 1000000} * unit / u256{1000};
    if (borrowed) p.scaled_variable_debt = u256{rng() % 300000} * unit / u256{1000};
    if (stable && borrowed && rng() % 2 == 0) {
      p.principal_stable_debt = u256{rng() % 100000} * unit / u256{1000};
      p.stable_rate = u256{rng() % 100000} * u256::from_dec("1000000000000000000000").value();
      p.stable_last_updated = market.timestamp - rng() % 1000000;
    }
    if (collateral) u.configuration |= u256{1} << (2u * r.id + 1u);
    if (borrowed) u.configuration |= u256{1} << (2u * r.id);
    u.positions.push_back(p);
  }
  return u;
}

}  // namespace

TEST_CASE("batch equals account_data for every revision, on one thread and several") {
  std::mt19937_64 rng(42);
  for (const char* name : {"emode_v36.json", "stable_v30.json"}) {
    for (int rev = 0; rev <= 6; ++rev) {
      Snapshot s = load(name);
      s.revision = static_cast<Revision>(rev);
      INFO(name << " revision " << to_string(s.revision));
      auto market = Market::from_snapshot(s);
      REQUIRE(market.ok());
      UserBook book;
      std::vector<UserState> users;
      for (int i = 0; i < 300; ++i) {
        users.push_back(random_user(s, rng, has_stable_debt(s.revision)));
        REQUIRE(book.add(*market, users.back()).ok());
      }
      std::vector<AccountData> out(users.size()), out4(users.size());
      std::vector<Errc> status(users.size()), status4(users.size());
      REQUIRE(evaluate_all(*market, book, out, status).ok());
      REQUIRE(evaluate_all(*market, book, out4, status4, BatchOptions{4}).ok());
      for (std::size_t i = 0; i < users.size(); ++i) {
        s.user = users[i];
        auto single = account_data(s);
        REQUIRE(single.ok());
        CHECK(status[i] == Errc::ok);
        CHECK(out[i] == *single);
        CHECK(out4[i] == *single);
      }
    }
  }
}

TEST_CASE("timestamps, repricing only the holders, and the holders index") {
  std::mt19937_64 rng(7);
  Snapshot s = load("emode_v36.json");
  Market market = Market::from_snapshot(s).value();
  UserBook book;
  std::vector<UserState> users;
  for (int i = 0; i < 200; ++i) {
    users.push_back(random_user(s, rng, false));
    REQUIRE(book.add(market, users.back()).ok());
  }
  std::vector<AccountData> out(users.size());
  std::vector<Errc> status(users.size());
  REQUIRE(market.set_timestamp(s.timestamp + 86400 * 7).ok());
  REQUIRE(evaluate_all(market, book, out, status).ok());
  s.timestamp += 86400 * 7;
  // WETH (id 0) drops 20%: reprice re-evaluates exactly the users holding it.
  const std::vector<AccountData> before = out;
  const u256 new_price = s.reserves[0].price * u256{8} / u256{10};
  REQUIRE(reprice(market, book, 0, new_price, out, status).ok());
  s.reserves[0].price = new_price;
  const auto holders = book.users_holding(0);
  std::size_t next = 0;
  for (std::uint32_t i = 0; i < users.size(); ++i) {
    const bool holds = is_borrowing(users[i].configuration, 0) || is_using_as_collateral(users[i].configuration, 0);
    const bool listed = next < holders.size() && holders[next] == i;
    CHECK(holds == listed);
    if (listed) ++next;
    s.user = users[i];
    CHECK(out[i] == account_data(s).value());
    if (!holds) CHECK(out[i] == before[i]);
  }
  CHECK(next == holders.size());
  CHECK(!holders.empty());
}

TEST_CASE("batch argument and user errors") {
  Snapshot s = load("worked_v36.json");
  Market market = Market::from_snapshot(s).value();
  UserBook book;
  REQUIRE(book.add(market, s.user).ok());
  UserState bad = s.user;
  bad.positions.pop_back();  // reserve 4 is flagged but has no position
  auto added = book.add(market, bad);
  REQUIRE(!added.ok());
  CHECK(added.error().message.rfind("user.positions:", 0) == 0);
  CHECK(book.size() == 1);
  std::vector<AccountData> out(2);
  std::vector<Errc> status(2);
  CHECK(!evaluate_all(market, book, out, status).ok());
  const std::uint32_t missing = 5;
  CHECK(!evaluate_users(market, book, {&missing, 1}, std::span(out).first(1), std::span(status).first(1)).ok());
  CHECK(!market.set_price(99, u256{1}).ok());
  // Before a reserve's last update: its users get an error status, naming the reserve.
  REQUIRE(market.set_timestamp(s.reserves[0].last_update_timestamp - 1).ok());
  REQUIRE(evaluate_all(market, book, std::span(out).first(1), std::span(status).first(1)).ok());
  CHECK(status[0] == Errc::invalid_argument);
  REQUIRE(market.set_timestamp(s.timestamp).ok());
  // A user whose balance overflows gets a per-user error status, the others still evaluate.
  UserState huge = s.user;
  huge.positions[0].scaled_atoken_balance = u256::max() / u256{1000};
  REQUIRE(book.add(market, huge).ok());
  REQUIRE(evaluate_all(market, book, out, status).ok());
  CHECK(status[0] == Errc::ok);
  CHECK(status[1] == Errc::overflow);
  CHECK(out[0] == account_data(s).value());
}

#include "detail/aave_fast.hpp"

namespace {

// A random value of 0..max_bits bits (uniform bit length, so small and boundary values occur).
u256 random_bits(std::mt19937_64& rng, unsigned max_bits) {
  const unsigned bits = static_cast<unsigned>(rng() % (max_bits + 1));
  const u256 x = u256::from_limbs(rng(), rng(), rng(), rng());
  return bits == 256 ? x : x & ((u256{1} << bits) - u256{1});
}

detail::fast_u128 to128(const u256& x) {
  detail::fast_u128 v = 0;
  REQUIRE(detail::to_u128(x, v));
  return v;
}

}  // namespace

TEST_CASE("fast-path arithmetic equals the checked functions over its whole domain") {
  std::mt19937_64 rng(99);
  const detail::Reciprocal64 two_five27 = detail::Reciprocal64::make(detail::kTwoFivePow27);
  const u256 max96 = (u256{1} << 96) - u256{1};
  for (int i = 0; i < 20000; ++i) {
    u256 a = random_bits(rng, 96), b = random_bits(rng, 96);
    if (i == 0) a = b = max96;
    if (i == 1) a = u256{};
    const auto a128 = to128(a), b128 = to128(b);
    CHECK(detail::from_u128(detail::ray_mul_96(a128, b128, detail::RayRounding::half_up, two_five27)) ==
          ray_mul(a, b).value());
    CHECK(detail::from_u128(detail::ray_mul_96(a128, b128, detail::RayRounding::floor, two_five27)) ==
          ray_mul_floor(a, b).value());
    const u256 balance = ray_mul_ceil(a, b).value();
    CHECK(detail::from_u128(detail::ray_mul_96(a128, b128, detail::RayRounding::ceil, two_five27)) == balance);
    // balance * price / unit: the quotient below 2^64 is computed, anything else is refused.
    std::uint64_t unit = rng() >> (rng() % 64);
    if (i % 7 == 0) unit = 1;
    if (i % 11 == 0) unit = 10000000000000000000ULL;  // 10^19: normalization shift 0
    if (unit == 0) continue;
    const std::uint64_t price = i % 13 == 0 ? ~0ULL : random_bits(rng, 64).limbs[0];
    const detail::Reciprocal64 r = detail::Reciprocal64::make(unit);
    for (const bool ceil : {false, true}) {
      const u256 expected = ceil ? mul_div_ceil(balance, u256{price}, u256{unit}).value()
                                 : balance * u256{price} / u256{unit};
      std::uint64_t base = 0;
      const bool fits = detail::value_in_base(to128(balance), price, r, ceil, base);
      CHECK(fits == expected.fits_u64());
      if (fits) CHECK(u256{base} == expected);
    }
    // 128-bit division by the reciprocal and 256-bit long division by hardware.
    const u256 n = random_bits(rng, 128);
    std::uint64_t rem = 0;
    const DivMod dm = divmod(n, u256{unit});
    CHECK(detail::from_u128(r.divide(to128(n), rem)) == dm.quotient);
    CHECK(u256{rem} == dm.remainder);
    const u256 wide = random_bits(rng, 256);
    CHECK(detail::divide_by_u64(wide, unit) == wide / u256{unit});
  }
}

namespace {

void set_decimals(Reserve& r, std::uint8_t decimals) {
  r.config.decimals = decimals;
  r.configuration = r.config.encode().value();
}

// The user of worked_v36.json, re-evaluated in the batch after `edit`, equals account_data.
template <typename Edit>
void check_edited(Revision revision, Edit edit) {
  Snapshot s = load("worked_v36.json");
  s.revision = revision;
  edit(s);
  auto market = Market::from_snapshot(s);
  REQUIRE(market.ok());
  UserBook book;
  REQUIRE(book.add(*market, s.user).ok());
  std::vector<AccountData> out(1);
  std::vector<Errc> status(1);
  REQUIRE(evaluate_all(*market, book, out, status).ok());
  auto single = account_data(s);
  if (single.ok()) {
    CHECK(status[0] == Errc::ok);
    CHECK(out[0] == *single);
  } else {
    CHECK(status[0] == single.error().code);
  }
}

}  // namespace

TEST_CASE("fast-path boundaries: values just inside and just outside its domain, every revision") {
  const u256 two96 = u256{1} << 96, two64 = u256{1} << 64;
  for (int rev = 0; rev <= 6; ++rev) {
    const auto revision = static_cast<Revision>(rev);
    INFO("revision " << to_string(revision));
    check_edited(revision, [](Snapshot&) {});
    for (const u256& scaled : {two96 - u256{1}, two96, two64 - u256{1}, two64, u256{}, u256{1}}) {
      INFO("scaled " << scaled.to_dec());
      check_edited(revision, [&](Snapshot& s) { s.user.positions[0].scaled_atoken_balance = scaled; });
      check_edited(revision, [&](Snapshot& s) { s.user.positions[1].scaled_variable_debt = scaled; });
    }
    for (const u256& price : {two64 - u256{1}, two64, u256{}, u256{1}}) {
      INFO("price " << price.to_dec());
      check_edited(revision, [&](Snapshot& s) { s.reserves[0].price = price; });
      check_edited(revision, [&](Snapshot& s) { s.reserves[1].price = price; });
    }
    // Indexes at and beyond 2^96 (a frozen reserve: no rate, so the stored index is used as is).
    for (const u256& index : {two96 - u256{1}, two96, u256::from_limbs(0, 0, 1, 0)}) {
      INFO("index " << index.to_dec());
      check_edited(revision, [&](Snapshot& s) {
        s.reserves[0].liquidity_index = index;
        s.reserves[0].current_liquidity_rate = u256{};
      });
      check_edited(revision, [&](Snapshot& s) {
        s.reserves[1].variable_borrow_index = index;
        s.reserves[1].current_variable_borrow_rate = u256{};
      });
    }
    // Values in base currency of 2^64 or more (per reserve and summed), decimals 0, 19 (unit
    // 10^19 >= 2^63) and 20 (unit above 2^64).
    check_edited(revision, [&](Snapshot& s) {
      s.user.positions[0].scaled_atoken_balance = u256::from_dec("90000000000000000000000000").value();
      s.reserves[0].price = u256::from_dec("900000000000000000").value();
    });
    check_edited(revision, [&](Snapshot& s) {
      s.user.positions[0].scaled_atoken_balance = two96 - u256{1};
      s.user.positions[1].scaled_atoken_balance = two96 - u256{1};
      s.reserves[0].price = two64 - u256{1};
      s.reserves[1].price = two64 - u256{1};
      for (Reserve& r : s.reserves) set_decimals(r, 18);
    });
    for (const unsigned decimals : {0u, 19u, 20u})
      check_edited(revision, [&](Snapshot& s) { set_decimals(s.reserves[1], static_cast<std::uint8_t>(decimals)); });
  }
}

TEST_CASE("3.0-3.1: stable debt and an eMode price source take the checked path, others the fast") {
  std::mt19937_64 rng(5);
  for (const Revision revision : {Revision::v3_0, Revision::v3_1}) {
    Snapshot s = load("stable_v30.json");
    s.revision = revision;
    // Two reserves in the legacy eMode category 1 (3.0-3.1 membership is the reserve's own field).
    for (std::size_t k = 0; k < 2; ++k) {
      s.reserves[k].config.emode_category = 1;
      s.reserves[k].configuration = s.reserves[k].config.encode().value();
    }
    for (const bool price_source : {false, true}) {
      INFO(to_string(revision) << " price source " << price_source);
      for (EModeCategory& e : s.emodes) e.price = price_source ? u256{123456789} : u256{};
      auto market = Market::from_snapshot(s);
      REQUIRE(market.ok());
      UserBook book;
      std::vector<UserState> users;
      for (int i = 0; i < 200; ++i) {
        users.push_back(random_user(s, rng, i % 2 == 0));
        REQUIRE(book.add(*market, users.back()).ok());
      }
      std::vector<AccountData> out(users.size());
      std::vector<Errc> status(users.size());
      REQUIRE(evaluate_all(*market, book, out, status).ok());
      for (std::size_t i = 0; i < users.size(); ++i) {
        s.user = users[i];
        auto single = account_data(s);
        REQUIRE(single.ok());
        CHECK(status[i] == Errc::ok);
        CHECK(out[i] == *single);
      }
    }
  }
}
