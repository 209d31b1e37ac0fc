// SPDX-License-Identifier: MIT
// C ABI: batch evaluation over caller arrays.
#include "capi_detail.hpp"
#include "handles.hpp"
#include "snapshot_detail.hpp"

#include <liquidbot/lb_batch.h>

#include <liquidbot/aave/batch.hpp>

#include <cstring>
#include <vector>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

constexpr std::uint32_t kMaxThreads = 256;

lb_status batch_options(const char* function, const lb_batch_options* options, aave::BatchOptions& out) {
  if (options == nullptr) return LB_OK;
  if (options->version != LB_BATCH_OPTIONS_VERSION)
    return capi_fail(function, LB_EUNSUPPORTED,
                     "options->version " + std::to_string(options->version) + " is not supported");
  if (options->threads > kMaxThreads)
    return capi_fail(function, LB_EINVAL,
                     "options->threads " + std::to_string(options->threads) + " exceeds " +
                         std::to_string(kMaxThreads));
  out.threads = options->threads == 0 ? 1 : options->threads;
  return LB_OK;
}

void store_results(const std::vector<aave::AccountData>& results, const std::vector<Errc>& codes,
                   lb_account_data* data, lb_status* status) noexcept {
  for (std::size_t i = 0; i < results.size(); ++i) {
    data[i] = from_account(results[i]);
    status[i] = codes[i] == Errc::ok ? LB_OK : capi_status(codes[i]);
  }
}

}  // namespace

extern "C" {

lb_status lb_market_create(lb_market** market, const lb_snapshot* snapshot) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(market);
  *market = nullptr;
  LB_CHECK_NOT_NULL(snapshot);
  auto built = aave::Market::from_snapshot(snapshot->snapshot);
  LB_CHECK_RESULT(built);
  *market = new lb_market{std::move(built).value()};
  return capi_ok();
  LB_CAPI_END
}

void lb_market_destroy(lb_market* market) noexcept { delete market; }

lb_status lb_market_set_timestamp(lb_market* market, uint64_t timestamp) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(market);
  auto status = market->market.set_timestamp(timestamp);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_market_set_price(lb_market* market, uint16_t reserve_id, const lb_u256be* price) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(market);
  LB_CHECK_NOT_NULL(price);
  auto status = market->market.set_price(reserve_id, to_u256(*price));
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_userbook_create(lb_userbook** book) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(book);
  *book = new lb_userbook{};
  return capi_ok();
  LB_CAPI_END
}

void lb_userbook_destroy(lb_userbook* book) noexcept { delete book; }

lb_status lb_userbook_add(lb_userbook* book, uint32_t* index, const lb_market* market,
                          const lb_snapshot* snapshot) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(book);
  LB_CHECK_NOT_NULL(market);
  LB_CHECK_NOT_NULL(snapshot);
  auto added = book->book.add(market->market, snapshot->snapshot.user);
  LB_CHECK_RESULT(added);
  if (index != nullptr) *index = *added;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_userbook_size(const lb_userbook* book, size_t* size) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(book);
  LB_CHECK_NOT_NULL(size);
  *size = book->book.size();
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_batch_options_init(lb_batch_options* options, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(options);
  if (version != LB_BATCH_OPTIONS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown options version " + std::to_string(version));
  std::memset(options, 0, sizeof *options);
  options->version = version;
  options->threads = 1;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_batch_evaluate(const lb_market* market, const lb_userbook* book, lb_account_data* data,
                            lb_status* status, size_t count, const lb_batch_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(market);
  LB_CHECK_NOT_NULL(book);
  LB_CHECK_ARG(count == book->book.size(),
               "count " + std::to_string(count) + " differs from the book's size " +
                   std::to_string(book->book.size()));
  LB_CHECK_ARG(data != nullptr || count == 0, "data must not be NULL when count > 0");
  LB_CHECK_ARG(status != nullptr || count == 0, "status must not be NULL when count > 0");
  aave::BatchOptions opts;
  if (const lb_status s = batch_options(lb_fn, options, opts); s != LB_OK) return s;
  std::vector<aave::AccountData> results(count);
  std::vector<Errc> codes(count, Errc::ok);
  auto ran = aave::evaluate_all(market->market, book->book, results, codes, opts);
  LB_CHECK_RESULT(ran);
  store_results(results, codes, data, status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_batch_reprice(lb_market* market, const lb_userbook* book, uint16_t reserve_id,
                           const lb_u256be* price, lb_account_data* data, lb_status* status, size_t count,
                           const lb_batch_options* options) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(market);
  LB_CHECK_NOT_NULL(book);
  LB_CHECK_NOT_NULL(price);
  LB_CHECK_ARG(count == book->book.size(),
               "count " + std::to_string(count) + " differs from the book's size " +
                   std::to_string(book->book.size()));
  LB_CHECK_ARG(data != nullptr || count == 0, "data must not be NULL when count > 0");
  LB_CHECK_ARG(status != nullptr || count == 0, "status must not be NULL when count > 0");
  aave::BatchOptions opts;
  if (const lb_status s = batch_options(lb_fn, options, opts); s != LB_OK) return s;
  std::vector<aave::AccountData> results(count);
  std::vector<Errc> codes(count, Errc::ok);
  auto ran = aave::reprice(market->market, book->book, reserve_id, to_u256(*price), results, codes, opts);
  LB_CHECK_RESULT(ran);
  for (const std::uint32_t user : book->book.users_holding(reserve_id)) {
    data[user] = from_account(results[user]);
    status[user] = codes[user] == Errc::ok ? LB_OK : capi_status(codes[user]);
  }
  return capi_ok();
  LB_CAPI_END
}

}  // extern "C"
