// SPDX-License-Identifier: MIT
// C ABI: ABI encoding from a signature and text arguments, decoding to JSON arrays of text.
#include "capi_detail.hpp"

#include <liquidbot/lb_abi.h>

#include <liquidbot/abi.hpp>

#include <string>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

/// JSON array of the values printed as cast prints them.
std::string values_json(std::span<const abi::Type> types, const abi::Values& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size() && i < types.size(); ++i) {
    if (i != 0) out.push_back(',');
    json_append_string(out, abi::format_value(types[i], values[i]));
  }
  out.push_back(']');
  return out;
}

}  // namespace

extern "C" {

lb_status lb_abi_encode_call(uint8_t* buf, size_t cap, size_t* size, const char* signature,
                             const char* const* args, size_t nargs) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(size);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_ARG(args != nullptr || nargs == 0, "args must not be NULL when nargs > 0");
  auto sig = abi::parse_signature(signature);
  LB_CHECK_RESULT(sig);
  if (nargs != sig->inputs.size())
    return capi_fail(lb_fn, LB_EINVAL,
                     sig->canonical() + " takes " + std::to_string(sig->inputs.size()) +
                         " arguments, got " + std::to_string(nargs));
  std::vector<abi::Value> values;
  values.reserve(nargs);
  for (std::size_t i = 0; i < nargs; ++i) {
    if (args[i] == nullptr)
      return capi_fail(lb_fn, LB_EINVAL, "args[" + std::to_string(i) + "] must not be NULL");
    auto value = abi::parse_value(sig->inputs[i], args[i]);
    if (!value.ok())
      return capi_fail(lb_fn, capi_status(value.error().code),
                       "argument " + std::to_string(i) + " (" + sig->inputs[i].canonical() +
                           "): " + value.error().message);
    values.push_back(std::move(value).value());
  }
  auto calldata = abi::encode_call(*sig, values);
  LB_CHECK_RESULT(calldata);
  return capi_copy_bytes(lb_fn, buf, cap, size, *calldata);
  LB_CAPI_END
}

lb_status lb_abi_decode_call(char** json, const char* signature, const uint8_t* calldata,
                             size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(json);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_ARG(calldata != nullptr || len == 0, "calldata must not be NULL when len > 0");
  auto sig = abi::parse_signature(signature);
  LB_CHECK_RESULT(sig);
  auto values = abi::decode_call(*sig, ByteView(calldata, len));
  LB_CHECK_RESULT(values);
  return capi_alloc_text(lb_fn, json, values_json(sig->inputs, *values));
  LB_CAPI_END
}

lb_status lb_abi_decode_output(char** json, const char* signature, const uint8_t* data,
                               size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(json);
  LB_CHECK_NOT_NULL(signature);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  auto sig = abi::parse_signature(signature);
  LB_CHECK_RESULT(sig);
  auto values = abi::decode(sig->outputs, ByteView(data, len));
  LB_CHECK_RESULT(values);
  return capi_alloc_text(lb_fn, json, values_json(sig->outputs, *values));
  LB_CAPI_END
}

lb_status lb_abi_decode_revert(char** text, const uint8_t* data, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(text);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  auto revert = abi::decode_revert(ByteView(data, len));
  LB_CHECK_RESULT(revert);
  return capi_alloc_text(lb_fn, text, revert->to_string());
  LB_CAPI_END
}

}  // extern "C"
