/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: RLP encoding and strict zero-copy decoding
 * (https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/). Stateless;
 * thread-safe. Decoding rejects every non-canonical form (LB_EDECODE, the message names the offset). */
#ifndef LIQUIDBOT_LB_RLP_H
#define LIQUIDBOT_LB_RLP_H

#include <liquidbot/lb_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One decoded item: views into the caller's input, which must outlive it. */
typedef struct lb_rlp_item {
  uint8_t is_list;         /**< 1 for a list, 0 for a byte string */
  const uint8_t* payload;  /**< string bytes, or the list payload (the items' encodings) */
  size_t payload_len;
  size_t encoded_len;      /**< header + payload */
} lb_rlp_item;

/** Encodes a byte string. Out: buf/cap/size (NULL buf queries). Returns: LB_OK, LB_EBUFS, LB_EINVAL. */
LB_API lb_status lb_rlp_encode_bytes(uint8_t* buf, size_t cap, size_t* size, const uint8_t* data,
                                     size_t len) LB_NOEXCEPT;
/** Encodes an unsigned integer minimally (0 -> 0x80). Out: buf/cap/size. */
LB_API lb_status lb_rlp_encode_uint(uint8_t* buf, size_t cap, size_t* size,
                                    const lb_u256be* value) LB_NOEXCEPT;
/** Wraps a payload (concatenated item encodings, not checked) into a list.
 *  Out: buf/cap/size. In: payload/len. */
LB_API lb_status lb_rlp_encode_list(uint8_t* buf, size_t cap, size_t* size, const uint8_t* payload,
                                    size_t len) LB_NOEXCEPT;

/** Decodes data as exactly one item (trailing bytes are an error; children are not yet checked).
 *  Out: item. Returns: LB_OK, LB_EDECODE, LB_EINVAL. */
LB_API lb_status lb_rlp_decode(lb_rlp_item* item, const uint8_t* data, size_t len) LB_NOEXCEPT;
/** Decodes the one item at the start of data and leaves what follows: walk a list payload by
 *  advancing item->encoded_len bytes at a time. Out: item. */
LB_API lb_status lb_rlp_decode_prefix(lb_rlp_item* item, const uint8_t* data, size_t len) LB_NOEXCEPT;
/** Checks that data is exactly one item and that every nested item is canonical. */
LB_API lb_status lb_rlp_validate(const uint8_t* data, size_t len) LB_NOEXCEPT;
/** A string item holding a canonical integer (no leading zero, at most 32 bytes).
 *  Out: value. Returns: LB_OK, LB_EDECODE (list, leading zero), LB_EOVERFLOW (over 32 bytes),
 *  LB_EINVAL. */
LB_API lb_status lb_rlp_item_to_uint(lb_u256be* value, const lb_rlp_item* item) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_RLP_H */
