/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: signed messages, EIP-191 personal_sign (https://eips.ethereum.org/EIPS/eip-191)
 * and EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712). Stateless; thread-safe. */
#ifndef LIQUIDBOT_LB_MESSAGE_H
#define LIQUIDBOT_LB_MESSAGE_H

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_key.h>

#ifdef __cplusplus
extern "C" {
#endif

/** keccak256("\x19Ethereum Signed Message:\n" || len || message). Out: hash. */
LB_API lb_status lb_eip191_hash(lb_bytes32* hash, const uint8_t* message, size_t len) LB_NOEXCEPT;
/** personal_sign of a message. Out: signature. */
LB_API lb_status lb_eip191_sign(const lb_key* key, lb_signature* signature, const uint8_t* message,
                                size_t len) LB_NOEXCEPT;
/** Signer of an EIP-191 message. Returns: LB_OK, LB_ESIGNATURE. Out: address. */
LB_API lb_status lb_eip191_recover(lb_address* address, const uint8_t* message, size_t len,
                                   const lb_signature* signature) LB_NOEXCEPT;

/** Hash of an eth_signTypedData_v4 JSON document {"types","primaryType","domain","message"}.
 *  Returns: LB_OK, LB_EDECODE (not JSON), LB_EINVAL (types or message invalid: the message names
 *  the JSON path). Out: hash. */
LB_API lb_status lb_eip712_hash(lb_bytes32* hash, const char* json, size_t len) LB_NOEXCEPT;
/** Signature of lb_eip712_hash(json), as ethers Wallet.signTypedData. Out: signature. */
LB_API lb_status lb_eip712_sign(const lb_key* key, lb_signature* signature, const char* json,
                                size_t len) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_MESSAGE_H */
