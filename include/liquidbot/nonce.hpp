// Nonce manager: the single writer of one signer key's nonces. It starts from
// max(eth_getTransactionCount(signer, "pending"), the persisted next nonce), hands out nonces
// atomically to concurrent intents, takes back nonces that were never broadcast (and hands those out
// first, so no gap remains), resynchronises on "nonce too low", detects gaps against the chain and
// persists the next nonce in the Store so it survives restarts.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fees.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/store.hpp>
#include <liquidbot/transaction.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace liquidbot {

/// Where the chain's view of an account's nonces comes from (the RPC client in production).
class NonceSource {
 public:
  virtual ~NonceSource() = default;
  /// eth_getTransactionCount(address, "pending").
  virtual Result<std::uint64_t> pending_nonce(const Address& address) = 0;
  /// eth_getTransactionCount(address, "latest"): nonces below it are mined.
  virtual Result<std::uint64_t> mined_nonce(const Address& address) = 0;
};

/// NonceSource over a JSON-RPC client. The client is not thread-safe: the caller must not use it
/// from another thread while the nonce manager calls it (the manager calls it under its own lock).
class LIQUIDBOT_API RpcNonceSource final : public NonceSource {
 public:
  explicit RpcNonceSource(rpc::Client& client) : client_(client) {}
  Result<std::uint64_t> pending_nonce(const Address& address) override;
  Result<std::uint64_t> mined_nonce(const Address& address) override;

 private:
  rpc::Client& client_;
};

/// The chain's pending count stops at the first nonce the pool lacks. `missing` is every nonce in
/// [chain_pending, next): handed out by this manager (broadcast but dropped, lost in a crash, or
/// released) and not in the pool. The caller owns them from then on: for each, re-broadcast the stored
/// attempt with that nonce, or send make_gap_filler. They are not handed out again.
struct NonceGaps {
  std::uint64_t chain_pending = 0;
  std::uint64_t chain_mined = 0;
  std::uint64_t next = 0;
  std::vector<std::uint64_t> missing;
};

class NonceManager {
 public:
  /// One manager per (chain, signer) in a process: a second live one is refused (Errc::state).
  /// `store` may be null (no persistence). Reads the chain and the store once.
  static LIQUIDBOT_API Result<std::unique_ptr<NonceManager>> create(std::uint64_t chain_id, const Address& signer,
                                                                    NonceSource& source, Store* store);
  LIQUIDBOT_API ~NonceManager();
  NonceManager(const NonceManager&) = delete;
  NonceManager& operator=(const NonceManager&) = delete;

  /// The next nonce for a new transaction: the lowest released one, else `next` (then next+1).
  /// Thread-safe; the new next is persisted before the nonce is returned.
  LIQUIDBOT_API Result<std::uint64_t> acquire();
  /// Gives back a nonce that was never broadcast (signing or simulation failed). Released nonces at the
  /// top lower `next` again; the others are handed out first by acquire().
  LIQUIDBOT_API void release(std::uint64_t nonce);
  /// The node said "nonce too low" for `nonce`: it is used on chain. Reads the pending count and moves
  /// `next` up to it (dropping released nonces below it). Returns the new next.
  LIQUIDBOT_API Result<std::uint64_t> resync();
  /// Compares with the chain (see NonceGaps). Also moves next up when the chain is ahead (another
  /// writer) and drops released nonces that are used on chain.
  LIQUIDBOT_API Result<NonceGaps> detect_gaps();

  [[nodiscard]] LIQUIDBOT_API std::uint64_t peek_next() const;
  [[nodiscard]] LIQUIDBOT_API std::vector<std::uint64_t> released() const;
  [[nodiscard]] const Address& signer() const noexcept { return signer_; }
  [[nodiscard]] std::uint64_t chain_id() const noexcept { return chain_id_; }

 private:
  NonceManager(std::uint64_t chain_id, const Address& signer, NonceSource& source, Store* store);
  Status persist_locked();

  std::uint64_t chain_id_;
  Address signer_;
  NonceSource& source_;
  Store* store_;
  mutable std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::set<std::uint64_t> released_;
};

/// A 0-value self-transfer (21000 gas, EIP-1559) with the given nonce and fees: fills a gap.
LIQUIDBOT_API Transaction make_gap_filler(std::uint64_t chain_id, const Address& signer, std::uint64_t nonce,
                                          const FeeQuote& fees);

}  // namespace liquidbot
