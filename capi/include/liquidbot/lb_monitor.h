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

#define LB_MONITOR_OPTIONS_VERSION 1

typedef struct lb_monitor_options {
  uint32_t version;               /**< LB_MONITOR_OPTIONS_VERSION */
  lb_u256be alert_hf;             /**< WAD, default 1.10 */
  lb_u256be act_hf;               /**< WAD, default 1.05 */
  lb_u256be target_hf;            /**< WAD, default 1.30 */
  uint64_t sweep_every_blocks;    /**< healthy users are re-read this often, default 10 */
  uint64_t discover_every_blocks; /**< Borrow-event scan period, default 300 */
  uint64_t log_range;             /**< eth_getLogs window, default 2000 */
  uint64_t events_from_block;     /**< first block of the event scan, default 0 */
} lb_monitor_options;

/** Fills options with the defaults of `version`. Returns: LB_OK; LB_EUNSUPPORTED. */
LB_API lb_status lb_monitor_options_init(lb_monitor_options* options, uint32_t version) LB_NOEXCEPT;

/** A monitor over client and reader (borrowers come from lb_monitor_add_borrowers and Borrow
 *  events). options may be NULL. Out: *monitor (lb_monitor_destroy).
 *  Returns: LB_OK, LB_EINVAL (invalid thresholds or periods). */
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

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_MONITOR_H */
