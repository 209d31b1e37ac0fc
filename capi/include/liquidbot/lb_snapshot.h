/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Aave V3 snapshots ("liquidbot.snapshot/1"): load, evaluate exactly as
 * Pool.getUserAccountData, size protective actions, liquidation prices and price shocks.
 * Health factors and targets are WAD (1e18 = 1.0) as lb_u256be.
 *
 * lb_snapshot: an opaque, immutable snapshot. Thread-safety: every function takes it const, so one
 * snapshot may be used from many threads at once; destroy it only when no other call uses it. */
#ifndef LIQUIDBOT_LB_SNAPSHOT_H
#define LIQUIDBOT_LB_SNAPSHOT_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_snapshot lb_snapshot;

/** The six outputs of Pool.getUserAccountData. */
typedef struct lb_account_data {
  lb_u256be total_collateral_base;
  lb_u256be total_debt_base;
  lb_u256be available_borrows_base;
  lb_u256be current_liquidation_threshold; /**< bps */
  lb_u256be ltv;                           /**< bps */
  lb_u256be health_factor;                 /**< WAD; 2^256-1 with no debt */
} lb_account_data;

/** Parses and validates snapshot JSON. Out: *snapshot (destroy with lb_snapshot_destroy).
 *  Returns: LB_OK, LB_EDECODE (not JSON), LB_EINVAL (the message names the field), LB_ENOMEM. */
LB_API lb_status lb_snapshot_load_json(lb_snapshot** snapshot, const char* json, size_t len) LB_NOEXCEPT;
/** The same from a file (path NUL-terminated). Returns also LB_EIO. */
LB_API lb_status lb_snapshot_load_file(lb_snapshot** snapshot, const char* path) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_snapshot_destroy(lb_snapshot* snapshot) LB_NOEXCEPT;

/** The documented JSON form. Out: *json, library-allocated, free with lb_free. */
LB_API lb_status lb_snapshot_to_json(const lb_snapshot* snapshot, char** json) LB_NOEXCEPT;
/** The snapshot's user and block timestamp. Out: user and/or timestamp (either may be NULL). */
LB_API lb_status lb_snapshot_user(const lb_snapshot* snapshot, lb_address* user,
                                  uint64_t* timestamp) LB_NOEXCEPT;

/** getUserAccountData at the snapshot's timestamp. Returns: LB_OK, LB_EOVERFLOW / LB_EDIVZERO where
 *  the chain would revert. Out: data. */
LB_API lb_status lb_snapshot_evaluate(const lb_snapshot* snapshot, lb_account_data* data) LB_NOEXCEPT;

#define LB_PLAN_OPTIONS_VERSION 1

/** Options of the sizing functions. */
typedef struct lb_plan_options {
  uint32_t version;        /**< LB_PLAN_OPTIONS_VERSION */
  uint64_t delay_seconds;  /**< evaluate at snapshot timestamp + delay (interest accrues) */
  uint8_t has_max_amount;  /**< 1: cap the amount at max_amount (e.g. the payer's balance) */
  lb_u256be max_amount;
} lb_plan_options;

/** Fills options with the defaults of `version` (no delay, no cap).
 *  Returns: LB_OK; LB_EUNSUPPORTED for an unknown version. */
LB_API lb_status lb_plan_options_init(lb_plan_options* options, uint32_t version) LB_NOEXCEPT;

/** One amount of one asset and the account before and after the action. */
typedef struct lb_plan {
  lb_u256be amount;  /**< token units */
  lb_account_data before;
  lb_account_data after;
} lb_plan;

/** Smallest repay of debt_asset reaching HF >= target_hf (0 when it already holds).
 *  options may be NULL. Returns: LB_OK, LB_EUNREACHABLE, LB_ENOTFOUND, LB_EINVAL. Out: plan. */
LB_API lb_status lb_snapshot_plan_repay(const lb_snapshot* snapshot, lb_plan* plan,
                                        const lb_address* debt_asset, const lb_u256be* target_hf,
                                        const lb_plan_options* options) LB_NOEXCEPT;
/** Smallest supply of asset on behalf of the user reaching HF >= target_hf. LB_EUNREACHABLE when
 *  the supply would not count as collateral or the supply cap leaves too little room (the message
 *  says why). Out: plan. */
LB_API lb_status lb_snapshot_plan_supply(const lb_snapshot* snapshot, lb_plan* plan,
                                         const lb_address* asset, const lb_u256be* target_hf,
                                         const lb_plan_options* options) LB_NOEXCEPT;
/** The most a supply of asset may add under the reserve's supply cap at the snapshot's timestamp
 *  plus delay_seconds (validateSupply after the reserve's update accrues the treasury's share).
 *  Out: *has_cap (0: no cap, and *headroom is 0) and *headroom (token units).
 *  Returns: LB_OK, LB_ENOTFOUND, LB_EINVAL (also when a cap is set but the snapshot has no
 *  `totals` for the reserve). */
LB_API lb_status lb_snapshot_supply_cap_headroom(const lb_snapshot* snapshot, uint8_t* has_cap,
                                                 lb_u256be* headroom, const lb_address* asset,
                                                 uint64_t delay_seconds) LB_NOEXCEPT;
/** Largest withdrawal of asset keeping HF >= min_hf, capped by the balance. Out: plan. */
LB_API lb_status lb_snapshot_max_safe_withdrawal(const lb_snapshot* snapshot, lb_plan* plan,
                                                 const lb_address* asset, const lb_u256be* min_hf,
                                                 const lb_plan_options* options) LB_NOEXCEPT;

/** Liquidation price of one asset with everything else fixed. */
typedef struct lb_liquidation_price {
  lb_u256be current_price;
  uint8_t has_price;   /**< 0: no price of this asset alone makes HF < 1 */
  lb_u256be price;     /**< highest oracle price with HF < 1 (when has_price) */
  lb_account_data at_price;
} lb_liquidation_price;

/** Returns: LB_OK, LB_ENOTFOUND, LB_EINVAL (no collateral or debt in the asset). Out: result. */
LB_API lb_status lb_snapshot_liquidation_price(const lb_snapshot* snapshot, lb_liquidation_price* result,
                                               const lb_address* asset) LB_NOEXCEPT;

/** One asset's relative price change in parts per billion (-125000000 = -12.5%), >= -1e9. */
typedef struct lb_price_change {
  lb_address asset;
  int64_t change_ppb;
} lb_price_change;

/** Account data after applying the price changes (new prices floor).
 *  In: changes/count (count may be 0). Returns: LB_OK, LB_ENOTFOUND, LB_EINVAL. Out: data. */
LB_API lb_status lb_snapshot_shock(const lb_snapshot* snapshot, lb_account_data* data,
                                   const lb_price_change* changes, size_t count) LB_NOEXCEPT;

/** Smallest uniform drop (ppb) of every collateral price that makes HF < 1 (0 when already
 *  liquidatable). Returns: LB_OK, LB_EUNREACHABLE (no debt, or HF >= 1 even at -100%).
 *  Out: drop_ppb, at_drop (may be NULL). */
LB_API lb_status lb_snapshot_min_collateral_drop(const lb_snapshot* snapshot, int64_t* drop_ppb,
                                                 lb_account_data* at_drop) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_SNAPSHOT_H */
