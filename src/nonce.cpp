// Nonce manager: one writer per (chain, signer) in the process, atomic hand-out, released nonces
// reused first, resync on "nonce too low", gap detection, persistence in the Store.
#include <liquidbot/nonce.hpp>

#include <fmt/format.h>

#include <utility>

namespace liquidbot {

namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::pair<std::uint64_t, Address>>& registry() {
  static std::set<std::pair<std::uint64_t, Address>> r;
  return r;
}

}  // namespace

NonceManager::NonceManager(std::uint64_t chain_id, const Address& signer, NonceSource& source, Store* store)
    : chain_id_(chain_id), signer_(signer), source_(source), store_(store) {}

NonceManager::~NonceManager() {
  std::lock_guard lock(registry_mutex());
  registry().erase({chain_id_, signer_});
}

Result<std::unique_ptr<NonceManager>> NonceManager::create(std::uint64_t chain_id, const Address& signer,
                                                           NonceSource& source, Store* store) {
  {
    std::lock_guard lock(registry_mutex());
    if (!registry().insert({chain_id, signer}).second)
      return make_error(Errc::state, fmt::format("nonce: {} on chain {} already has a nonce manager (one writer per key)",
                                                 signer.to_checksum(), chain_id));
  }
  // From here the destructor releases the registry entry.
  std::unique_ptr<NonceManager> manager(new NonceManager(chain_id, signer, source, store));
  LB_TRY(pending, source.pending_nonce(signer));
  std::uint64_t next = pending;
  if (store != nullptr) {
    LB_TRY(stored, store->next_nonce(chain_id, signer));
    if (stored && *stored > next) next = *stored;
  }
  std::lock_guard lock(manager->mutex_);
  manager->next_ = next;
  LB_TRY_STATUS(manager->persist_locked());
  return manager;
}

Status NonceManager::persist_locked() {
  if (store_ == nullptr) return {};
  return store_->save_next_nonce(chain_id_, signer_, next_);
}

Result<std::uint64_t> NonceManager::acquire() {
  std::lock_guard lock(mutex_);
  if (!released_.empty()) {
    const std::uint64_t n = *released_.begin();
    released_.erase(released_.begin());
    return n;
  }
  if (next_ == UINT64_MAX) return make_error(Errc::overflow, "nonce: the account nonce is at 2^64-1");
  const std::uint64_t n = next_;
  ++next_;
  if (auto saved = persist_locked(); !saved.ok()) {
    --next_;
    return std::move(saved).error();
  }
  return n;
}

void NonceManager::release(std::uint64_t nonce) {
  std::lock_guard lock(mutex_);
  if (nonce >= next_) return;
  released_.insert(nonce);
  // Released nonces at the top simply lower next again.
  bool lowered = false;
  while (!released_.empty() && *released_.rbegin() == next_ - 1) {
    released_.erase(std::prev(released_.end()));
    --next_;
    lowered = true;
  }
  // A failed save leaves the stored next higher than ours: the next start detects and fills it.
  if (lowered) (void)persist_locked();
}

Result<std::uint64_t> NonceManager::resync() {
  std::lock_guard lock(mutex_);
  LB_TRY(pending, source_.pending_nonce(signer_));
  if (pending > next_) {
    next_ = pending;
    LB_TRY_STATUS(persist_locked());
  }
  released_.erase(released_.begin(), released_.lower_bound(pending));
  return next_;
}

Result<NonceGaps> NonceManager::detect_gaps() {
  std::lock_guard lock(mutex_);
  NonceGaps gaps;
  LB_TRY(mined, source_.mined_nonce(signer_));
  LB_TRY(pending, source_.pending_nonce(signer_));
  gaps.chain_mined = mined;
  gaps.chain_pending = pending;
  if (pending > next_) {
    next_ = pending;
    LB_TRY_STATUS(persist_locked());
  }
  released_.erase(released_.begin(), released_.lower_bound(pending));
  for (std::uint64_t n = pending; n < next_; ++n) {
    // The caller now owns the released ones in the gap too: it fills them, so they are not handed out.
    released_.erase(n);
    gaps.missing.push_back(n);
  }
  gaps.next = next_;
  return gaps;
}

std::uint64_t NonceManager::peek_next() const {
  std::lock_guard lock(mutex_);
  return next_;
}

std::vector<std::uint64_t> NonceManager::released() const {
  std::lock_guard lock(mutex_);
  return {released_.begin(), released_.end()};
}

Transaction make_gap_filler(std::uint64_t chain_id, const Address& signer, std::uint64_t nonce, const FeeQuote& fees) {
  Transaction tx;
  tx.type = TxType::dynamic_fee;
  tx.chain_id = chain_id;
  tx.nonce = nonce;
  tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
  tx.max_fee_per_gas = fees.max_fee_per_gas;
  tx.gas_limit = 21000;
  tx.to = signer;
  return tx;
}

}  // namespace liquidbot
