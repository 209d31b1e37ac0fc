// Aave V3 on-chain reader: Multicall3 aggregate3 reads pinned to one block, decoded into engine
// snapshots.
#include <liquidbot/reader.hpp>

#include <liquidbot/abi.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace liquidbot::reader {

namespace {

using abi::Function;

// Provider, Pool, oracle and token getters (selectors computed at compile time from the names).
using GetPool = Function<"getPool">;
using GetPriceOracle = Function<"getPriceOracle">;
using GetPoolDataProvider = Function<"getPoolDataProvider">;
using GetPriceOracleSentinel = Function<"getPriceOracleSentinel">;
using IsLiquidationAllowed = Function<"isLiquidationAllowed">;
using GetLiquidationGracePeriod = Function<"getLiquidationGracePeriod", Address>;  // 3.1+
using PoolRevision = Function<"POOL_REVISION">;
using GetReservesList = Function<"getReservesList">;
using GetReserveData = Function<"getReserveData", Address>;
using BaseCurrencyUnit = Function<"BASE_CURRENCY_UNIT">;
using GetAssetPrice = Function<"getAssetPrice", Address>;
using GetCurrentBlockTimestamp = Function<"getCurrentBlockTimestamp">;
using GetUserConfiguration = Function<"getUserConfiguration", Address>;
using GetUserEMode = Function<"getUserEMode", Address>;
using GetUserAccountData = Function<"getUserAccountData", Address>;
using ScaledBalanceOf = Function<"scaledBalanceOf", Address>;
using PrincipalBalanceOf = Function<"principalBalanceOf", Address>;
using GetUserStableRate = Function<"getUserStableRate", Address>;
using GetUserLastUpdated = Function<"getUserLastUpdated", Address>;
using ScaledTotalSupply = Function<"scaledTotalSupply">;
using GetSupplyData = Function<"getSupplyData">;  // StableDebtToken, 3.0-3.1
using GetEModeCategoryData = Function<"getEModeCategoryData", std::uint8_t>;          // 3.0-3.1
using GetEModeCollateralConfig = Function<"getEModeCategoryCollateralConfig", std::uint8_t>;  // 3.2+
using GetEModeCollateralBitmap = Function<"getEModeCategoryCollateralBitmap", std::uint8_t>;
using GetEModeBorrowableBitmap = Function<"getEModeCategoryBorrowableBitmap", std::uint8_t>;
using GetEModeLtvzeroBitmap = Function<"getEModeCategoryLtvzeroBitmap", std::uint8_t>;  // 3.6

constexpr Selector kAggregate3 = liquidbot::selector("aggregate3((address,bool,bytes)[])");
constexpr Selector kGetAssetsPrices = liquidbot::selector("getAssetsPrices(address[])");

template <typename F, typename... Args>
Call3 make_call(const Address& target, bool allow_failure, const Args&... args) {
  const auto data = F::encode(args...);
  return Call3{target, allow_failure, Bytes(data.begin(), data.end())};
}

// The dynamic ABI types used here, each parsed once (thread-safe static initialization).
template <abi::FixedString Text>
const abi::Type& type_of() {
  static const abi::Type type = abi::parse_type(Text.view()).value();
  return type;
}

Result<Bytes> encode_aggregate3(std::span<const Call3> calls) {
  abi::Values list;
  list.reserve(calls.size());
  for (const Call3& call : calls)
    list.emplace_back(abi::Values{abi::Value(call.target), abi::Value(call.allow_failure), abi::Value(call.call_data)});
  const abi::Value arg(std::move(list));
  return abi::encode_call(kAggregate3, std::span<const abi::Type>(&type_of<"(address,bool,bytes)[]">(), 1),
                          std::span<const abi::Value>(&arg, 1));
}

Result<std::vector<Call3Result>> decode_aggregate3(ByteView data, std::size_t expected) {
  LB_TRY(values, abi::decode(std::span<const abi::Type>(&type_of<"(bool,bytes)[]">(), 1), data));
  const abi::Values* list = values.at(0).as_list();
  if (list == nullptr || list->size() != expected)
    return make_error(Errc::decode, "reader: aggregate3 returned " + std::to_string(list ? list->size() : 0) +
                                        " results for " + std::to_string(expected) + " calls");
  std::vector<Call3Result> out;
  out.reserve(list->size());
  for (const abi::Value& item : *list) {
    const abi::Values& pair = *item.as_list();
    out.push_back(Call3Result{*pair[0].as_bool(), *pair[1].as_bytes()});
  }
  return out;
}

// Reads one result: error when the call failed, else the decoded static words.
template <typename... Ts>
Result<std::tuple<Ts...>> words(const Call3Result& result, std::string_view what) {
  if (!result.success) {
    std::string reason = "empty revert";
    if (auto revert = abi::decode_revert(result.return_data)) reason = revert->to_string();
    return make_error(Errc::rpc, "reader: " + std::string(what) + " reverted: " + reason);
  }
  auto decoded = abi::decode_static<Ts...>(result.return_data);
  if (!decoded) return make_error(Errc::decode, "reader: " + std::string(what) + ": " + decoded.error().message);
  return std::move(decoded).value();
}

Result<u256> word(const Call3Result& result, std::string_view what) {
  LB_TRY(value, words<u256>(result, what));
  return std::get<0>(value);
}

template <abi::FixedString Type>
Result<abi::Values> dynamic(const Call3Result& result, std::string_view what) {
  if (!result.success) return make_error(Errc::rpc, "reader: " + std::string(what) + " reverted");
  auto decoded = abi::decode(std::span<const abi::Type>(&type_of<Type>(), 1), result.return_data);
  if (!decoded) return make_error(Errc::decode, "reader: " + std::string(what) + ": " + decoded.error().message);
  return std::move(decoded).value();
}

Call3 assets_prices_call(const Address& oracle, std::span<const Address> assets) {
  abi::Values list;
  for (const Address& asset : assets) list.emplace_back(asset);
  const abi::Value arg(std::move(list));
  auto data = abi::encode_call(kGetAssetsPrices, std::span<const abi::Type>(&type_of<"address[]">(), 1),
                               std::span<const abi::Value>(&arg, 1));
  return Call3{oracle, false, std::move(data).value()};
}

Result<std::vector<u256>> decode_prices(const Call3Result& result, std::size_t expected) {
  LB_TRY(values, dynamic<"uint256[]">(result, "AaveOracle.getAssetsPrices"));
  const abi::Values& list = *values.at(0).as_list();
  if (list.size() != expected)
    return make_error(Errc::decode, "reader: getAssetsPrices returned " + std::to_string(list.size()) + " prices for " +
                                        std::to_string(expected) + " assets");
  std::vector<u256> out;
  for (const abi::Value& v : list) out.push_back(*v.as_int());
  return out;
}

std::string where(const Address& address) { return address.to_checksum(); }

}  // namespace

