// SPDX-License-Identifier: MIT
// C ABI: nonce manager over an lb_rpc client and an optional lb_store.
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_nonce.h>

#include <liquidbot/nonce.hpp>

#include <memory>
#include <utility>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_nonces_create(lb_nonces** nonces, lb_rpc* client, lb_store* store, uint64_t chain_id,
                           const lb_address* signer) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  *nonces = nullptr;
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(signer);
  auto handle = std::make_unique<lb_nonces>(client->client);
  auto created = NonceManager::create(chain_id, to_address(*signer), handle->source,
                                      store == nullptr ? nullptr : store->store.get());
  LB_CHECK_RESULT(created);
  handle->manager = std::move(created).value();
  *nonces = handle.release();
  return capi_ok();
  LB_CAPI_END
}

void lb_nonces_destroy(lb_nonces* nonces) noexcept { delete nonces; }

lb_status lb_nonces_acquire(lb_nonces* nonces, uint64_t* nonce) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  LB_CHECK_NOT_NULL(nonce);
  auto next = nonces->manager->acquire();
  LB_CHECK_RESULT(next);
  *nonce = *next;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_nonces_release(lb_nonces* nonces, uint64_t nonce) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  nonces->manager->release(nonce);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_nonces_resync(lb_nonces* nonces, uint64_t* next) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  auto moved = nonces->manager->resync();
  LB_CHECK_RESULT(moved);
  if (next != nullptr) *next = *moved;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_nonces_peek_next(const lb_nonces* nonces, uint64_t* next) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  LB_CHECK_NOT_NULL(next);
  *next = nonces->manager->peek_next();
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_nonces_detect_gaps(lb_nonces* nonces, lb_nonce_gaps* gaps) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(nonces);
  LB_CHECK_NOT_NULL(gaps);
  auto found = nonces->manager->detect_gaps();
  LB_CHECK_RESULT(found);
  const std::uint64_t range = found->next > found->chain_pending ? found->next - found->chain_pending : 0;
  if (found->missing.size() != range || (range != 0 && found->missing.front() != found->chain_pending))
    return capi_fail(lb_fn, LB_EINTERNAL, "nonce gaps are not the range chain_pending .. next-1");
  gaps->chain_pending = found->chain_pending;
  gaps->chain_mined = found->chain_mined;
  gaps->next = found->next;
  gaps->missing = range;
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
