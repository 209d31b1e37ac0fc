/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: on-chain reader: discovers an Aave V3 market from its PoolAddressesProvider and
 * reads a user's exact snapshot (Multicall3, one block) plus Pool.getUserAccountData from the same
 * call as a cross-check.
 *
 * lb_reader: uses an lb_rpc client, which must outlive it. Thread-safety: like its client (not
 * thread-safe; serialise calls on the reader and its client). */
#ifndef LIQUIDBOT_LB_READER_H
#define LIQUIDBOT_LB_READER_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_snapshot.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_reader lb_reader;

/** Reads Pool, oracle, data provider and POOL_REVISION from provider at the latest block.
 *  Out: *reader (lb_reader_destroy). Returns: LB_OK, LB_EUNSUPPORTED (unknown Pool revision),
 *  LB_ERPC, LB_EIO, LB_EDECODE. */
LB_API lb_status lb_reader_create(lb_reader** reader, lb_rpc* client, const lb_address* provider) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_reader_destroy(lb_reader* reader) LB_NOEXCEPT;
/** The Pool the provider points at. Out: pool. */
LB_API lb_status lb_reader_pool(const lb_reader* reader, lb_address* pool) LB_NOEXCEPT;

/** The user's snapshot at `block` (0 = latest) and getUserAccountData from the same call.
 *  Out: *snapshot (lb_snapshot_destroy), on_chain (may be NULL). */
LB_API lb_status lb_reader_read_user(lb_reader* reader, lb_snapshot** snapshot, lb_account_data* on_chain,
                                     const lb_address* user, uint64_t block) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_READER_H */
