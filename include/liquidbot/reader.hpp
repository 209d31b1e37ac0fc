// On-chain reader: discovers an Aave V3 market from its PoolAddressesProvider and reads reserves,
// eMode categories, prices and users into engine snapshots. Every read of a snapshot goes through
// Multicall3 aggregate3 pinned to one block number (chunked when large); the user call also carries
// Pool.getUserAccountData as a cross-check. One market read per block serves any number of users.
//
// Pool revision -> math revision (Pool.POOL_REVISION()): only values with a source are mapped.
//   1  -> 3.0  (@aave/core-v3 1.19.x PoolInstance; the local test chain reads it on chain)
//   10 -> 3.6  (aave-v3-origin 3.6 PoolInstance; 3.7 bumps it to 11, which is not supported)
// Any other value is Errc::unsupported unless ReaderOptions::revision forces the math revision.
#pragma once

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/rpc.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace liquidbot::reader {

inline constexpr Address kMulticall3{{0xca, 0x11, 0xbd, 0xe0, 0x59, 0x77, 0xb3, 0x63, 0x11, 0x67,
                                      0x02, 0x88, 0x62, 0xbe, 0x2a, 0x17, 0x39, 0x76, 0xca, 0x11}};

/// One Multicall3 Call3 and its Result.
struct Call3 {
  Address target;
  bool allow_failure = false;
  Bytes call_data;
};
struct Call3Result {
  bool success = false;
  Bytes return_data;
};

/// Multicall3.aggregate3 at one block number: `calls` split into chunks of at most `max_per_call`,
/// the chunks sent as one JSON-RPC batch of eth_call pinned to `block_number`; results in call
/// order. A chunk that reverts (a failing call with allow_failure false) is Errc::rpc with the
/// decoded revert ("Error(\"Multicall3: call failed\")").
LIQUIDBOT_API Result<std::vector<Call3Result>> aggregate3(rpc::Client& client, const Address& multicall,
                                                          std::span<const Call3> calls, std::uint64_t block_number,
                                                          std::size_t max_per_call = 400);

/// Math revision for a Pool.POOL_REVISION() value (table above).
LIQUIDBOT_API Result<aave::Revision> revision_from_pool_revision(std::uint64_t pool_revision);

/// The market's contracts.
struct MarketAddresses {
  Address provider;
  Address pool;
  Address oracle;
  Address data_provider;
  Address price_oracle_sentinel;  ///< zero: none
  std::uint64_t pool_revision = 0;
  aave::Revision revision = aave::kDefaultRevision;
};

/// Token addresses of one reserve (from getReserveData).
struct ReserveTokens {
  Address asset;
  Address a_token;
  Address stable_debt_token;  ///< zero on 3.2+
  Address variable_debt_token;
};

/// Everything per-reserve at one block.
struct Market {
  MarketAddresses addresses;
  std::uint64_t block_number = 0;
  std::uint64_t timestamp = 0;
  u256 base_currency_unit;
  std::vector<aave::Reserve> reserves;
  std::vector<ReserveTokens> tokens;  ///< parallel to reserves
  std::vector<aave::EModeCategory> emodes;
  std::optional<aave::PriceOracleSentinel> sentinel;  ///< with isLiquidationAllowed at the block
};

/// A user's snapshot and, from the same aggregate3 call, Pool.getUserAccountData.
struct UserRead {
  aave::Snapshot snapshot;
  aave::AccountData on_chain;
};

struct ReaderOptions {
  Address multicall = kMulticall3;
  /// Forces the math revision instead of mapping POOL_REVISION.
  std::optional<aave::Revision> revision;
  std::size_t max_calls_per_aggregate = 400;  ///< larger reads are split (same block)
  /// eMode ids probed on 3.2+ (categories are not listed on chain); 3.0-3.1 read the ids the
  /// reserves name.
  std::uint8_t max_emode_id = 16;
};

class LIQUIDBOT_API Reader {
 public:
  /// Reads Pool, oracle, data provider and POOL_REVISION from the provider (latest block).
  static Result<Reader> discover(rpc::Client& client, const Address& provider, ReaderOptions options = {});

  [[nodiscard]] const MarketAddresses& addresses() const noexcept { return addresses_; }

  /// Resolves a tag to a block number (latest -> eth_blockNumber).
  Result<std::uint64_t> resolve(rpc::BlockTag block);
  /// Reserves, configurations, indexes, prices, eMode categories and the block timestamp at
  /// `block_number`.
  Result<Market> read_market(std::uint64_t block_number);
  /// Users at market.block_number sharing the market read; one Result per user, in order. The
  /// outer error is a transport failure.
  Result<std::vector<Result<UserRead>>> read_users(const Market& market, std::span<const Address> users);
  /// read_market + read_users for one user.
  Result<UserRead> read_user(const Address& user, rpc::BlockTag block);

 private:
  Reader(rpc::Client& client, MarketAddresses addresses, ReaderOptions options) noexcept
      : client_(&client), addresses_(addresses), options_(options) {}
  rpc::Client* client_;
  MarketAddresses addresses_;
  ReaderOptions options_;
};

}  // namespace liquidbot::reader
