/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: batch evaluation of many users against one reserve table, over caller arrays.
 *
 * lb_market: reserves, prices and normalized indexes at one timestamp. lb_userbook: users stored
 * structure-of-arrays. Thread-safety: evaluation takes both const and may run concurrently;
 * lb_market_set_* and lb_userbook_add need exclusive use of their handle (no concurrent
 * evaluation). */
#ifndef LIQUIDBOT_LB_BATCH_H
#define LIQUIDBOT_LB_BATCH_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_snapshot.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_market lb_market;
typedef struct lb_userbook lb_userbook;

/** The market part of a snapshot (its user is ignored), evaluated at its timestamp.
 *  Out: *market (destroy with lb_market_destroy). */
LB_API lb_status lb_market_create(lb_market** market, const lb_snapshot* snapshot) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_market_destroy(lb_market* market) LB_NOEXCEPT;
/** Re-evaluates the normalized indexes at timestamp. */
LB_API lb_status lb_market_set_timestamp(lb_market* market, uint64_t timestamp) LB_NOEXCEPT;
/** Sets one reserve's price (by reserve id). Returns: LB_OK, LB_ENOTFOUND. */
LB_API lb_status lb_market_set_price(lb_market* market, uint16_t reserve_id, const lb_u256be* price) LB_NOEXCEPT;

/** An empty user book. Out: *book (destroy with lb_userbook_destroy). */
LB_API lb_status lb_userbook_create(lb_userbook** book) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_userbook_destroy(lb_userbook* book) LB_NOEXCEPT;
/** Adds the snapshot's user (validated against market). Out: index (may be NULL): its row. */
LB_API lb_status lb_userbook_add(lb_userbook* book, uint32_t* index, const lb_market* market,
                                 const lb_snapshot* snapshot) LB_NOEXCEPT;
/** Number of users. */
LB_API lb_status lb_userbook_size(const lb_userbook* book, size_t* size) LB_NOEXCEPT;

#define LB_BATCH_OPTIONS_VERSION 1

typedef struct lb_batch_options {
  uint32_t version;  /**< LB_BATCH_OPTIONS_VERSION */
  uint32_t threads;  /**< worker threads, at most 256; 0 or 1 = the calling thread only */
} lb_batch_options;

/** Fills options with the defaults of `version` (one thread). */
LB_API lb_status lb_batch_options_init(lb_batch_options* options, uint32_t version) LB_NOEXCEPT;

/** Evaluates every user: data[i] and status[i] (LB_OK or why the chain would revert for user i).
 *  Out: data/status, each `count` entries, count must equal the book's size. options may be NULL.
 *  Returns: LB_OK when the batch ran (per-user failures are in status), LB_EINVAL. */
LB_API lb_status lb_batch_evaluate(const lb_market* market, const lb_userbook* book,
                                   lb_account_data* data, lb_status* status, size_t count,
                                   const lb_batch_options* options) LB_NOEXCEPT;

/** Sets one reserve's price and re-evaluates only the users holding it, in place in data/status
 *  (count = the book's size; other entries are left as they are). */
LB_API lb_status lb_batch_reprice(lb_market* market, const lb_userbook* book, uint16_t reserve_id,
                                  const lb_u256be* price, lb_account_data* data, lb_status* status,
                                  size_t count, const lb_batch_options* options) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_BATCH_H */
