// SPDX-License-Identifier: MIT
// C ABI: Keccak-256, selectors and addresses.
#include "capi_detail.hpp"

#include <liquidbot/lb_hash.h>

#include <liquidbot/address.hpp>
#include <liquidbot/keccak.hpp>

#include <cstring>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_keccak256(lb_bytes32* out, const uint8_t* data, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  const Hash hash = keccak256(ByteView(data, len));
  std::memcpy(out->bytes, hash.bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_selector(uint8_t out[4], const char* signature, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_ARG(signature != nullptr || len == 0, "signature must not be NULL when len > 0");
  const Selector sel = selector(std::string_view(signature == nullptr ? "" : signature, len));
  std::memcpy(out, sel.bytes.data(), 4);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_address_parse(lb_address* out, const char* text, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_NOT_NULL(text);
  auto address = Address::parse(std::string_view(text, len));
  LB_CHECK_RESULT(address);
  *out = from_address(*address);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_address_to_checksum(char out[43], const lb_address* address) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_NOT_NULL(address);
  const std::string text = to_address(*address).to_checksum();
  std::memcpy(out, text.data(), 42);
  out[42] = '\0';
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
