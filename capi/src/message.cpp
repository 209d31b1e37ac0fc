// SPDX-License-Identifier: MIT
// C ABI: EIP-191 and EIP-712 signed messages.
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_message.h>

#include <liquidbot/eip191.hpp>
#include <liquidbot/eip712.hpp>

#include <cstring>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_eip191_hash(lb_bytes32* hash, const uint8_t* message, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(hash);
  LB_CHECK_ARG(message != nullptr || len == 0, "message must not be NULL when len > 0");
  const Hash digest = eip191_hash(ByteView(message, len));
  std::memcpy(hash->bytes, digest.bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_eip191_sign(const lb_key* key, lb_signature* signature, const uint8_t* message,
                         size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_ARG(message != nullptr || len == 0, "message must not be NULL when len > 0");
  *signature = from_signature(sign_message(key->key, ByteView(message, len)));
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_eip191_recover(lb_address* address, const uint8_t* message, size_t len,
                            const lb_signature* signature) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(address);
  LB_CHECK_ARG(message != nullptr || len == 0, "message must not be NULL when len > 0");
  LB_CHECK_NOT_NULL(signature);
  auto signer = recover_message_signer(ByteView(message, len), to_signature(*signature));
  LB_CHECK_RESULT(signer);
  *address = from_address(*signer);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_eip712_hash(lb_bytes32* hash, const char* json, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(hash);
  LB_CHECK_NOT_NULL(json);
  auto data = eip712::parse(std::string_view(json, len));
  LB_CHECK_RESULT(data);
  auto digest = eip712::hash(*data);
  LB_CHECK_RESULT(digest);
  std::memcpy(hash->bytes, digest->bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_eip712_sign(const lb_key* key, lb_signature* signature, const char* json, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_NOT_NULL(json);
  auto data = eip712::parse(std::string_view(json, len));
  LB_CHECK_RESULT(data);
  auto signed_data = eip712::sign(key->key, *data);
  LB_CHECK_RESULT(signed_data);
  *signature = from_signature(*signed_data);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