Result<std::vector<Call3Result>> aggregate3(rpc::Client& client, const Address& multicall, std::span<const Call3> calls,
                                            std::uint64_t block_number, std::size_t max_per_call) {
  const std::size_t chunk = std::max<std::size_t>(max_per_call, 1);
  std::vector<rpc::Request> requests;
  std::vector<std::size_t> sizes;
  const std::string block = "\"" + rpc::BlockTag::at(block_number).to_param() + "\"";
  for (std::size_t begin = 0; begin < calls.size(); begin += chunk) {
    const std::size_t count = std::min(chunk, calls.size() - begin);
    LB_TRY(data, encode_aggregate3(calls.subspan(begin, count)));
    rpc::CallRequest tx;
    tx.to = multicall;
    tx.data = std::move(data);
    requests.push_back(rpc::Request{"eth_call", "[" + rpc::call_object_json(tx) + "," + block + "]"});
    sizes.push_back(count);
  }
  LB_TRY(replies, client.batch(requests));
  std::vector<Call3Result> out;
  out.reserve(calls.size());
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const rpc::Reply& reply = replies[i];
    if (reply.error) {
      Error error = reply.error->to_error("eth_call aggregate3");
      error.message += " (chunk " + std::to_string(i) + " of " + std::to_string(replies.size()) + ", block " +
                       std::to_string(block_number) + ")";
      return error;
    }
    const std::string_view text = reply.result;
    if (text.size() < 2 || text.front() != '"' || text.back() != '"')
      return make_error(Errc::decode, "reader: aggregate3 result is not a string");
    LB_TRY(data, rpc::parse_data(text.substr(1, text.size() - 2)));
    LB_TRY(results, decode_aggregate3(data, sizes[i]));
    for (Call3Result& r : results) out.push_back(std::move(r));
  }
  return out;
}

