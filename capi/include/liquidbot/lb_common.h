/* SPDX-License-Identifier: MIT
 * liquidbot C ABI: export macro, status codes, value types, the thread-local error message and
 * lb_free. Every other lb_*.h includes this header; see liquidbot.h for the conventions. */
#ifndef LIQUIDBOT_LB_COMMON_H
#define LIQUIDBOT_LB_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(LB_BUILDING_CAPI)
#define LB_API __declspec(dllexport)
#else
#define LB_API __declspec(dllimport)
#endif
#else
#define LB_API __attribute__((visibility("default")))
#endif

#if defined(__cplusplus)
#define LB_NOEXCEPT noexcept
#else
#define LB_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every fallible call: LB_OK or a negative error code. */
typedef int32_t lb_status;

/* The values -1 .. -13 mirror liquidbot::Errc (negated), so C and C++ callers branch alike. */
#define LB_OK 0
#define LB_EINVAL (-1)        /**< malformed input or API misuse (NULL argument, bad length) */
#define LB_EOVERFLOW (-2)     /**< a value does not fit */
#define LB_EDIVZERO (-3)      /**< division by zero */
#define LB_EDECODE (-4)       /**< structurally invalid encoded data (RLP, ABI, transaction, JSON) */
#define LB_ESIGNATURE (-5)    /**< invalid signature or key, or recovery failure */
#define LB_ENOTFOUND (-6)     /**< something looked up does not exist */
#define LB_EUNSUPPORTED (-7)  /**< valid input this build does not handle */
#define LB_EIO (-8)           /**< file or network failure */
#define LB_ERPC (-9)          /**< the node answered with an error */
#define LB_ETIMEOUT (-10)     /**< timed out */
#define LB_ESTATE (-11)       /**< call not valid in the object's current state */
#define LB_EUNREACHABLE (-12) /**< a protection target cannot be met with the given means */
#define LB_EINTERNAL (-13)    /**< a bug in liquidbot: please report the message */
#define LB_EBUFS (-14)        /**< caller's output buffer too small; the required size is reported */
#define LB_ENOMEM (-15)       /**< out of memory */

/** A uint256 as 32 big-endian bytes. */
typedef struct lb_u256be {
  uint8_t bytes[32];
} lb_u256be;

/** A 20-byte Ethereum address. */
typedef struct lb_address {
  uint8_t bytes[20];
} lb_address;

/** 32 bytes: a hash, a storage key, a private key. */
typedef struct lb_bytes32 {
  uint8_t bytes[32];
} lb_bytes32;

/** Recoverable ECDSA signature (low S): r, s and the recovery id y_parity (0 or 1). */
typedef struct lb_signature {
  uint8_t r[32];
  uint8_t s[32];
  uint8_t y_parity;
} lb_signature;

/** The message of the last failed liquidbot call on this thread ("" after a successful call).
 *  Returns: a NUL-terminated string owned by the library, valid until the next liquidbot call on
 *  the same thread. Never NULL. */
LB_API const char* lb_last_error_message(void) LB_NOEXCEPT;

/** Stable lowercase name of a status code ("ok", "invalid_argument", "buffer_too_small", ...);
 *  "unknown" for values that are not status codes. Never NULL. */
LB_API const char* lb_status_name(lb_status status) LB_NOEXCEPT;

/** Frees memory the library allocated and handed to the caller (text results). NULL is a no-op. */
LB_API void lb_free(void* pointer) LB_NOEXCEPT;

/** Parses a uint256 from decimal text, or hex with a 0x prefix.
 *  Returns: LB_OK; LB_EINVAL for junk or NULL arguments; LB_EOVERFLOW past 2^256-1.
 *  Out: out. In: text/len (text need not be NUL-terminated). */
LB_API lb_status lb_u256_parse(lb_u256be* out, const char* text, size_t len) LB_NOEXCEPT;

/** Formats a uint256 as decimal text (NUL-terminated).
 *  Out: buf/cap (NULL buf or too small cap -> only *size is set), size = bytes needed including
 *  the NUL. Returns: LB_OK, LB_EBUFS when buf is non-NULL and too small, LB_EINVAL.
 *  In: value. */
LB_API lb_status lb_u256_to_dec(char* buf, size_t cap, size_t* size, const lb_u256be* value) LB_NOEXCEPT;

/** From a uint64 (convenience for small amounts and test code). Out: out. */
LB_API lb_status lb_u256_from_u64(lb_u256be* out, uint64_t value) LB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDBOT_LB_COMMON_H */
