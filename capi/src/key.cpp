// SPDX-License-Identifier: MIT
// C ABI: private keys and recoverable signatures.
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_key.h>

#include <liquidbot/fixed_bytes.hpp>

#include <cstring>
#include <memory>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_key_create(lb_key** key, const lb_bytes32* secret) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  *key = nullptr;
  LB_CHECK_NOT_NULL(secret);
  auto parsed = PrivateKey::from_bytes(ByteView(secret->bytes, 32));
  LB_CHECK_RESULT(parsed);
  *key = new lb_key{std::move(parsed).value()};
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_key_create_from_hex(lb_key** key, const char* hex, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  *key = nullptr;
  LB_CHECK_NOT_NULL(hex);
  auto parsed = PrivateKey::from_hex(std::string_view(hex, len));
  LB_CHECK_RESULT(parsed);
  *key = new lb_key{std::move(parsed).value()};
  return capi_ok();
  LB_CAPI_END
}

void lb_key_destroy(lb_key* key) noexcept { delete key; }

lb_status lb_key_address(const lb_key* key, lb_address* address) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  LB_CHECK_NOT_NULL(address);
  *address = from_address(key->key.address());
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_key_sign_digest(const lb_key* key, lb_signature* signature, const lb_bytes32* digest) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(key);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_NOT_NULL(digest);
  *signature = from_signature(key->key.sign(Hash::from_view(ByteView(digest->bytes, 32))));
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_recover_address(lb_address* address, const lb_bytes32* digest,
                             const lb_signature* signature) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(address);
  LB_CHECK_NOT_NULL(digest);
  LB_CHECK_NOT_NULL(signature);
  auto recovered = liquidbot::recover_address(Hash::from_view(ByteView(digest->bytes, 32)),
                                              to_signature(*signature));
  LB_CHECK_RESULT(recovered);
  *address = from_address(*recovered);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_signature_to_bytes65(uint8_t out[65], const lb_signature* signature) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(out);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_ARG(signature->y_parity <= 1, "signature->y_parity must be 0 or 1");
  const auto bytes = to_signature(*signature).to_bytes65();
  std::memcpy(out, bytes.data(), 65);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_signature_from_bytes65(lb_signature* signature, const uint8_t bytes[65]) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_NOT_NULL(bytes);
  auto parsed = Signature::from_bytes65(ByteView(bytes, 65));
  LB_CHECK_RESULT(parsed);
  *signature = from_signature(*parsed);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
