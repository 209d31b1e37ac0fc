/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: position monitor: keeps a set of borrowers (added by hand and found from Borrow
 * events), reads them on chain once per block cycle, scores them and reports level changes through
 * a callback.
 *
 * lb_monitor: uses an lb_rpc client and an lb_reader, which must outlive it. Thread-safety: not
 * thread-safe; the callback runs on the thread calling lb_monitor_step, inside that call, and must
 * not call lb_monitor_* on the same monitor. */
#ifndef LIQUIDBOT_LB_MONITOR_H
#define LIQUIDBOT_LB_MONITOR_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_reader.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_snapshot.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_monitor lb_monitor;

#define LB_RISK_NONE (-1) /**< no previous level: the user's first evaluation */
#define LB_RISK_OK 0
#define LB_RISK_ALERT 1
#define LB_RISK_ACT 2
#define LB_RISK_LIQUIDATABLE 3

/** A level change of one user. */
typedef struct lb_monitor_change {
  lb_address user;
  int32_t previous;        /**< LB_RISK_* or LB_RISK_NONE */
  int32_t current;         /**< LB_RISK_* */
  lb_account_data account; /**< engine evaluation at `block` */
  double score;            /**< 0..100 */
  uint64_t block;
} lb_monitor_change;

/** Called once per change; `change` is valid only during the call. */
typedef void (*lb_monitor_callback)(void* user_data, const lb_monitor_change* change);

/** Version 2 added the subgraph fields (from subgraph_url on). Version 1 structs, which end at
 *  events_from_block, are still accepted: the library reads and writes only the fields of the
 *  version a struct carries. */
#define LB_MONITOR_OPTIONS_VERSION 2

typedef struct lb_monitor_options {
  uint32_t version;               /**< LB_MONITOR_OPTIONS_VERSION */
  lb_u256be alert_hf;             /**< WAD, default 1.10 */
  lb_u256be act_hf;               /**< WAD, default 1.05 */
  lb_u256be target_hf;            /**< WAD, default 1.30 */
  uint64_t sweep_every_blocks;    /**< healthy users are re-read this often, default 10 */
  uint64_t discover_every_blocks; /**< discovery (subgraph sweep or Borrow-event scan) period, default 300 */
  uint64_t log_range;             /**< eth_getLogs window, default 2000 */
  uint64_t events_from_block;     /**< first block of the event scan, default 0 */
  /* ---- version 2 ---- */
  /** Aave V3 subgraph endpoint (NUL-terminated; copied at lb_monitor_create). NULL or "": no
   *  subgraph, borrowers come from Borrow events only. When the subgraph fails or lags, the monitor
   *  falls back to the events and says why in lb_monitor_health / lb_monitor_discovery_error. */
  const char* subgraph_url;
  /** Sent as "Authorization: Bearer <key>" when not NULL or "" (NUL-terminated, copied). */
  const char* subgraph_api_key;
  uint32_t subgraph_page_size;      /**< users per page, 500..1000, default 1000 */
  uint64_t subgraph_max_lag_blocks; /**< largest accepted indexing lag behind the head, default 50 */
  uint64_t events_max_blocks;       /**< most blocks one event scan covers, 0 = unbounded (default) */
} lb_monitor_options;

/** Fills options with the defaults of `version` (1 or 2; a version 1 struct is written only up to
 *  events_from_block). Returns: LB_OK; LB_EUNSUPPORTED. */
LB_API lb_status lb_monitor_options_init(lb_monitor_options* options, uint32_t version) LB_NOEXCEPT;

/** A monitor over client and reader (borrowers come from lb_monitor_add_borrowers, the subgraph
 *  when options set one, and Borrow events). options may be NULL. Out: *monitor
 *  (lb_monitor_destroy). Returns: LB_OK, LB_EINVAL (invalid thresholds, periods or subgraph
 *  settings), LB_EUNSUPPORTED (options version). */
LB_API lb_status lb_monitor_create(lb_monitor** monitor, lb_rpc* client, lb_reader* reader,
                                   const lb_monitor_options* options) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_monitor_destroy(lb_monitor* monitor) LB_NOEXCEPT;
/** Sets (or, with NULL, clears) the change callback. */
LB_API lb_status lb_monitor_set_callback(lb_monitor* monitor, lb_monitor_callback callback,
                                         void* user_data) LB_NOEXCEPT;
/** Adds borrowers by hand; they are read on the next cycle. In: users/count. */
LB_API lb_status lb_monitor_add_borrowers(lb_monitor* monitor, const lb_address* users, size_t count) LB_NOEXCEPT;

/** Counters of one cycle. */
typedef struct lb_monitor_cycle {
  uint64_t block;
  uint64_t borrowers;
  uint64_t users_read;
  uint64_t hot_users;
  uint64_t failed_users;
  uint64_t changes;
} lb_monitor_cycle;

/** One cycle at the chain head (full != 0: discovery and every user). Changes go to the callback.
 *  Out: cycle (may be NULL). Returns: LB_OK, or the source failure (the previous state is kept). */
LB_API lb_status lb_monitor_step(lb_monitor* monitor, lb_monitor_cycle* cycle, int full) LB_NOEXCEPT;

#define LB_SOURCE_NONE 0     /**< no discovery yet */
#define LB_SOURCE_SUBGRAPH 1 /**< the last discovery used the subgraph */
#define LB_SOURCE_EVENTS 2   /**< the last discovery used Borrow events (no subgraph, or it failed) */

/** The monitor's freshness. */
typedef struct lb_monitor_health {
  uint64_t head_block;             /**< latest head seen */
  uint64_t last_good_block;        /**< block of the last cycle whose market and user reads worked */
  uint64_t stale_blocks;           /**< head_block - last_good_block */
  uint64_t stale_ms;               /**< time since the last good cycle (0 before the first one) */
  int32_t discovery_source;        /**< LB_SOURCE_* of the last discovery */
  uint32_t consecutive_failures;   /**< failed cycles in a row */
  uint64_t discovery_block;        /**< block the borrower set was last discovered at */
  uint64_t failed_user_reads;      /**< user reads that failed so far (kept at their last state) */
} lb_monitor_health;

/** Out: health. Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_monitor_get_health(const lb_monitor* monitor, lb_monitor_health* health) LB_NOEXCEPT;
/** The latest failure of any source ("" when none yet). Out: buf/cap/size (text, NUL counted; NULL
 *  buf queries). Returns: LB_OK, LB_EBUFS, LB_EINVAL. */
LB_API lb_status lb_monitor_last_error(const lb_monitor* monitor, char* buf, size_t cap, size_t* size) LB_NOEXCEPT;
/** The latest subgraph failure that made discovery fall back to Borrow events ("" when the last
 *  discovery did not fall back). Out: buf/cap/size as lb_monitor_last_error. */
LB_API lb_status lb_monitor_discovery_error(const lb_monitor* monitor, char* buf, size_t cap,
                                            size_t* size) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_MONITOR_H */