Result<aave::Revision> revision_from_pool_revision(std::uint64_t pool_revision) {
  switch (pool_revision) {
    case 1: return aave::Revision::v3_0;
    case 10: return aave::Revision::v3_6;
    default:
      return make_error(Errc::unsupported, "reader: POOL_REVISION " + std::to_string(pool_revision) +
                                               " has no known math revision (set ReaderOptions::revision)");
  }
}

Result<std::uint64_t> Reader::resolve(rpc::BlockTag block) {
  if (block.kind == rpc::BlockTag::Kind::number) return block.number;
  if (block.kind == rpc::BlockTag::Kind::latest) return client_->block_number();
  LB_TRY(found, client_->get_block_by_number(block));
  if (!found) return make_error(Errc::not_found, "reader: block " + block.to_param() + " not found");
  return found->number;
}

Result<Reader> Reader::discover(rpc::Client& client, const Address& provider, ReaderOptions options) {
  Reader reader(client, MarketAddresses{}, options);
  LB_TRY(block, reader.resolve(rpc::BlockTag::latest()));
  const std::array<Call3, 4> calls{make_call<GetPool>(provider, false), make_call<GetPriceOracle>(provider, false),
                                   make_call<GetPoolDataProvider>(provider, false),
                                   make_call<GetPriceOracleSentinel>(provider, false)};
  auto results = aggregate3(client, options.multicall, calls, block, options.max_calls_per_aggregate);
  if (!results) {
    Error error = std::move(results).error();
    error.message = "reader: PoolAddressesProvider " + where(provider) + ": " + error.message;
    return error;
  }
  MarketAddresses& a = reader.addresses_;
  a.provider = provider;
  LB_TRY(pool, words<Address>((*results)[0], "PoolAddressesProvider.getPool"));
  LB_TRY(oracle, words<Address>((*results)[1], "PoolAddressesProvider.getPriceOracle"));
  LB_TRY(data_provider, words<Address>((*results)[2], "PoolAddressesProvider.getPoolDataProvider"));
  LB_TRY(sentinel, words<Address>((*results)[3], "PoolAddressesProvider.getPriceOracleSentinel"));
  a.price_oracle_sentinel = std::get<0>(sentinel);
  a.pool = std::get<0>(pool);
  a.oracle = std::get<0>(oracle);
  a.data_provider = std::get<0>(data_provider);
  if (a.pool.is_zero()) return make_error(Errc::not_found, "reader: provider " + where(provider) + " has no Pool");
  const std::array<Call3, 1> revision_call{make_call<PoolRevision>(a.pool, false)};
  LB_TRY(revision, aggregate3(client, options.multicall, revision_call, block, 1));
  LB_TRY(pool_revision, words<std::uint64_t>(revision[0], "Pool.POOL_REVISION"));
  a.pool_revision = std::get<0>(pool_revision);
  if (options.revision) {
    a.revision = *options.revision;
  } else {
    LB_TRY(mapped, revision_from_pool_revision(a.pool_revision));
    a.revision = mapped;
  }
  return reader;
}

