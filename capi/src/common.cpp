// SPDX-License-Identifier: MIT
// C ABI: error state, status names, lb_free, u256 text and version queries.
#include "capi_detail.hpp"

#include <liquidbot/lb_common.h>
#include <liquidbot/lb_version.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

namespace liquidbot::detail {
namespace {

/// The thread's last error. `view` points at `text`, or at a static string when recording failed.
struct LastError {
  std::string text;
  const char* view = "";
};
thread_local LastError t_last_error;

}  // namespace

lb_status capi_fail(const char* function, lb_status status, std::string_view message) noexcept {
  LastError& last = t_last_error;
  try {
    last.text.assign(function);
    last.text.append(": ");
    last.text.append(message);
    last.view = last.text.c_str();
  } catch (...) {
    last.view = "out of memory while recording an error message";
  }
  return status;
}

lb_status capi_status(Errc code) noexcept {
  const auto value = static_cast<std::int32_t>(code);
  if (value <= 0 || value > static_cast<std::int32_t>(Errc::internal)) return LB_EINTERNAL;
  return -value;
}

lb_status capi_error(const char* function, const Error& error) noexcept {
  return capi_fail(function, capi_status(error.code), error.message);
}

lb_status capi_ok() noexcept {
  LastError& last = t_last_error;
  last.text.clear();
  last.view = "";
  return LB_OK;
}

lb_status capi_exception(const char* function) noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return capi_fail(function, LB_ENOMEM, "out of memory");
  } catch (const Error& error) {
    return capi_error(function, error);
  } catch (const std::exception& error) {
    return capi_fail(function, LB_EINTERNAL, std::string("unexpected exception: ") + error.what());
  } catch (...) {
    return capi_fail(function, LB_EINTERNAL, "unexpected exception of unknown type");
  }
}

lb_status capi_copy_bytes(const char* function, std::uint8_t* buf, std::size_t cap, std::size_t* size,
                          ByteView bytes) noexcept {
  *size = bytes.size();
  if (buf == nullptr) return capi_ok();
  if (cap < bytes.size())
    return capi_fail(function, LB_EBUFS,
                     "buffer of " + std::to_string(cap) + " bytes is too small, " +
                         std::to_string(bytes.size()) + " needed");
  if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
  return capi_ok();
}

lb_status capi_copy_text(const char* function, char* buf, std::size_t cap, std::size_t* size,
                         std::string_view text) noexcept {
  *size = text.size() + 1;
  if (buf == nullptr) return capi_ok();
  if (cap < text.size() + 1)
    return capi_fail(function, LB_EBUFS,
                     "buffer of " + std::to_string(cap) + " bytes is too small, " +
                         std::to_string(text.size() + 1) + " needed");
  if (!text.empty()) std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return capi_ok();
}

lb_status capi_list_room(const char* function, bool has_out, std::size_t cap, std::size_t* count,
                         std::size_t n) noexcept {
  *count = n;
  if (!has_out || cap >= n) return capi_ok();
  return capi_fail(function, LB_EBUFS,
                   "room for " + std::to_string(cap) + " entries is too small, " + std::to_string(n) + " needed");
}

lb_status capi_alloc_text(const char* function, char** out, std::string_view text) noexcept {
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return capi_fail(function, LB_ENOMEM, "out of memory");
  if (!text.empty()) std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  *out = copy;
  return capi_ok();
}

void json_append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

Signature to_signature(const lb_signature& value) noexcept {
  Signature out;
  std::memcpy(out.r.bytes.data(), value.r, 32);
  std::memcpy(out.s.bytes.data(), value.s, 32);
  out.y_parity = value.y_parity;
  return out;
}

lb_signature from_signature(const Signature& value) noexcept {
  lb_signature out;
  std::memcpy(out.r, value.r.bytes.data(), 32);
  std::memcpy(out.s, value.s.bytes.data(), 32);
  out.y_parity = value.y_parity;
  return out;
}

}  // namespace liquidbot::detail

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

const char* lb_last_error_message(void) noexcept { return t_last_error.view; }

const char* lb_status_name(lb_status status) noexcept {
  switch (status) {
    case LB_OK: return "ok";
    case LB_EBUFS: return "buffer_too_small";
    case LB_ENOMEM: return "out_of_memory";
    default: break;
  }
  if (status < 0 && status >= LB_EINTERNAL) return errc_name(static_cast<Errc>(-status)).data();
  return "unknown";
}

void lb_free(void* pointer) noexcept { std::free(pointer); }

lb_status lb_u256_parse(lb_u256be* out, const char* text, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_NOT_NULL(text);
  auto value = u256::from_string(std::string_view(text, len));
  LB_CHECK_RESULT(value);
  *out = from_u256(*value);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_u256_to_dec(char* buf, size_t cap, size_t* size, const lb_u256be* value) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_NOT_NULL(value);
  return capi_copy_text(lb_fn, buf, cap, size, to_u256(*value).to_dec());
  LB_CAPI_END
}

lb_status lb_u256_from_u64(lb_u256be* out, uint64_t value) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  *out = from_u256(u256(value));
  return capi_ok();
  LB_CAPI_END
}

uint32_t lb_version_number(void) noexcept { return LB_VERSION_NUMBER; }
const char* lb_version_string(void) noexcept { return LB_VERSION_STRING; }
uint32_t lb_version_major(void) noexcept { return LB_VERSION_MAJOR; }
uint32_t lb_version_minor(void) noexcept { return LB_VERSION_MINOR; }
uint32_t lb_version_patch(void) noexcept { return LB_VERSION_PATCH; }
uint32_t lb_abi_version(void) noexcept { return LB_ABI_VERSION; }

}  // extern "C"
