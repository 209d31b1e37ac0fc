// SPDX-License-Identifier: MIT
// C ABI: RLP encoding and strict decoding.
#include "capi_detail.hpp"

#include <liquidbot/lb_rlp.h>

#include <liquidbot/rlp.hpp>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

lb_rlp_item to_item(const rlp::ItemView& view) noexcept {
  lb_rlp_item item;
  item.is_list = view.is_list() ? 1 : 0;
  item.payload = view.payload().data();
  item.payload_len = view.payload().size();
  item.encoded_len = view.encoded().size();
  return item;
}

}  // namespace

extern "C" {

lb_status lb_rlp_encode_bytes(uint8_t* buf, size_t cap, size_t* size, const uint8_t* data,
                              size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  Bytes out;
  out.reserve(rlp::bytes_size(ByteView(data, len)));
  rlp::append_bytes(out, ByteView(data, len));
  return capi_copy_bytes(lb_fn, buf, cap, size, out);
  LB_CAPI_END
}

lb_status lb_rlp_encode_uint(uint8_t* buf, size_t cap, size_t* size, const lb_u256be* value) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_NOT_NULL(value);
  Bytes out;
  rlp::append_uint(out, to_u256(*value));
  return capi_copy_bytes(lb_fn, buf, cap, size, out);
  LB_CAPI_END
}

lb_status lb_rlp_encode_list(uint8_t* buf, size_t cap, size_t* size, const uint8_t* payload,
                             size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_ARG(payload != nullptr || len == 0, "payload must not be NULL when len > 0");
  Bytes out;
  out.reserve(rlp::list_size(len));
  rlp::append_list_header(out, len);
  rlp::append_raw(out, ByteView(payload, len));
  return capi_copy_bytes(lb_fn, buf, cap, size, out);
  LB_CAPI_END
}

lb_status lb_rlp_decode(lb_rlp_item* item, const uint8_t* data, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(item);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  auto view = rlp::decode(ByteView(data, len));
  LB_CHECK_RESULT(view);
  *item = to_item(*view);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rlp_decode_prefix(lb_rlp_item* item, const uint8_t* data, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(item);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  auto view = rlp::decode_prefix(ByteView(data, len));
  LB_CHECK_RESULT(view);
  *item = to_item(*view);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rlp_validate(const uint8_t* data, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  auto status = rlp::validate(ByteView(data, len));
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rlp_item_to_uint(lb_u256be* value, const lb_rlp_item* item) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(value);
  LB_CHECK_NOT_NULL(item);
  LB_CHECK_ARG(item->payload != nullptr || item->payload_len == 0,
               "item->payload must not be NULL when payload_len > 0");
  if (item->is_list != 0) return capi_fail(lb_fn, LB_EDECODE, "rlp: expected an integer, got a list");
  const rlp::ItemView view(false, ByteView(item->payload, item->payload_len),
                           ByteView(item->payload, item->payload_len), 0);
  auto number = view.to_u256();
  LB_CHECK_RESULT(number);
  *value = from_u256(*number);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
