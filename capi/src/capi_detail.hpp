// SPDX-License-Identifier: MIT
// Internals of the C ABI shims: the guard that turns every exception and Error into a status plus
// the thread-local message, argument checks, and copying results into caller buffers.
#pragma once

#include <liquidbot/lb_common.h>

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace liquidbot::detail {

/// Records `message` as this thread's last error (prefixed by the function name) and returns status.
lb_status capi_fail(const char* function, lb_status status, std::string_view message) noexcept;
/// Maps an Error to its status and records its message.
lb_status capi_error(const char* function, const Error& error) noexcept;
/// Clears the thread's last error; returns LB_OK.
lb_status capi_ok() noexcept;
/// Classifies the exception in flight (call only inside a catch block).
lb_status capi_exception(const char* function) noexcept;
/// Status of an Errc (negated, as lb_common.h documents).
lb_status capi_status(Errc code) noexcept;

/// Runs body; exceptions become statuses. body returns lb_status.
template <typename Body>
lb_status capi_guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return capi_exception(function);
  }
}

/// Copies bytes into (buf, cap), reporting the size; LB_EBUFS when buf is set and too small.
lb_status capi_copy_bytes(const char* function, std::uint8_t* buf, std::size_t cap, std::size_t* size,
                          ByteView bytes) noexcept;
/// Copies text plus a NUL into (buf, cap); the size counts the NUL.
lb_status capi_copy_text(const char* function, char* buf, std::size_t cap, std::size_t* size,
                         std::string_view text) noexcept;
/// Array outputs (out, cap, count): sets *count = n; LB_EBUFS (with the message) when the caller
/// passed an array (has_out) with cap < n, else LB_OK (the caller then fills the array if has_out).
lb_status capi_list_room(const char* function, bool has_out, std::size_t cap, std::size_t* count,
                         std::size_t n) noexcept;
/// malloc'ed NUL-terminated copy for char** outputs (freed by lb_free).
lb_status capi_alloc_text(const char* function, char** out, std::string_view text) noexcept;

/// A JSON string literal (quotes and escapes) appended to out.
void json_append_string(std::string& out, std::string_view text);

inline u256 to_u256(const lb_u256be& value) noexcept { return u256::from_be32(value.bytes); }
inline lb_u256be from_u256(const u256& value) noexcept {
  lb_u256be out;
  value.to_be32(out.bytes);
  return out;
}
inline Address to_address(const lb_address& value) noexcept {
  return Address::from_view(ByteView(value.bytes, 20));
}
inline lb_address from_address(const Address& value) noexcept {
  lb_address out;
  for (std::size_t i = 0; i < 20; ++i) out.bytes[i] = value.bytes[i];
  return out;
}
Signature to_signature(const lb_signature& value) noexcept;
/// Block 0 means latest.
rpc::BlockTag block_tag(std::uint64_t block) noexcept;
lb_signature from_signature(const Signature& value) noexcept;

}  // namespace liquidbot::detail

/// Body of every exported function: `LB_CAPI_BEGIN ... LB_CAPI_END` runs the statements under the
/// guard with `lb_fn` naming the function for messages.
#define LB_CAPI_BEGIN                     \
  const char* const lb_fn = __func__;     \
  return ::liquidbot::detail::capi_guard(lb_fn, [&]() -> lb_status {
#define LB_CAPI_END \
  });

/// Returns LB_EINVAL naming the argument when cond is false.
#define LB_CHECK_ARG(cond, what) \
  if (!(cond)) return ::liquidbot::detail::capi_fail(lb_fn, LB_EINVAL, what)

/// Returns LB_EINVAL when pointer is NULL.
#define LB_CHECK_NOT_NULL(pointer) LB_CHECK_ARG((pointer) != nullptr, #pointer " must not be NULL")

/// Returns the mapped status when a Result/Status failed.
#define LB_CHECK_RESULT(result) \
  if (!(result).ok()) return ::liquidbot::detail::capi_error(lb_fn, (result).error())
