/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: Solidity ABI encoding and decoding from a signature and text arguments
 * (https://docs.soliditylang.org/en/latest/abi-spec.html). Stateless; thread-safe. */
#ifndef LIQUIDBOT_LB_ABI_H
#define LIQUIDBOT_LB_ABI_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Encodes a call: selector || ABI-encoded arguments.
 *  signature: NUL-terminated, e.g. "repay(address,uint256,uint256,address)" (names, outputs and
 *  "returns" are allowed). args: nargs NUL-terminated texts written the way `cast` takes them:
 *  integers in decimal or 0x-hex (intN also "-5"), addresses, true/false, 0x-hex bytes, strings
 *  as-is, arrays "[a, b]", tuples "(a, b)".
 *  Out: buf/cap/size (size = bytes needed; NULL buf queries). Returns: LB_OK, LB_EBUFS, LB_EINVAL
 *  (bad signature, wrong argument count, an argument that does not parse: the message names it),
 *  LB_EOVERFLOW. */
LB_API lb_status lb_abi_encode_call(uint8_t* buf, size_t cap, size_t* size, const char* signature,
                                    const char* const* args, size_t nargs) LB_NOEXCEPT;

/** Decodes calldata (selector checked against the signature) into its input values.
 *  Out: *json = library-allocated NUL-terminated JSON array of strings, one per input, each value
 *  printed as `cast` prints it (integers decimal, addresses EIP-55, bytes 0x-hex, arrays "[a, b]",
 *  tuples "(a, b)"); free it with lb_free. Returns: LB_OK, LB_EINVAL, LB_EDECODE. */
LB_API lb_status lb_abi_decode_call(char** json, const char* signature, const uint8_t* calldata,
                                    size_t len) LB_NOEXCEPT;

/** Decodes return data against the signature's outputs ("balanceOf(address)(uint256)").
 *  Out: *json as for lb_abi_decode_call. Returns: LB_OK, LB_EINVAL, LB_EDECODE. */
LB_API lb_status lb_abi_decode_output(char** json, const char* signature, const uint8_t* data,
                                      size_t len) LB_NOEXCEPT;

/** Decodes revert data (Error(string), Panic(uint256), empty, unknown selector) to one line such as
 *  `Error("msg")` or `Panic(0x11: arithmetic overflow or underflow)`.
 *  Out: *text, library-allocated, free with lb_free. Returns: LB_OK, LB_EINVAL, LB_EDECODE. */
LB_API lb_status lb_abi_decode_revert(char** text, const uint8_t* data, size_t len) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_ABI_H */