Result<Market> Reader::read_market(std::uint64_t block_number) {
  const MarketAddresses& a = addresses_;
  Market market;
  market.addresses = a;
  market.block_number = block_number;
  const auto run = [&](std::span<const Call3> calls) {
    return aggregate3(*client_, options_.multicall, calls, block_number, options_.max_calls_per_aggregate);
  };

  // Round 1: timestamp, reserves list, base currency unit.
  const std::array<Call3, 3> first{make_call<GetCurrentBlockTimestamp>(options_.multicall, false),
                                   make_call<GetReservesList>(a.pool, false),
                                   make_call<BaseCurrencyUnit>(a.oracle, false)};
  LB_TRY(r1, run(first));
  LB_TRY(timestamp, words<std::uint64_t>(r1[0], "Multicall3.getCurrentBlockTimestamp"));
  market.timestamp = std::get<0>(timestamp);
  LB_TRY(list_values, dynamic<"address[]">(r1[1], "Pool.getReservesList"));
  std::vector<Address> assets;
  for (const abi::Value& v : *list_values.at(0).as_list()) assets.push_back(*v.as_address());
  LB_TRY(unit, word(r1[2], "AaveOracle.BASE_CURRENCY_UNIT"));
  market.base_currency_unit = unit;

  // Round 2: reserve data, prices, eMode categories.
  const bool legacy_emode = aave::has_emode_price_source(a.revision);
  const std::size_t per_emode = legacy_emode ? 1 : (aave::has_ltvzero_bitmap(a.revision) ? 4 : 3);
  std::vector<Call3> calls;
  for (const Address& asset : assets) calls.push_back(make_call<GetReserveData>(a.pool, false, asset));
  calls.push_back(assets_prices_call(a.oracle, assets));
  for (unsigned id = 1; id <= options_.max_emode_id; ++id) {
    const auto category = static_cast<std::uint8_t>(id);
    if (legacy_emode) {
      calls.push_back(make_call<GetEModeCategoryData>(a.pool, false, category));
    } else {
      calls.push_back(make_call<GetEModeCollateralConfig>(a.pool, false, category));
      calls.push_back(make_call<GetEModeCollateralBitmap>(a.pool, false, category));
      calls.push_back(make_call<GetEModeBorrowableBitmap>(a.pool, false, category));
      if (per_emode == 4) calls.push_back(make_call<GetEModeLtvzeroBitmap>(a.pool, false, category));
    }
  }
  LB_TRY(r2, run(calls));
  LB_TRY(prices, decode_prices(r2[assets.size()], assets.size()));
  for (std::size_t i = 0; i < assets.size(); ++i) {
    const std::string what = "Pool.getReserveData(" + where(assets[i]) + ")";
    // ReserveData (3.0) / ReserveDataLegacy (3.1+): the same 15 static words.
    LB_TRY(d, (words<u256, u256, u256, u256, u256, u256, std::uint64_t, std::uint16_t, Address, Address, Address,
                     Address, u256, u256, u256>(r2[i], what)));
    aave::Reserve reserve;
    reserve.asset = assets[i];
    reserve.configuration = std::get<0>(d);
    reserve.config = aave::ReserveConfig::decode(reserve.configuration);
    reserve.liquidity_index = std::get<1>(d);
    reserve.current_liquidity_rate = std::get<2>(d);
    reserve.variable_borrow_index = std::get<3>(d);
    reserve.current_variable_borrow_rate = std::get<4>(d);
    reserve.last_update_timestamp = std::get<6>(d);
    reserve.id = std::get<7>(d);
    reserve.price = prices[i];
    // Totals only where a supply cap makes them matter (supply_cap_headroom); filled in round 4.
    if (reserve.config.supply_cap != 0) {
      reserve.totals.emplace();
      reserve.totals->accrued_to_treasury = std::get<12>(d);
    }
    market.reserves.push_back(reserve);
    market.tokens.push_back(ReserveTokens{assets[i], std::get<8>(d), std::get<9>(d), std::get<10>(d)});
  }
  std::size_t at = assets.size() + 1;
  std::vector<Address> price_sources;
  for (unsigned id = 1; id <= options_.max_emode_id; ++id, at += per_emode) {
    aave::EModeCategory category;
    category.id = static_cast<std::uint8_t>(id);
    const std::string what = "Pool eMode category " + std::to_string(id);
    if (legacy_emode) {
      LB_TRY(values, dynamic<"(uint16,uint16,uint16,address,string)">(r2[at], what));
      const abi::Values& t = *values.at(0).as_list();
      category.ltv = static_cast<std::uint16_t>(t[0].as_int()->limbs[0]);
      category.liquidation_threshold = static_cast<std::uint16_t>(t[1].as_int()->limbs[0]);
      category.liquidation_bonus = static_cast<std::uint16_t>(t[2].as_int()->limbs[0]);
      if (!t[3].as_address()->is_zero()) {
        category.price_source = *t[3].as_address();
        price_sources.push_back(*category.price_source);
      }
    } else {
      LB_TRY(config, (words<std::uint16_t, std::uint16_t, std::uint16_t>(r2[at], what)));
      category.ltv = std::get<0>(config);
      category.liquidation_threshold = std::get<1>(config);
      category.liquidation_bonus = std::get<2>(config);
      LB_TRY(collateral, word(r2[at + 1], what + " collateral bitmap"));
      LB_TRY(borrowable, word(r2[at + 2], what + " borrowable bitmap"));
      category.collateral_bitmap = collateral;
      category.borrowable_bitmap = borrowable;
      if (per_emode == 4) {
        LB_TRY(ltvzero, word(r2[at + 3], what + " ltvzero bitmap"));
        category.ltvzero_bitmap = ltvzero;
      }
    }
    if (category.liquidation_threshold != 0) market.emodes.push_back(std::move(category));
  }
  if (legacy_emode) {
    for (const aave::Reserve& reserve : market.reserves) {
      const std::uint8_t id = reserve.config.emode_category;
      if (id == 0) continue;
      const bool listed = std::any_of(market.emodes.begin(), market.emodes.end(),
                                      [&](const aave::EModeCategory& e) { return e.id == id; });
      if (!listed)
        return make_error(Errc::not_found, "reader: reserve " + where(reserve.asset) + " names eMode " +
                                               std::to_string(id) + ", not read (max_emode_id " +
                                               std::to_string(options_.max_emode_id) + ")");
    }
  }
  // Round 3 (3.0-3.1 only, when a category has its own price source): those prices.
  if (!price_sources.empty()) {
    const std::array<Call3, 1> price_call{assets_prices_call(a.oracle, price_sources)};
    LB_TRY(r3, run(price_call));
    LB_TRY(source_prices, decode_prices(r3[0], price_sources.size()));
    std::size_t k = 0;
    for (aave::EModeCategory& category : market.emodes)
      if (category.price_source) category.price = source_prices[k++];
  }
  // Round 4: the token totals validateSupply reads (reserves with a supply cap), the liquidation
  // grace periods (3.1+) and the PriceOracleSentinel's verdict.
  const bool stable = aave::has_stable_debt(a.revision);
  const bool grace = a.revision >= aave::Revision::v3_1;
  std::vector<Call3> total_calls;
  for (std::size_t i = 0; i < market.reserves.size(); ++i) {
    if (grace) total_calls.push_back(make_call<GetLiquidationGracePeriod>(a.pool, false, market.tokens[i].asset));
    if (!market.reserves[i].totals) continue;
    total_calls.push_back(make_call<ScaledTotalSupply>(market.tokens[i].a_token, false));
    total_calls.push_back(make_call<ScaledTotalSupply>(market.tokens[i].variable_debt_token, false));
    if (stable) total_calls.push_back(make_call<GetSupplyData>(market.tokens[i].stable_debt_token, false));
  }
  if (!a.price_oracle_sentinel.is_zero()) total_calls.push_back(make_call<IsLiquidationAllowed>(a.price_oracle_sentinel, false));
  if (!total_calls.empty()) {
    LB_TRY(r4, run(total_calls));
    std::size_t k = 0;
    for (std::size_t i = 0; i < market.reserves.size(); ++i) {
      const std::string what = where(market.tokens[i].asset);
      if (grace) {
        LB_TRY(until, words<std::uint64_t>(r4[k++], "Pool.getLiquidationGracePeriod(" + what + ")"));
        market.reserves[i].liquidation_grace_period_until = std::get<0>(until);
      }
      std::optional<aave::ReserveTotals>& totals = market.reserves[i].totals;
      if (!totals) continue;
      LB_TRY(supply, word(r4[k++], "AToken.scaledTotalSupply of " + what));
      LB_TRY(debt, word(r4[k++], "VariableDebtToken.scaledTotalSupply of " + what));
      totals->scaled_atoken_supply = supply;
      totals->scaled_variable_debt = debt;
      if (stable) {
        LB_TRY(data, (words<u256, u256, u256, std::uint64_t>(r4[k++], "StableDebtToken.getSupplyData of " + what)));
        totals->principal_stable_debt = std::get<0>(data);
        totals->average_stable_rate = std::get<2>(data);
        totals->stable_debt_last_updated = std::get<3>(data);
      }
    }
    if (!a.price_oracle_sentinel.is_zero()) {
      LB_TRY(allowed, words<bool>(r4[k++], "PriceOracleSentinel.isLiquidationAllowed"));
      market.sentinel = aave::PriceOracleSentinel{a.price_oracle_sentinel, std::get<0>(allowed)};
    }
  }
  return market;
}

