/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: sender: broadcasts a signed protective transaction for a stored intent, follows
 * its receipt, replaces it by fee when it is not included after some blocks (both caps raised by at
 * least 10%), gives up after a bounded number of attempts, and after a restart reconciles the
 * intents left open. Every attempt is recorded in the store before it is broadcast, so a trigger is
 * never acted on twice.
 *
 * lb_sender: uses an lb_rpc client, an lb_signer, an lb_store and (optionally) an lb_nonces, which
 * must outlive it. Thread-safety: not thread-safe; serialise the calls on one sender, and do not
 * use its client, signer or store from another thread during a call. */
#ifndef LIQUIDBOT_LB_SENDER_H
#define LIQUIDBOT_LB_SENDER_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_nonce.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_signer.h>
#include <liquidbot/lb_store.h>
#include <liquidbot/lb_tx.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_sender lb_sender;

#define LB_SENDER_OPTIONS_VERSION 1

typedef struct lb_sender_options {
  uint32_t version;                   /**< LB_SENDER_OPTIONS_VERSION */
  uint32_t blocks_before_replacement; /**< replace when not included this many blocks after the send, default 2 */
  uint32_t max_attempts;              /**< first send + replacements, then given up; default 5 */
  uint32_t transport_retries;         /**< immediate re-sends of the same bytes after a transport failure, default 3 */
  uint32_t nonce_retries;             /**< re-signs on a fresh nonce after a foreign "nonce too low", default 2 */
  /* Fee quotes for replacements (eth_feeHistory). */
  uint32_t fee_headroom_blocks;       /**< maxFee covers the base fee rising this many full blocks, default 18 */
  uint32_t fee_history_blocks;        /**< blocks of eth_feeHistory, default 10 */
  double fee_reward_percentile;       /**< 0..100, default 80 */
  lb_u256be tip_floor;                /**< wei, default 1e6 */
  lb_u256be tip_ceiling;              /**< wei, default 5e9 */
  lb_u256be max_fee_per_gas_cap;      /**< wei; a replacement above it is refused, default 1e11 */
  uint32_t bump_percent;              /**< replacement bump of both caps, >= 10, default 13 */
} lb_sender_options;

/** Fills options with the defaults of `version`. Returns: LB_OK; LB_EUNSUPPORTED. */
LB_API lb_status lb_sender_options_init(lb_sender_options* options, uint32_t version) LB_NOEXCEPT;

/** A sender over client (as the node that receives the transactions and answers receipts and fee
 *  history), signer, store and nonces (NULL: "nonce too low" on a fresh send fails the intent
 *  instead of re-signing on a new nonce). options may be NULL. Out: *sender (lb_sender_destroy).
 *  Returns: LB_OK, LB_EINVAL (NULL handle, invalid options), LB_EUNSUPPORTED (options version). */
LB_API lb_status lb_sender_create(lb_sender** sender, lb_rpc* client, lb_signer* signer, lb_store* store,
                                  lb_nonces* nonces, const lb_sender_options* options) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_sender_destroy(lb_sender* sender) LB_NOEXCEPT;

#define LB_TRACK_PENDING 0  /**< broadcast (or recorded, waiting for a re-broadcast), not included yet */
#define LB_TRACK_INCLUDED 1 /**< mined with status 1 */
#define LB_TRACK_REVERTED 2 /**< mined with status 0 (the intent failed) */
#define LB_TRACK_FAILED 3   /**< refused for good (insufficient funds, fee cap, ...): see the reason */
#define LB_TRACK_GIVEN_UP 4 /**< not included after max_attempts */

/** Stable name of an LB_TRACK_* state ("pending", ...); "unknown" otherwise. Never NULL. */
LB_API const char* lb_track_state_name(int32_t state) LB_NOEXCEPT;

/** Where an intent stands. The reason text is read with lb_sender_result_reason. */
typedef struct lb_track_result {
  int32_t state;        /**< LB_TRACK_* */
  uint8_t alert;        /**< operator attention needed (funds, repeated failures) */
  uint8_t replaced;     /**< this call signed and sent a fee-bumped replacement */
  uint8_t has_receipt;  /**< included or reverted: the receipt fields below are set */
  uint8_t receipt_status; /**< 1 success, 0 reverted */
  lb_bytes32 tx_hash;   /**< of the mined attempt */
  uint64_t block_number;
  uint64_t gas_used;
  lb_u256be effective_gas_price;
} lb_track_result;

/** Signs tx (nonce, fees and gas limit already set by the caller; tx itself is not changed),
 *  records attempt 0 and the intent's move to sent, and broadcasts it. The intent must exist in the
 *  store in state LB_INTENT_SIMULATED. l1_fee: the L1 data fee estimate to record (NULL = 0).
 *  Out: result (may be NULL; also kept as result 0 of lb_sender_result*).
 *  Returns: LB_OK (the outcome is in result: a refused send is LB_TRACK_FAILED, not an error),
 *  LB_EINVAL, LB_ENOTFOUND (unknown intent), LB_ESTATE (intent not simulated), LB_EIO. */
LB_API lb_status lb_sender_submit(lb_sender* sender, lb_track_result* result, const char* intent_id,
                                  const lb_tx* tx, const lb_u256be* l1_fee) LB_NOEXCEPT;
/** Follows one intent once (receipts of all its attempts; a replacement when due; given up when out
 *  of attempts). Call once per new block. Out: result (may be NULL; kept as result 0).
 *  Returns: LB_OK, LB_EINVAL, LB_ENOTFOUND (an intent this sender does not track), LB_EIO,
 *  LB_ERPC, LB_ETIMEOUT. */
LB_API lb_status lb_sender_poll(lb_sender* sender, lb_track_result* result, const char* intent_id) LB_NOEXCEPT;
/** After a restart: every intent in sent or replaced is looked up on chain and closed or tracked
 *  again; intents in planned or simulated without an attempt are failed ("interrupted before
 *  send"). Out: count (may be NULL) = the number of intents handled; their results are read with
 *  lb_sender_result* (indexes 0 .. count-1, ordered by intent id). */
LB_API lb_status lb_sender_reconcile(lb_sender* sender, size_t* count) LB_NOEXCEPT;

/** Result `index` of the last successful submit, poll (index 0) or reconcile on this sender.
 *  Out: result. Returns: LB_OK, LB_EINVAL, LB_ENOTFOUND (no such index). */
LB_API lb_status lb_sender_result(const lb_sender* sender, lb_track_result* result, size_t index) LB_NOEXCEPT;
/** The intent id of result `index`. Out: buf/cap/size (text; NULL buf queries).
 *  Returns: LB_OK, LB_EBUFS, LB_EINVAL, LB_ENOTFOUND. */
LB_API lb_status lb_sender_result_intent(const lb_sender* sender, char* buf, size_t cap, size_t* size,
                                         size_t index) LB_NOEXCEPT;
/** The reason of result `index` ("" when none). Out: buf/cap/size as lb_sender_result_intent. */
LB_API lb_status lb_sender_result_reason(const lb_sender* sender, char* buf, size_t cap, size_t* size,
                                         size_t index) LB_NOEXCEPT;
/** How many intents the sender tracks (pending). Out: count. */
LB_API lb_status lb_sender_tracked_count(const lb_sender* sender, size_t* count) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_SENDER_H */
