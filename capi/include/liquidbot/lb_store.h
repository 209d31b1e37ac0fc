/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: the executor's persistent state in an embedded SQLite file (WAL mode, schema
 * migrations applied at open): enrolled positions, intents (one per trigger, with their lifecycle),
 * the transaction attempts sent for them, recorded interventions, and the next nonce per signer.
 *
 * lb_store: Thread-safety: not thread-safe; serialise every call on one store (nonce managers and
 * senders built on it count as users of it). Several processes may open the same file. */
#ifndef LIQUIDBOT_LB_STORE_H
#define LIQUIDBOT_LB_STORE_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_store lb_store;

/** Opens (creating when missing) the SQLite file at path (NUL-terminated; ":memory:" for a private
 *  in-memory store) and migrates it to the latest schema. Out: *store (lb_store_destroy).
 *  Returns: LB_OK, LB_EINVAL, LB_EIO, LB_EUNSUPPORTED (a file from a newer liquidbot). */
LB_API lb_status lb_store_open(lb_store** store, const char* path) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_store_destroy(lb_store* store) LB_NOEXCEPT;
/** The schema version after the migrations. Out: version. */
LB_API lb_status lb_store_schema_version(lb_store* store, uint32_t* version) LB_NOEXCEPT;

/* ---- enrolled positions ---- */

#define LB_STRATEGY_REPAY 1u
#define LB_STRATEGY_SUPPLY 2u
#define LB_STRATEGY_DELEVERAGE 4u
#define LB_STRATEGY_ALL 7u

typedef struct lb_enrollment {
  uint64_t chain_id;
  lb_address user;
  lb_u256be target_hf;     /**< WAD (1e18 = 1.0) */
  lb_u256be act_threshold; /**< WAD; act when HF < this */
  uint32_t strategies;     /**< LB_STRATEGY_* bits, non-zero */
  lb_u256be max_cost;      /**< per intervention, Aave base currency units; 0 = no cap */
  uint8_t active;          /**< 1 = enrolled, 0 = unenrolled */
  int64_t created_at_ms;   /**< set by the store (ignored by lb_store_enroll) */
} lb_enrollment;

/** Inserts or replaces the preferences of (chain_id, user), keeping the first created_at.
 *  Returns: LB_OK, LB_EINVAL (NULL, strategies 0 or outside LB_STRATEGY_ALL), LB_EIO. */
LB_API lb_status lb_store_enroll(lb_store* store, const lb_enrollment* enrollment) LB_NOEXCEPT;
/** Marks the position inactive. Returns: LB_OK, LB_ENOTFOUND (never enrolled), LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_unenroll(lb_store* store, uint64_t chain_id, const lb_address* user) LB_NOEXCEPT;
/** The enrollment of (chain_id, user), active or not. Out: enrollment.
 *  Returns: LB_OK, LB_ENOTFOUND, LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_get_enrollment(lb_store* store, lb_enrollment* enrollment, uint64_t chain_id,
                                         const lb_address* user) LB_NOEXCEPT;
/** Active enrollments of the chain, ordered by user address.
 *  Out: out/cap/count (entries; out NULL -> only *count; cap < *count -> LB_EBUFS with *count set).
 *  Returns: LB_OK, LB_EBUFS, LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_active_enrollments(lb_store* store, lb_enrollment* out, size_t cap, size_t* count,
                                             uint64_t chain_id) LB_NOEXCEPT;

/* ---- intents ---- */

/* Lifecycle: planned -> simulated -> sent -> included | replaced | failed | given_up; replaced goes
 * back to sent (a fee-bumped attempt) or to included. included, failed and given_up are final. */
#define LB_INTENT_PLANNED 0
#define LB_INTENT_SIMULATED 1
#define LB_INTENT_SENT 2
#define LB_INTENT_INCLUDED 3
#define LB_INTENT_REPLACED 4
#define LB_INTENT_FAILED 5
#define LB_INTENT_GIVEN_UP 6

/** Bytes of an intent id as text: "0x" + 64 hex digits + NUL. */
#define LB_INTENT_ID_SIZE 67

/** Stable name of an LB_INTENT_* state ("planned", ..., "given_up"); "unknown" otherwise. Never NULL. */
LB_API const char* lb_intent_state_name(int32_t state) LB_NOEXCEPT;

/** The intent id of a trigger: keccak256("liquidbot.intent/1" || chain_id (8 bytes BE) || user ||
 *  trigger) as 0x-hex. The same trigger always gives the same id, so it is acted on only once.
 *  Out: id (LB_INTENT_ID_SIZE bytes, NUL-terminated). In: trigger (NUL-terminated, e.g.
 *  "hf<act@block:123"). Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_intent_id(char* id, uint64_t chain_id, const lb_address* user, const char* trigger) LB_NOEXCEPT;

#define LB_INTENT_SPEC_VERSION 1

/** A new intent. Texts are NUL-terminated; NULL reads as "". */
typedef struct lb_intent_spec {
  uint32_t version;     /**< LB_INTENT_SPEC_VERSION */
  uint64_t chain_id;
  lb_address user;
  const char* trigger;  /**< non-empty: the monitor's stable identity of the event */
  const char* strategy; /**< "repay", "supply" or "deleverage" */
  lb_address signer;
  int32_t state;        /**< initial LB_INTENT_*, default LB_INTENT_PLANNED */
  uint8_t has_nonce;
  uint64_t nonce;
  const char* reason;   /**< note */
  const char* payload;  /**< free-form JSON of the plan */
} lb_intent_spec;

