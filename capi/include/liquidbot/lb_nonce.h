/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: nonce manager: the single writer of one signer key's nonces on one chain. It
 * starts from max(eth_getTransactionCount(signer, "pending"), the next nonce persisted in the
 * store), hands out nonces, takes back nonces that were never broadcast (and hands those out first,
 * so no gap remains), resynchronises after "nonce too low", finds gaps against the chain and
 * persists the next nonce in the store so it survives restarts.
 *
 * lb_nonces: uses an lb_rpc client and (optionally) an lb_store, which must outlive it. One live
 * manager per (chain, signer) in a process. Thread-safety: the calls are serialised internally and
 * use the client and the store under that lock: the caller must not use the same lb_rpc or lb_store
 * from another thread meanwhile. */
#ifndef LIQUIDBOT_LB_NONCE_H
#define LIQUIDBOT_LB_NONCE_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_nonces lb_nonces;

/** A manager for `signer` on `chain_id`; store may be NULL (no persistence). Reads the chain (and
 *  the store) once. Out: *nonces (lb_nonces_destroy).
 *  Returns: LB_OK, LB_EINVAL, LB_ESTATE (a manager for this chain and signer is alive), LB_EIO,
 *  LB_ERPC, LB_ETIMEOUT. */
LB_API lb_status lb_nonces_create(lb_nonces** nonces, lb_rpc* client, lb_store* store, uint64_t chain_id,
                                  const lb_address* signer) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_nonces_destroy(lb_nonces* nonces) LB_NOEXCEPT;
/** The nonce for a new transaction (persisted before it is returned). Out: nonce. */
LB_API lb_status lb_nonces_acquire(lb_nonces* nonces, uint64_t* nonce) LB_NOEXCEPT;
/** Gives back a nonce that was never broadcast. Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_nonces_release(lb_nonces* nonces, uint64_t nonce) LB_NOEXCEPT;
/** After "nonce too low": moves the next nonce up to the chain's pending count. Out: next (may be NULL). */
LB_API lb_status lb_nonces_resync(lb_nonces* nonces, uint64_t* next) LB_NOEXCEPT;
/** The nonce acquire would hand out next, without taking it. Out: next. */
LB_API lb_status lb_nonces_peek_next(const lb_nonces* nonces, uint64_t* next) LB_NOEXCEPT;

/** The chain's view against the manager's. */
typedef struct lb_nonce_gaps {
  uint64_t chain_pending; /**< eth_getTransactionCount(signer, "pending") */
  uint64_t chain_mined;   /**< eth_getTransactionCount(signer, "latest") */
  uint64_t next;          /**< the manager's next nonce (moved up when the chain is ahead) */
  uint64_t missing;       /**< gap count: the nonces chain_pending .. next-1 */
} lb_nonce_gaps;

/** Compares with the chain. The nonces chain_pending .. next-1 were handed out by this manager and
 *  the pool lacks them (dropped, lost in a crash, or released): the caller owns them from then on
 *  (re-broadcast the stored attempt with that nonce, or send a 0-value self-transfer); they are
 *  not handed out again. Out: gaps. Returns: LB_OK, LB_EINVAL, LB_EIO, LB_ERPC, LB_ETIMEOUT. */
LB_API lb_status lb_nonces_detect_gaps(lb_nonces* nonces, lb_nonce_gaps* gaps) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_NONCE_H */
