/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Keccak-256 and addresses (EIP-55). Stateless; thread-safe. */
#ifndef LIQUIDBOT_LB_HASH_H
#define LIQUIDBOT_LB_HASH_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Keccak-256 (Ethereum's pre-standard padding) of data/len.
 *  Returns: LB_OK; LB_EINVAL when out is NULL or data is NULL with len > 0. Out: out. */
LB_API lb_status lb_keccak256(lb_bytes32* out, const uint8_t* data, size_t len) LB_NOEXCEPT;

/** The 4-byte function selector of a signature text, keccak256(text)[0..4]; the text is used as
 *  given (canonical form expected, e.g. "transfer(address,uint256)"). Out: out[4]. */
LB_API lb_status lb_selector(uint8_t out[4], const char* signature, size_t len) LB_NOEXCEPT;

/** Parses "0x" + 40 hex digits; mixed case must carry a valid EIP-55 checksum.
 *  Returns: LB_OK; LB_EINVAL for bad length, digits or checksum. Out: out. */
LB_API lb_status lb_address_parse(lb_address* out, const char* text, size_t len) LB_NOEXCEPT;

/** EIP-55 checksummed text of an address: "0x" + 40 digits + NUL, exactly 43 bytes.
 *  Out: out[43]. In: address. */
LB_API lb_status lb_address_to_checksum(char out[43], const lb_address* address) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_HASH_H */
