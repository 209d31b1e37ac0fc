/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Ethereum transactions: legacy (EIP-155), EIP-2930 and EIP-1559. Build, sign,
 * serialize (EIP-2718 envelope), hash and strictly decode.
 *
 * lb_tx: an opaque transaction. Thread-safety: const functions may run concurrently; any call that
 * changes it (lb_tx_sign, lb_tx_add_access_entry) needs exclusive use. */
#ifndef LIQUIDBOT_LB_TX_H
#define LIQUIDBOT_LB_TX_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_key.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_tx lb_tx;

#define LB_TX_LEGACY 0      /**< https://eips.ethereum.org/EIPS/eip-155 */
#define LB_TX_ACCESS_LIST 1 /**< https://eips.ethereum.org/EIPS/eip-2930 */
#define LB_TX_DYNAMIC_FEE 2 /**< https://eips.ethereum.org/EIPS/eip-1559 */

#define LB_TX_PARAMS_VERSION 1

/** The fields of a transaction. Fields the type does not have must stay zero (gas_price for
 *  EIP-1559, the fee caps for legacy and EIP-2930). */
typedef struct lb_tx_params {
  uint32_t version;            /**< LB_TX_PARAMS_VERSION */
  uint8_t type;                /**< LB_TX_* */
  uint64_t chain_id;           /**< legacy: 0 = before EIP-155 */
  uint64_t nonce;
  lb_u256be gas_price;
  lb_u256be max_priority_fee_per_gas;
  lb_u256be max_fee_per_gas;
  uint64_t gas_limit;
  uint8_t has_to;              /**< 0: contract creation */
  lb_address to;
  lb_u256be value;
  const uint8_t* data;         /**< calldata (copied by lb_tx_create; NULL when data_len is 0) */
  size_t data_len;
} lb_tx_params;

/** Zeroes params and sets version and type LB_TX_DYNAMIC_FEE.
 *  Returns: LB_OK; LB_EUNSUPPORTED for an unknown version. */
LB_API lb_status lb_tx_params_init(lb_tx_params* params, uint32_t version) LB_NOEXCEPT;

/** An unsigned transaction from params (checked: type, field use, max fee >= priority fee).
 *  Out: *tx (destroy with lb_tx_destroy). Returns: LB_OK, LB_EINVAL, LB_EUNSUPPORTED, LB_ENOMEM. */
LB_API lb_status lb_tx_create(lb_tx** tx, const lb_tx_params* params) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_tx_destroy(lb_tx* tx) LB_NOEXCEPT;

/** Appends an access-list entry (EIP-2930 and EIP-1559 only; clears a signature).
 *  In: address, storage_keys/count. Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_tx_add_access_entry(lb_tx* tx, const lb_address* address,
                                        const lb_bytes32* storage_keys, size_t count) LB_NOEXCEPT;

/** The fields. params->data points into the transaction (valid while it lives, unchanged).
 *  Out: params (its version must be set by the caller, e.g. by lb_tx_params_init). */
LB_API lb_status lb_tx_get_params(const lb_tx* tx, lb_tx_params* params) LB_NOEXCEPT;

/** keccak256 of the signing payload. Returns: LB_OK, LB_EINVAL (invalid fields). Out: hash. */
LB_API lb_status lb_tx_signing_hash(const lb_tx* tx, lb_bytes32* hash) LB_NOEXCEPT;
/** Signs in place with key (RFC 6979, low S). Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_tx_sign(lb_tx* tx, const lb_key* key) LB_NOEXCEPT;
/** The signature. Returns: LB_OK, LB_ESTATE when unsigned. Out: signature. */
LB_API lb_status lb_tx_get_signature(const lb_tx* tx, lb_signature* signature) LB_NOEXCEPT;

/** The signed raw transaction as eth_sendRawTransaction takes it.
 *  Out: buf/cap/size (NULL buf queries). Returns: LB_OK, LB_EBUFS, LB_ESTATE when unsigned. */
LB_API lb_status lb_tx_encode(const lb_tx* tx, uint8_t* buf, size_t cap, size_t* size) LB_NOEXCEPT;
/** keccak256 of the signed raw transaction. Returns: LB_OK, LB_ESTATE when unsigned. Out: hash. */
LB_API lb_status lb_tx_hash(const lb_tx* tx, lb_bytes32* hash) LB_NOEXCEPT;
/** Sender recovered from the signature. Returns: LB_OK, LB_ESTATE when unsigned. Out: from. */
LB_API lb_status lb_tx_sender(const lb_tx* tx, lb_address* from) LB_NOEXCEPT;

/** Strictly decodes a signed raw transaction (typed envelope or legacy) and recovers its sender.
 *  Out: *tx (signed; destroy with lb_tx_destroy). Returns: LB_OK, LB_EDECODE, LB_ESIGNATURE. */
LB_API lb_status lb_tx_decode(lb_tx** tx, const uint8_t* raw, size_t len) LB_NOEXCEPT;

/** One-line JSON of a signed transaction (keys: type, chainId, nonce, fees, gasLimit, to, value,
 *  data, accessList, v, yParity, r, s, from, hash; integers as decimal strings).
 *  Out: *json, library-allocated, free with lb_free. Returns: LB_OK, LB_ESTATE when unsigned. */
LB_API lb_status lb_tx_to_json(const lb_tx* tx, char** json) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_TX_H */
