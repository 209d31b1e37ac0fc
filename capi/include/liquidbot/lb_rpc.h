/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Ethereum JSON-RPC client over one or more HTTP endpoints (failover, chain id
 * check at creation).
 *
 * lb_rpc: an opaque client. Thread-safety: not thread-safe; use one client per thread, or
 * serialise every call on it (readers and monitors built on it count as users of it). */
#ifndef LIQUIDBOT_LB_RPC_H
#define LIQUIDBOT_LB_RPC_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_rpc lb_rpc;

#define LB_RPC_OPTIONS_VERSION 1

typedef struct lb_rpc_options {
  uint32_t version;               /**< LB_RPC_OPTIONS_VERSION */
  uint8_t has_expected_chain_id;  /**< 1: refuse endpoints reporting another eth_chainId */
  uint64_t expected_chain_id;
  uint32_t connect_timeout_ms;    /**< default 3000 */
  uint32_t total_timeout_ms;      /**< per attempt, default 10000 */
  uint32_t max_attempts;          /**< per request and endpoint, default 4 (1 = no retries) */
} lb_rpc_options;

/** Fills options with the defaults of `version`. Returns: LB_OK; LB_EUNSUPPORTED. */
LB_API lb_status lb_rpc_options_init(lb_rpc_options* options, uint32_t version) LB_NOEXCEPT;

/** Connects to urls/count endpoints (NUL-terminated "http://..."); with an expected chain id every
 *  endpoint is asked eth_chainId. options may be NULL. Out: *client (lb_rpc_destroy).
 *  Returns: LB_OK, LB_EINVAL, LB_EIO (unreachable), LB_ESTATE (wrong chain), LB_ETIMEOUT. */
LB_API lb_status lb_rpc_create(lb_rpc** client, const char* const* urls, size_t count,
                               const lb_rpc_options* options) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_rpc_destroy(lb_rpc* client) LB_NOEXCEPT;

/** Raw call: method and params (a JSON array text, e.g. "[\"latest\",false]"), both NUL-terminated.
 *  Out: *result_json, the "result" JSON text, library-allocated (lb_free).
 *  Returns: LB_OK; LB_ERPC when the node answered with an error (the message has its code, text
 *  and decoded revert); LB_EIO / LB_ETIMEOUT for transport failures; LB_EDECODE. */
LB_API lb_status lb_rpc_request(lb_rpc* client, char** result_json, const char* method,
                                const char* params_json) LB_NOEXCEPT;
/** eth_chainId. Out: chain_id. */
LB_API lb_status lb_rpc_chain_id(lb_rpc* client, uint64_t* chain_id) LB_NOEXCEPT;
/** eth_blockNumber. Out: block. */
LB_API lb_status lb_rpc_block_number(lb_rpc* client, uint64_t* block) LB_NOEXCEPT;
/** eth_call of data/len to `to` at `block` (0 = latest).
 *  Out: *result / *result_len, library-allocated (lb_free; NULL when empty). Returns also LB_ERPC
 *  for a revert (the message has the decoded reason). */
LB_API lb_status lb_rpc_call(lb_rpc* client, uint8_t** result, size_t* result_len, const lb_address* to,
                             const uint8_t* data, size_t len, uint64_t block) LB_NOEXCEPT;
/** eth_getTransactionCount(account, "pending"). Out: nonce. */
LB_API lb_status lb_rpc_pending_nonce(lb_rpc* client, uint64_t* nonce, const lb_address* account) LB_NOEXCEPT;
/** eth_sendRawTransaction. Out: hash. Returns also LB_ERPC with the node's classified error. */
LB_API lb_status lb_rpc_send_raw_transaction(lb_rpc* client, lb_bytes32* hash, const uint8_t* raw,
                                             size_t len) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_RPC_H */
