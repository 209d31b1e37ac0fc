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

TEST_CASE("fast-path arithmetic equals the checked functions over the full 128-bit range") {
  std::mt19937_64 rng(99);
  const detail::Reciprocal64 two_five27 = detail::Reciprocal64::make(detail::kTwoFivePow27);
  auto random128 = [&rng]() {
    const unsigned bits = static_cast<unsigned>(rng() % 129);
    u256 x = u256::from_limbs(rng(), rng(), 0, 0);
    return bits == 128 ? x : x & ((u256{1} << bits) - u256{1});
  };
  for (int i = 0; i < 20000; ++i) {
    u256 a = random128(), b = random128();
    if (i == 0) a = b = u256::from_limbs(~0ULL, ~0ULL, 0, 0);
    CHECK(detail::ray_mul_fast(a, b, detail::RayRounding::half_up, two_five27) == ray_mul(a, b).value());
    CHECK(detail::ray_mul_fast(a, b, detail::RayRounding::floor, two_five27) == ray_mul_floor(a, b).value());
    CHECK(detail::ray_mul_fast(a, b, detail::RayRounding::ceil, two_five27) == ray_mul_ceil(a, b).value());
    const std::uint64_t d = rng() >> (rng() % 64);
    if (d == 0) continue;
    const u256 x = detail::mul_128(a, b);
    u256 q;
    const std::uint64_t r = detail::Reciprocal64::make(d).divide(x, q);
    const DivMod expected = divmod(x, u256{d});
    CHECK(q == expected.quotient);
    CHECK(u256{r} == expected.remainder);
    CHECK(x == a * b);
  }
}
