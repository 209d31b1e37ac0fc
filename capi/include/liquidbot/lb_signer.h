/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: transaction signers: a local key (hex text, an environment variable, or an
 * encrypted v3 keystore file), or a remote signer that answers eth_signTransaction (a node with an
 * unlocked account, Clef, a signing service). Key material never appears in messages.
 *
 * lb_signer: Thread-safety: lb_signer_address and lb_signer_kind may run concurrently;
 * lb_signer_sign_tx needs exclusive use of the signer (and of the transaction; for a remote signer
 * over an lb_rpc also of that client). */
#ifndef LIQUIDBOT_LB_SIGNER_H
#define LIQUIDBOT_LB_SIGNER_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_rpc.h>
#include <liquidbot/lb_tx.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_signer lb_signer;

/** From 64 hex digits (optional 0x, surrounding whitespace ignored). Out: *signer. */
LB_API lb_status lb_signer_create_from_hex(lb_signer** signer, const char* hex, size_t len) LB_NOEXCEPT;
/** From an environment variable (NUL-terminated name; NULL = WALLET_PRIVATE_KEY).
 *  Returns: LB_OK, LB_ENOTFOUND when unset or empty, LB_EINVAL. */
LB_API lb_status lb_signer_create_from_env(lb_signer** signer, const char* variable) LB_NOEXCEPT;
/** From a v3 keystore file (path NUL-terminated) and its password.
 *  Returns: LB_OK, LB_EIO, LB_EDECODE, LB_ESIGNATURE (wrong password), LB_EUNSUPPORTED. */
LB_API lb_status lb_signer_create_from_keystore(lb_signer** signer, const char* path, const char* password,
                                                size_t password_len) LB_NOEXCEPT;
/** A remote signer for `address` over `client`, which must outlive the signer. Every signature is
 *  checked: the node's answer (raw hex, or geth's {raw, tx}) must decode to the same transaction,
 *  field by field, signed by `address`; otherwise lb_signer_sign_tx fails with LB_ESIGNATURE.
 *  Out: *signer. Returns: LB_OK, LB_EINVAL. */
LB_API lb_status lb_signer_create_remote(lb_signer** signer, lb_rpc* client, const lb_address* address) LB_NOEXCEPT;
/** A remote signer for `address` at `url` (NUL-terminated "http://..."), over a client the signer
 *  owns. options may be NULL (defaults); with an expected chain id the endpoint is asked
 *  eth_chainId now. Out: *signer. Returns: LB_OK, LB_EINVAL, LB_EUNSUPPORTED (options version),
 *  LB_EIO, LB_ETIMEOUT, LB_ESTATE (wrong chain). */
LB_API lb_status lb_signer_create_remote_url(lb_signer** signer, const char* url, const lb_address* address,
                                             const lb_rpc_options* options) LB_NOEXCEPT;
/** NULL is a no-op. */
LB_API void lb_signer_destroy(lb_signer* signer) LB_NOEXCEPT;
/** The signer's address. Out: address. */
LB_API lb_status lb_signer_address(const lb_signer* signer, lb_address* address) LB_NOEXCEPT;
/** "local", "keystore" or "remote" (a static string); "" for a NULL signer. Never NULL. */
LB_API const char* lb_signer_kind(const lb_signer* signer) LB_NOEXCEPT;
/** Signs tx in place. Returns: LB_OK, LB_EINVAL (invalid transaction); a remote signer also
 *  LB_ERPC (the node refused), LB_EIO / LB_ETIMEOUT, LB_ESIGNATURE (an answer that is not tx signed
 *  by the signer's address). */
LB_API lb_status lb_signer_sign_tx(lb_signer* signer, lb_tx* tx) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_SIGNER_H */
