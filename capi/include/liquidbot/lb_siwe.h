/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Sign-In with Ethereum (EIP-4361, https://eips.ethereum.org/EIPS/eip-4361)
 * verification. Stateless; thread-safe. */
#ifndef LIQUIDBOT_LB_SIWE_H
#define LIQUIDBOT_LB_SIWE_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LB_SIWE_VERIFY_OPTIONS_VERSION 1

/** What the relying party expects; NULL strings and has_* = 0 fields are not checked. */
typedef struct lb_siwe_verify_options {
  uint32_t version;        /**< LB_SIWE_VERIFY_OPTIONS_VERSION */
  const char* domain;      /**< NUL-terminated, or NULL */
  const char* nonce;       /**< NUL-terminated, or NULL */
  const char* scheme;      /**< NUL-terminated, or NULL */
  uint8_t has_address;
  lb_address address;
  uint8_t has_chain_id;
  uint64_t chain_id;
  uint8_t has_time;        /**< 0: check the time window against the system clock */
  int64_t time_seconds;    /**< Unix seconds the message must be valid at */
} lb_siwe_verify_options;

/** Fills options with the defaults of `version` (nothing checked, system clock).
 *  Returns: LB_OK; LB_EUNSUPPORTED for a version this library does not know. */
LB_API lb_status lb_siwe_verify_options_init(lb_siwe_verify_options* options, uint32_t version) LB_NOEXCEPT;

/** Verifies a sign-in: the text parses strictly as EIP-4361, matches options, is inside its time
 *  window, and signature is an EIP-191 signature of the text by the message's address.
 *  options may be NULL (defaults). Returns: LB_OK; LB_EINVAL (malformed message: the message names
 *  the line), LB_ESTATE (field mismatch or outside the time window), LB_ESIGNATURE (wrong signer). */
LB_API lb_status lb_siwe_verify(const char* message, size_t len, const lb_signature* signature,
                                const lb_siwe_verify_options* options) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_SIWE_H */