/** Fills spec with the defaults of `version` (all zero, state planned). Returns: LB_OK; LB_EUNSUPPORTED. */
LB_API lb_status lb_intent_spec_init(lb_intent_spec* spec, uint32_t version) LB_NOEXCEPT;

/** Inserts the intent with id lb_intent_id(chain_id, user, trigger). When that id exists already
 *  nothing changes and *created is 0 (the trigger was already acted on).
 *  Out: id (LB_INTENT_ID_SIZE bytes, may be NULL), created (may be NULL).
 *  Returns: LB_OK, LB_EINVAL (empty trigger, unknown strategy or state), LB_EUNSUPPORTED, LB_EIO. */
LB_API lb_status lb_store_create_intent(lb_store* store, char* id, int* created, const lb_intent_spec* spec) LB_NOEXCEPT;
/** The state of an intent. Out: state (LB_INTENT_*). Returns: LB_OK, LB_ENOTFOUND, LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_intent_state(lb_store* store, int32_t* state, const char* id) LB_NOEXCEPT;
/** The intent's reason (why it failed or was given up, or the last note).
 *  Out: buf/cap/size (text; NULL buf queries). Returns: LB_OK, LB_EBUFS, LB_ENOTFOUND, LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_intent_reason(lb_store* store, char* buf, size_t cap, size_t* size, const char* id) LB_NOEXCEPT;
/** Moves the intent to `to` when that is a legal lifecycle step, setting reason (NULL = "") and,
 *  when nonce is not NULL, the nonce. Returns: LB_OK, LB_ESTATE (illegal step), LB_ENOTFOUND,
 *  LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_transition_intent(lb_store* store, const char* id, int32_t to, const char* reason,
                                            const uint64_t* nonce) LB_NOEXCEPT;

/* ---- transaction attempts ---- */

/** One signed transaction sent for an intent (the first one and every replacement). */
typedef struct lb_tx_attempt {
  uint32_t attempt; /**< 0 for the first send, +1 per replacement */
  uint64_t nonce;
  lb_bytes32 tx_hash;
  lb_u256be max_fee_per_gas;
  lb_u256be max_priority_fee_per_gas;
  lb_u256be l1_fee_estimate;
  uint64_t gas_limit;
  int64_t sent_at_ms;
} lb_tx_attempt;

/** The attempts of an intent, in attempt order (none for an unknown id).
 *  Out: out/cap/count as lb_store_active_enrollments. Returns: LB_OK, LB_EBUFS, LB_EINVAL, LB_EIO. */
LB_API lb_status lb_store_attempts(lb_store* store, lb_tx_attempt* out, size_t cap, size_t* count,
                                   const char* intent_id) LB_NOEXCEPT;

/* ---- interventions ---- */

/** The outcome of an included protective transaction. */
typedef struct lb_intervention {
  char intent_id[LB_INTENT_ID_SIZE]; /**< NUL-terminated */
  uint64_t chain_id;
  lb_address user;
  uint32_t strategy; /**< one LB_STRATEGY_* bit */
  lb_bytes32 tx_hash;
  uint64_t block_number;
  uint8_t success;   /**< receipt status */
  lb_u256be hf_before; /**< WAD */
  lb_u256be hf_after;  /**< WAD */
  uint64_t gas_used;
  lb_u256be effective_gas_price;
  lb_u256be l1_fee;
  lb_u256be total_cost_wei;
  lb_u256be service_fee;  /**< in the fee asset's units */
  uint8_t has_service_fee_asset;
  lb_address service_fee_asset;
  int64_t recorded_at_ms; /**< set by the store (ignored by lb_store_record_intervention) */
} lb_intervention;

/** Records an intervention (its intent must exist). Returns: LB_OK, LB_EINVAL (unterminated
 *  intent_id, strategy not one bit), LB_EIO (e.g. unknown intent). */
LB_API lb_status lb_store_record_intervention(lb_store* store, const lb_intervention* intervention) LB_NOEXCEPT;
/** The interventions of a chain, oldest first. Out: out/cap/count as lb_store_active_enrollments.
 *  Returns: LB_OK, LB_EBUFS, LB_EINVAL, LB_EUNSUPPORTED (an entry that does not fit the struct:
 *  an intent id not made by lb_intent_id or an unknown strategy), LB_EIO. */
LB_API lb_status lb_store_interventions(lb_store* store, lb_intervention* out, size_t cap, size_t* count,
                                        uint64_t chain_id) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_STORE_H */
