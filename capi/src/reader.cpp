// SPDX-License-Identifier: MIT
// C ABI: on-chain reader.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "snapshot_detail.hpp"

#include <liquidbot/lb_reader.h>

#include <liquidbot/reader.hpp>

using namespace liquidbot;
using namespace liquidbot::detail;

extern "C" {

lb_status lb_reader_create(lb_reader** reader, lb_rpc* client, const lb_address* provider) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(reader);
  *reader = nullptr;
  LB_CHECK_NOT_NULL(client);
  LB_CHECK_NOT_NULL(provider);
  auto discovered = reader::Reader::discover(client->client, to_address(*provider));
  LB_CHECK_RESULT(discovered);
  *reader = new lb_reader{std::move(discovered).value()};
  return capi_ok();
  LB_CAPI_END
}

void lb_reader_destroy(lb_reader* reader) noexcept { delete reader; }

lb_status lb_reader_pool(const lb_reader* reader, lb_address* pool) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(reader);
  LB_CHECK_NOT_NULL(pool);
  *pool = from_address(reader->reader.addresses().pool);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_reader_read_user(lb_reader* reader, lb_snapshot** snapshot, lb_account_data* on_chain,
                              const lb_address* user, uint64_t block) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(reader);
  LB_CHECK_NOT_NULL(snapshot);
  *snapshot = nullptr;
  LB_CHECK_NOT_NULL(user);
  auto read = reader->reader.read_user(to_address(*user), block_tag(block));
  LB_CHECK_RESULT(read);
  if (on_chain != nullptr) *on_chain = from_account(read->on_chain);
  *snapshot = new lb_snapshot{std::move(read->snapshot)};
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
