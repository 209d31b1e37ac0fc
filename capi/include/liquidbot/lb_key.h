/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: secp256k1 private keys and recoverable signatures (libsecp256k1, RFC 6979, low S).
 *
 * lb_key: an opaque private key; its bytes are wiped on lb_key_destroy and never appear in
 * messages. Thread-safety: immutable after creation, so one key may be used from many threads at
 * once; destroy it only when no other call uses it. */
#ifndef LIQUIDBOT_LB_KEY_H
#define LIQUIDBOT_LB_KEY_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_key lb_key;

/** From 32 secret bytes in [1, n-1]. Out: *key (destroy with lb_key_destroy).
 *  Returns: LB_OK, LB_EINVAL (NULL, or not in [1, n-1]), LB_ENOMEM. */
LB_API lb_status lb_key_create(lb_key** key, const lb_bytes32* secret) LB_NOEXCEPT;
/** From 64 hex digits with an optional 0x prefix (the message never echoes the text). */
LB_API lb_status lb_key_create_from_hex(lb_key** key, const char* hex, size_t len) LB_NOEXCEPT;
/** Wipes and frees a key. NULL is a no-op. */
LB_API void lb_key_destroy(lb_key* key) LB_NOEXCEPT;

/** The key's address. Out: address. */
LB_API lb_status lb_key_address(const lb_key* key, lb_address* address) LB_NOEXCEPT;
/** Signs a 32-byte digest (RFC 6979, low S). Out: signature. */
LB_API lb_status lb_key_sign_digest(const lb_key* key, lb_signature* signature,
                                    const lb_bytes32* digest) LB_NOEXCEPT;

/** Address whose key produced signature over digest.
 *  Returns: LB_OK, LB_ESIGNATURE when it does not recover. Out: address. */
LB_API lb_status lb_recover_address(lb_address* address, const lb_bytes32* digest,
                                    const lb_signature* signature) LB_NOEXCEPT;

/** 65-byte r || s || v form (v = 27 + y_parity), as personal_sign returns it. Out: out[65]. */
LB_API lb_status lb_signature_to_bytes65(uint8_t out[65], const lb_signature* signature) LB_NOEXCEPT;
/** From 65 bytes r || s || v with v in {0, 1, 27, 28}; rejects high S and r or s of 0 or >= n.
 *  Returns: LB_OK, LB_ESIGNATURE, LB_EINVAL. Out: signature. */
LB_API lb_status lb_signature_from_bytes65(lb_signature* signature, const uint8_t bytes[65]) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_KEY_H */
