// SPDX-License-Identifier: MIT
// C ABI: JSON-RPC client.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "rpc_detail.hpp"

#include <liquidbot/lb_rpc.h>

#include <liquidbot/rpc.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace liquidbot::detail {

rpc::BlockTag block_tag(std::uint64_t block) noexcept {
  return block == 0 ? rpc::BlockTag::latest() : rpc::BlockTag::at(block);
}

lb_status rpc_client_options(const char* function, const lb_rpc_options* options, rpc::ClientOptions& out) {
  if (options == nullptr) return LB_OK;
  if (options->version != LB_RPC_OPTIONS_VERSION)
    return capi_fail(function, LB_EUNSUPPORTED,
                     "options->version " + std::to_string(options->version) + " is not supported");
  if (options->max_attempts < 1 || options->max_attempts > 100)
    return capi_fail(function, LB_EINVAL, "options->max_attempts must be in [1, 100]");
  if (options->connect_timeout_ms == 0 || options->total_timeout_ms == 0)
    return capi_fail(function, LB_EINVAL, "options timeouts must be positive");
  if (options->has_expected_chain_id != 0) out.expected_chain_id = options->expected_chain_id;
  out.http.connect_timeout = std::chrono::milliseconds(options->connect_timeout_ms);
  out.http.total_timeout = std::chrono::milliseconds(options->total_timeout_ms);
  out.http.max_attempts = static_cast<int>(options->max_attempts);
  return LB_OK;
}

}  // namespace liquidbot::detail

extern "C" {

lb_status lb_rpc_options_init(lb_rpc_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_RPC_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  const http::Options defaults;
  std::memset(options, 0, sizeof *options);
  options->version = version;
  options->connect_timeout_ms = static_cast<uint32_t>(defaults.connect_timeout.count());
  options->total_timeout_ms = static_cast<uint32_t>(defaults.total_timeout.count());
  options->max_attempts = static_cast<uint32_t>(defaults.max_attempts);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rpc_create(lb_rpc** client, const char* const* urls, size_t count,
                        const lb_rpc_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  *client = nullptr;
  LB_CHECK_NOT_NULL(urls);
  LB_CHECK_ARG(count > 0, "count must be at least 1");
  std::vector<std::string> list;
  list.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (urls[i] == nullptr)
      return capi_fail(lb_fn, LB_EINVAL, "urls[" + std::to_string(i) + "] must not be NULL");
    list.emplace_back(urls[i]);
  }
  rpc::ClientOptions opts;
  if (const lb_status status = rpc_client_options(lb_fn, options, opts); status != LB_OK) return status;
  auto connected = rpc::Client::connect(std::move(list), std::move(opts));
  LB_CHECK_RESULT(connected);
  *client = new lb_rpc{std::move(connected).value()};
  return capi_ok();
  LB_CAPI_END
}

void lb_rpc_destroy(lb_rpc* client) noexcept { delete client; }

lb_status lb_rpc_request(lb_rpc* client, char** result_json, const char* method, const char* params_json) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(result_json);
  LB_CHECK_NOT_NULL(method);
  LB_CHECK_NOT_NULL(params_json);
  auto reply = client->client.request(method, params_json);
  LB_CHECK_RESULT(reply);
  if (reply->error) return capi_error(lb_fn, reply->error->to_error(method));
  return capi_alloc_text(lb_fn, result_json, reply->result);
  LB_CAPI_END
}

lb_status lb_rpc_chain_id(lb_rpc* client, uint64_t* chain_id) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(chain_id);
  auto id = client->client.chain_id();
  LB_CHECK_RESULT(id);
  *chain_id = *id;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rpc_block_number(lb_rpc* client, uint64_t* block) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(block);
  auto number = client->client.block_number();
  LB_CHECK_RESULT(number);
  *block = *number;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rpc_call(lb_rpc* client, uint8_t** result, size_t* result_len, const lb_address* to,
                      const uint8_t* data, size_t len, uint64_t block) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(result);
  LB_CHECK_NOT_NULL(result_len);
  *result = nullptr;
  *result_len = 0;
  LB_CHECK_NOT_NULL(to);
  LB_CHECK_ARG(data != nullptr || len == 0, "data must not be NULL when len > 0");
  rpc::CallRequest request;
  request.to = to_address(*to);
  request.data.assign(data, data + len);
  auto answer = client->client.call(request, block_tag(block));
  LB_CHECK_RESULT(answer);
  if (!answer->empty()) {
    auto* copy = static_cast<std::uint8_t*>(std::malloc(answer->size()));
    if (copy == nullptr) return capi_fail(lb_fn, LB_ENOMEM, "out of memory");
    std::memcpy(copy, answer->data(), answer->size());
    *result = copy;
    *result_len = answer->size();
  }
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rpc_pending_nonce(lb_rpc* client, uint64_t* nonce, const lb_address* account) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(nonce);
  LB_CHECK_NOT_NULL(account);
  auto count = client->client.get_transaction_count(to_address(*account), rpc::BlockTag::pending());
  LB_CHECK_RESULT(count);
  *nonce = *count;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_rpc_send_raw_transaction(lb_rpc* client, lb_bytes32* hash, const uint8_t* raw, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(hash);
  LB_CHECK_NOT_NULL(raw);
  LB_CHECK_ARG(len > 0, "len must not be 0");
  auto sent = client->client.send_raw_transaction(ByteView(raw, len));
  LB_CHECK_RESULT(sent);
  std::memcpy(hash->bytes, sent->bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
