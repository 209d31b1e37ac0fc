// SPDX-License-Identifier: MIT
// C ABI: transaction signers (local key, keystore, remote eth_signTransaction).
#include "capi_detail.hpp"
#include "handles.hpp"
#include "rpc_detail.hpp"

#include <liquidbot/lb_signer.h>

#include <liquidbot/signer.hpp>

#include <memory>
#include <string>
#include <utility>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

lb_status adopt(const char* function, lb_signer** out, Result<std::unique_ptr<Signer>> signer) {
  if (!signer.ok()) return capi_error(function, signer.error());
  *out = new lb_signer{nullptr, std::move(signer).value()};
  return capi_ok();
}

}  // namespace

extern "C" {

lb_status lb_signer_create_from_hex(lb_signer** signer, const char* hex, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  *signer = nullptr;
  LB_CHECK_NOT_NULL(hex);
  return adopt(lb_fn, signer, local_signer_from_hex(std::string_view(hex, len)));
  LB_CAPI_END
}

lb_status lb_signer_create_from_env(lb_signer** signer, const char* variable) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  *signer = nullptr;
  return adopt(lb_fn, signer, local_signer_from_env(variable == nullptr ? "WALLET_PRIVATE_KEY" : variable));
  LB_CAPI_END
}

lb_status lb_signer_create_from_keystore(lb_signer** signer, const char* path, const char* password,
                                         size_t password_len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  *signer = nullptr;
  LB_CHECK_NOT_NULL(path);
  LB_CHECK_ARG(password != nullptr || password_len == 0, "password must not be NULL when password_len > 0");
  return adopt(lb_fn, signer,
               keystore_signer_from_file(path, std::string_view(password == nullptr ? "" : password, password_len)));
  LB_CAPI_END
}

lb_status lb_signer_create_remote(lb_signer** signer, lb_rpc* client, const lb_address* address) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  *signer = nullptr;
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(address);
  *signer = new lb_signer{nullptr, std::make_unique<RemoteSigner>(client->client, to_address(*address))};
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_signer_create_remote_url(lb_signer** signer, const char* url, const lb_address* address,
                                      const lb_rpc_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  *signer = nullptr;
  LB_CHECK_NOT_NULL(url);
  LB_CHECK_NOT_NULL(address);
  rpc::ClientOptions opts;
  if (const lb_status status = rpc_client_options(lb_fn, options, opts); status != LB_OK) return status;
  auto connected = rpc::Client::connect({std::string(url)}, std::move(opts));
  LB_CHECK_RESULT(connected);
  auto client = std::make_unique<rpc::Client>(std::move(connected).value());
  auto remote = std::make_unique<RemoteSigner>(*client, to_address(*address));
  *signer = new lb_signer{std::move(client), std::move(remote)};
  return capi_ok();
  LB_CAPI_END
}

void lb_signer_destroy(lb_signer* signer) noexcept { delete signer; }

const char* lb_signer_kind(const lb_signer* signer) noexcept {
  if (signer == nullptr) return "";
  // kind() views a string literal of the signer classes: it outlives every handle.
  return signer->signer->kind().data();
}

lb_status lb_signer_address(const lb_signer* signer, lb_address* address) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  LB_CHECK_NOT_NULL(address);
  *address = from_address(signer->signer->address());
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_signer_sign_tx(lb_signer* signer, lb_tx* tx) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(signer);
  LB_CHECK_NOT_NULL(tx);
  auto status = signer->signer->sign_transaction(tx->tx);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