Result<std::vector<Result<UserRead>>> Reader::read_users(const Market& market, std::span<const Address> users) {
  const MarketAddresses& a = market.addresses;
  const bool stable = aave::has_stable_debt(a.revision);
  const std::size_t n = market.reserves.size();
  std::size_t per_reserve = 2;
  if (stable) per_reserve = 5;
  const std::size_t per_user = 3 + per_reserve * n;
  std::vector<Call3> calls;
  calls.reserve(per_user * users.size());
  for (const Address& user : users) {
    calls.push_back(make_call<GetUserConfiguration>(a.pool, true, user));
    calls.push_back(make_call<GetUserEMode>(a.pool, true, user));
    calls.push_back(make_call<GetUserAccountData>(a.pool, true, user));
    for (const ReserveTokens& t : market.tokens) {
      calls.push_back(make_call<ScaledBalanceOf>(t.a_token, true, user));
      calls.push_back(make_call<ScaledBalanceOf>(t.variable_debt_token, true, user));
      if (stable) {
        calls.push_back(make_call<PrincipalBalanceOf>(t.stable_debt_token, true, user));
        calls.push_back(make_call<GetUserStableRate>(t.stable_debt_token, true, user));
        calls.push_back(make_call<GetUserLastUpdated>(t.stable_debt_token, true, user));
      }
    }
  }
  LB_TRY(results, aggregate3(*client_, options_.multicall, calls, market.block_number,
                             options_.max_calls_per_aggregate));
  std::vector<Result<UserRead>> out;
  out.reserve(users.size());
  for (std::size_t u = 0; u < users.size(); ++u) {
    const Call3Result* r = results.data() + u * per_user;
    auto one = [&]() -> Result<UserRead> {
      UserRead read;
      aave::Snapshot& s = read.snapshot;
      s.revision = a.revision;
      s.timestamp = market.timestamp;
      s.base_currency_unit = market.base_currency_unit;
      s.reserves = market.reserves;
      s.emodes = market.emodes;
      s.sentinel = market.sentinel;
      s.user.address = users[u];
      LB_TRY(configuration, word(r[0], "Pool.getUserConfiguration"));
      s.user.configuration = configuration;
      LB_TRY(emode, word(r[1], "Pool.getUserEMode"));
      if (emode > u256(255)) return make_error(Errc::decode, "reader: Pool.getUserEMode: value above 255");
      s.user.emode_category = static_cast<std::uint8_t>(emode.limbs[0]);
      LB_TRY(account, (words<u256, u256, u256, u256, u256, u256>(r[2], "Pool.getUserAccountData")));
      read.on_chain = aave::AccountData{std::get<0>(account), std::get<1>(account), std::get<2>(account),
                                        std::get<3>(account), std::get<4>(account), std::get<5>(account)};
      for (std::size_t i = 0; i < n; ++i) {
        const Call3Result* c = r + 3 + i * per_reserve;
        const aave::Reserve& reserve = market.reserves[i];
        aave::Position p;
        p.asset = reserve.asset;
        LB_TRY(scaled_a, word(c[0], "AToken.scaledBalanceOf"));
        LB_TRY(scaled_v, word(c[1], "VariableDebtToken.scaledBalanceOf"));
        p.scaled_atoken_balance = scaled_a;
        p.scaled_variable_debt = scaled_v;
        if (stable) {
          LB_TRY(principal, word(c[2], "StableDebtToken.principalBalanceOf"));
          LB_TRY(rate, word(c[3], "StableDebtToken.getUserStableRate"));
          LB_TRY(updated, words<std::uint64_t>(c[4], "StableDebtToken.getUserLastUpdated"));
          p.principal_stable_debt = principal;
          p.stable_rate = rate;
          p.stable_last_updated = std::get<0>(updated);
        }
        const unsigned bit = 2u * reserve.id;
        const bool flagged = !((s.user.configuration >> bit) & u256(3)).is_zero();
        if (flagged || !p.scaled_atoken_balance.is_zero() || !p.scaled_variable_debt.is_zero() ||
            !p.principal_stable_debt.is_zero())
          s.user.positions.push_back(std::move(p));
      }
      LB_TRY_STATUS(aave::validate(s));
      return read;
    }();
    if (!one) {
      Error error = std::move(one).error();
      error.message = "user " + where(users[u]) + " at block " + std::to_string(market.block_number) + ": " + error.message;
      out.emplace_back(std::move(error));
    } else {
      out.emplace_back(std::move(one).value());
    }
  }
  return out;
}

Result<UserRead> Reader::read_user(const Address& user, rpc::BlockTag block) {
  LB_TRY(number, resolve(block));
  LB_TRY(market, read_market(number));
  const std::array<Address, 1> users{user};
  LB_TRY(reads, read_users(market, users));
  return std::move(reads[0]);
}

}  // namespace liquidbot::reader
