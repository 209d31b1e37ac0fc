// SPDX-License-Identifier: MIT
// C ABI: Sign-In with Ethereum verification.
#include "capi_detail.hpp"

#include <liquidbot/lb_siwe.h>

#include <liquidbot/siwe.hpp>

#include <cstring>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_siwe_verify_options_init(lb_siwe_verify_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_SIWE_VERIFY_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  std::memset(options, 0, sizeof *options);
  options->version = version;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_siwe_verify(const char* message, size_t len, const lb_signature* signature,
                         const lb_siwe_verify_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(message);
  LB_CHECK_NOT_NULL(signature);
  siwe::VerifyOptions expected;
  if (options != nullptr) {
    if (options->version != LB_SIWE_VERIFY_OPTIONS_VERSION)
      return capi_fail(lb_fn, LB_EUNSUPPORTED,
                       "options->version " + std::to_string(options->version) + " is not supported");
    if (options->domain != nullptr) expected.domain = std::string(options->domain);
    if (options->nonce != nullptr) expected.nonce = std::string(options->nonce);
    if (options->scheme != nullptr) expected.scheme = std::string(options->scheme);
    if (options->has_address != 0) expected.address = to_address(options->address);
    if (options->has_chain_id != 0) expected.chain_id = options->chain_id;
    if (options->has_time != 0) expected.time = siwe::Timestamp{options->time_seconds, 0};
  }
  auto parsed = siwe::parse(std::string_view(message, len));
  LB_CHECK_RESULT(parsed);
  auto verified = siwe::verify(*parsed, to_signature(*signature), expected);
  LB_CHECK_RESULT(verified);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
