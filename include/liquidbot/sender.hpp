// Sender: broadcasts a simulated, signed protective transaction, follows its receipt, replaces it by
// fee (both caps raised by at least 10%, fees.hpp bump_fees) when it is not included after a
// configurable number of blocks, gives up cleanly after a bounded number of attempts, and handles
// the node's answers as base-transactions.md §5.2 describes:
//   already known              -> the identical bytes are pooled: sent
//   replacement underpriced    -> bump again (counts as an attempt)
//   nonce too low              -> an earlier attempt of this intent was mined (look it up), or the
//                                 nonce was taken by someone else: resync and re-sign on a new nonce
//   insufficient funds         -> failed, alert, no retry
//   transport errors, timeouts -> re-send the same bytes (idempotent), bounded; then keep tracking
// Every attempt is recorded in the Store before it is broadcast, so after a crash reconcile() finds
// each pending intent's transactions, asks the chain about them and resumes or closes them: a trigger
// is never acted on twice.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fees.hpp>
#include <liquidbot/nonce.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/signer.hpp>
#include <liquidbot/store.hpp>
#include <liquidbot/transaction.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot {

/// What the sender needs from a node; RpcExecutionBackend (executor.hpp) adapts rpc::Client.
class SendBackend {
 public:
  virtual ~SendBackend() = default;
  /// eth_sendRawTransaction. A node error is Errc::rpc with *node_error filled.
  virtual Result<Hash> send_raw(ByteView raw, rpc::NodeError* node_error) = 0;
  virtual Result<std::optional<rpc::Receipt>> receipt(const Hash& hash) = 0;
  virtual Result<std::uint64_t> block_number() = 0;
  /// A fresh fee quote (the market a replacement must reach at least).
  virtual Result<FeeQuote> fee_quote() = 0;
};

struct SenderPolicy {
  /// Replace when the transaction is not included this many blocks after it was sent.
  std::uint32_t blocks_before_replacement = 2;
  /// Attempts per intent (the first send and every replacement); then the intent is given up.
  std::uint32_t max_attempts = 5;
  /// Immediate re-sends of the same bytes after a transport failure or timeout.
  std::uint32_t transport_retries = 3;
  /// Re-signs on a fresh nonce after "nonce too low" for a nonce none of our attempts used.
  std::uint32_t nonce_retries = 2;
  FeePolicy fees;
};

/// Where an intent stands after submit() or poll().
enum class TrackState : std::uint8_t {
  pending,    ///< broadcast (or recorded and waiting to be re-broadcast), not yet included
  included,   ///< mined with status 1
  reverted,   ///< mined with status 0 (intent failed)
  failed,     ///< refused for good (insufficient funds, fee cap, ...): see reason
  given_up,   ///< not included after max_attempts
};
LIQUIDBOT_API std::string_view to_string(TrackState state) noexcept;

struct TrackResult {
  TrackState state = TrackState::pending;
  std::string reason;
  bool alert = false;                   ///< operator attention needed (funds, repeated failures)
  bool replaced = false;                ///< this call signed and sent a fee-bumped replacement
  std::optional<rpc::Receipt> receipt;  ///< included / reverted
};

/// The fees of a signed EIP-1559 transaction as a FeeQuote (base_fee unknown: zero).
LIQUIDBOT_API FeeQuote fees_of(const Transaction& tx) noexcept;

class Sender {
 public:
  /// `nonces` may be null: then "nonce too low" on a fresh send fails the intent instead of re-signing.
  LIQUIDBOT_API Sender(SendBackend& backend, Signer& signer, Store& store, NonceManager* nonces, SenderPolicy policy);

  /// Signs `tx` (nonce, fees and gas limit already set by the caller), records attempt 0 and the
  /// intent's move to `sent`, and broadcasts it. The intent must exist in state `simulated`.
  LIQUIDBOT_API Result<TrackResult> submit(std::string_view intent_id, Transaction tx, const u256& l1_fee_estimate);

  /// Follows one intent: receipt of every attempt; replacement when due; give-up when out of
  /// attempts. Call once per new block (or more often; replacements are counted in blocks).
  LIQUIDBOT_API Result<TrackResult> poll(std::string_view intent_id);

  /// After a restart: every intent in `sent` or `replaced` is looked up on chain (receipts of all
  /// its attempts) and either closed (included / reverted) or tracked again (its latest bytes are
  /// re-broadcast, which is idempotent); intents in `planned` or `simulated` with no attempt are
  /// failed ("interrupted before send"): their trigger is consumed and not acted on again.
  /// Returns the result per intent id.
  LIQUIDBOT_API Result<std::map<std::string, TrackResult>> reconcile();

  /// Intents currently tracked (pending).
  [[nodiscard]] LIQUIDBOT_API std::vector<std::string> tracked() const;

 private:
  struct Tracked {
    Transaction tx;           ///< the latest signed transaction
    std::uint32_t attempts = 0;
    std::uint64_t sent_block = 0;
    u256 l1_fee_estimate;
  };
  Result<TrackResult> broadcast(const std::string& id, Tracked& t, bool is_replacement);
  Result<TrackResult> record_and_broadcast(const std::string& id, Tracked& t, bool is_replacement);
  Result<std::optional<rpc::Receipt>> find_receipt(const std::string& id);
  Result<TrackResult> close_with_receipt(const std::string& id, rpc::Receipt receipt);
  Result<TrackResult> replace(const std::string& id, Tracked& t, std::optional<FeeQuote> floor = std::nullopt);
  Result<TrackResult> finish(const std::string& id, IntentState state, TrackResult result);

  SendBackend& backend_;
  Signer& signer_;
  Store& store_;
  NonceManager* nonces_;
  SenderPolicy policy_;
  std::map<std::string, Tracked, std::less<>> tracked_;
};

}  // namespace liquidbot
