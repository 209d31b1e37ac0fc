// Random but valid Aave snapshots for the liquidation/protection/risk tests, and the contracts'
// token mint/burn rounding (TokenMath / WadRayMath) applied to a copy, so the tests can re-evaluate
// a position after an action with aave::account_data independently of the code under test.
#pragma once

#include <doctest/doctest.h>

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/config.hpp>
#include <liquidbot/aave/math.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <vector>

namespace lbtest {

using liquidbot::Address;
using liquidbot::u256;
namespace aave = liquidbot::aave;

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }
  bool chance(unsigned percent) { return next() % 100 < percent; }
};

inline u256 ok(liquidbot::Result<u256> r) {
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().to_string()));
  return r.value();
}

inline Address asset_address(unsigned i) {
  Address a;
  for (unsigned b = 0; b < 20; ++b) a.bytes[b] = static_cast<std::uint8_t>(0x10 * (i + 1) + b);
  return a;
}

inline u256 pow10(unsigned n) {
  u256 v{1};
  for (unsigned i = 0; i < n; ++i) v = v * u256{10};
  return v;
}

constexpr std::uint64_t kTimestamp = 1'760'000'000;

/// 2-4 reserves, random decimals/prices/indexes/rates, a user with collateral in reserve 0 and
/// debt in reserve 1 (plus random extras), sometimes in an eMode, HF scaled near `hf_percent`.
inline aave::Snapshot random_snapshot(Rng& rng, aave::Revision revision, unsigned hf_percent) {
  aave::Snapshot s;
  s.revision = revision;
  s.timestamp = kTimestamp;
  s.base_currency_unit = u256{100'000'000};
  const unsigned n = static_cast<unsigned>(rng.range(2, 4));
  const std::uint8_t decimals_choices[] = {6, 8, 18};
  for (unsigned i = 0; i < n; ++i) {
    aave::Reserve r;
    r.asset = asset_address(i);
    r.id = static_cast<std::uint16_t>(i);
    aave::ReserveConfig& c = r.config;
    c.ltv = static_cast<std::uint16_t>(rng.range(5000, 8000));
    c.liquidation_threshold = static_cast<std::uint16_t>(c.ltv + rng.range(100, 1000));
    c.liquidation_bonus = static_cast<std::uint16_t>(rng.range(10100, 11000));
    c.decimals = decimals_choices[rng.range(0, 2)];
    c.active = true;
    c.borrowing_enabled = true;
    c.liquidation_protocol_fee = static_cast<std::uint16_t>(rng.chance(50) ? 1000 : 0);
    c.virtual_acc_active = true;
    if (aave::has_emode_price_source(revision) && i < 2) c.emode_category = 1;
    r.configuration = ok(c.encode());
    r.price = u256{rng.range(1'000'000, 500'000'000'000)};
    r.liquidity_index = aave::kRay + u256{rng.next() % 200'000'000'000'000'000ULL} * u256{1'000'000'000};
    r.variable_borrow_index =
        aave::kRay + u256{rng.next() % 300'000'000'000'000'000ULL} * u256{1'000'000'000};
    r.current_liquidity_rate = u256{rng.next() % 80'000'000'000'000'000ULL} * u256{1'000'000'000};
    r.current_variable_borrow_rate = u256{rng.next() % 120'000'000'000'000'000ULL} * u256{1'000'000'000};
    r.last_update_timestamp = kTimestamp - rng.range(0, 30 * 86400);
    s.reserves.push_back(r);
  }
  if (rng.chance(35)) {
    aave::EModeCategory e;
    e.id = 1;
    e.ltv = 9000;
    e.liquidation_threshold = 9300;
    e.liquidation_bonus = 10100;
    if (!aave::has_emode_price_source(revision)) {
      e.collateral_bitmap = u256{3};
      e.borrowable_bitmap = u256{3};
    }
    s.emodes.push_back(e);
    s.user.emode_category = 1;
  }
  s.user.address = asset_address(9);
  // $ amounts -> scaled balances (approximately; the indexes make them a bit larger).
  const auto scaled_worth = [&](const aave::Reserve& r, std::uint64_t dollars) {
    return u256{dollars} * pow10(r.config.decimals) * u256{100'000'000} / r.price;
  };
  for (unsigned i = 0; i < n; ++i) {
    aave::Position p;
    p.asset = s.reserves[i].asset;
    const bool collateral = i == 0 || (i != 1 && rng.chance(50));
    const bool borrowed = i == 1 || (i != 0 && rng.chance(40));
    if (collateral) {
      p.scaled_atoken_balance = scaled_worth(s.reserves[i], rng.range(100, 2'000'000));
      s.user.configuration = s.user.configuration | (u256{1} << (2 * i + 1));
    }
    if (borrowed) {
      p.scaled_variable_debt = scaled_worth(s.reserves[i], rng.range(50, 1'000'000));
      s.user.configuration = s.user.configuration | (u256{1} << (2 * i));
      if (aave::has_stable_debt(revision) && rng.chance(30)) {
        // 3.0-3.1 stable debt: principal, a 2-15% rate, last updated within 60 days.
        p.principal_stable_debt = scaled_worth(s.reserves[i], rng.range(50, 500'000));
        p.stable_rate = u256{rng.range(20, 150)} * u256{1'000'000'000'000'000'000ULL} * u256{1'000'000'000} / u256{1000};
        p.stable_last_updated = kTimestamp - rng.range(0, 60 * 86400);
      }
    }
    if (collateral || borrowed) s.user.positions.push_back(p);
  }
  // Scale every debt so that HF lands near hf_percent / 100.
  auto data = aave::account_data(s);
  REQUIRE_MESSAGE(data.ok(), (data.ok() ? std::string() : data.error().to_string()));
  const u256 want = u256{hf_percent} * u256{10'000'000'000'000'000ULL};
  for (aave::Position& p : s.user.positions)
    if (!p.scaled_variable_debt.is_zero()) {
      p.scaled_variable_debt = ok(liquidbot::mul_div(p.scaled_variable_debt, data->health_factor, want)) + u256{1};
      p.principal_stable_debt = ok(liquidbot::mul_div(p.principal_stable_debt, data->health_factor, want));
    }
  auto valid = aave::validate(s);
  REQUIRE_MESSAGE(valid.ok(), (valid.ok() ? std::string() : valid.error().to_string()));
  return s;
}

inline const aave::Position* position_of(const aave::Snapshot& s, const Address& asset) {
  for (const aave::Position& p : s.user.positions)
    if (p.asset == asset) return &p;
  return nullptr;
}

inline aave::Position& position_for(aave::Snapshot& s, const Address& asset) {
  for (aave::Position& p : s.user.positions)
    if (p.asset == asset) return p;
  aave::Position p;
  p.asset = asset;
  s.user.positions.push_back(p);
  return s.user.positions.back();
}

inline bool directional(const aave::Snapshot& s) { return s.revision >= aave::Revision::v3_5; }

/// TokenMath.getVTokenBurnScaledAmount (3.5+: rayDivFloor) / WadRayMath.rayDiv (earlier).
inline void apply_repay(aave::Snapshot& s, const aave::Reserve& r, const u256& amount) {
  const u256 index = ok(aave::normalized_debt(r, s.timestamp, s.revision));
  const u256 burn = directional(s) ? ok(aave::ray_div_floor(amount, index)) : ok(aave::ray_div(amount, index));
  aave::Position& p = position_for(s, r.asset);
  p.scaled_variable_debt = burn >= p.scaled_variable_debt ? u256{} : p.scaled_variable_debt - burn;
  if (p.scaled_variable_debt.is_zero() && p.principal_stable_debt.is_zero())
    s.user.configuration = s.user.configuration & ~(u256{1} << (2u * r.id));
}

/// getATokenMintScaledAmount (3.5+: rayDivFloor) / rayDiv; optionally enables the collateral flag.
inline void apply_supply(aave::Snapshot& s, const aave::Reserve& r, const u256& amount, bool enable) {
  const u256 index = ok(aave::normalized_income(r, s.timestamp));
  const u256 mint = directional(s) ? ok(aave::ray_div_floor(amount, index)) : ok(aave::ray_div(amount, index));
  aave::Position& p = position_for(s, r.asset);
  p.scaled_atoken_balance = p.scaled_atoken_balance + mint;
  if (enable) s.user.configuration = s.user.configuration | (u256{1} << (2u * r.id + 1));
}

/// getATokenBurnScaledAmount (3.5+: rayDivCeil) / rayDiv.
inline void apply_withdraw(aave::Snapshot& s, const aave::Reserve& r, const u256& amount) {
  const u256 index = ok(aave::normalized_income(r, s.timestamp));
  const u256 burn = directional(s) ? ok(aave::ray_div_ceil(amount, index)) : ok(aave::ray_div(amount, index));
  aave::Position& p = position_for(s, r.asset);
  p.scaled_atoken_balance = burn >= p.scaled_atoken_balance ? u256{} : p.scaled_atoken_balance - burn;
  if (p.scaled_atoken_balance.is_zero()) s.user.configuration = s.user.configuration & ~(u256{1} << (2u * r.id + 1));
}

inline u256 hf(const aave::Snapshot& s) {
  auto data = aave::account_data(s);
  REQUIRE_MESSAGE(data.ok(), (data.ok() ? std::string() : data.error().to_string()));
  return data->health_factor;
}

inline const aave::Revision kRevisions[] = {aave::Revision::v3_0, aave::Revision::v3_1,
                                            aave::Revision::v3_2, aave::Revision::v3_3,
                                            aave::Revision::v3_4, aave::Revision::v3_5,
                                            aave::Revision::v3_6};

}  // namespace lbtest
