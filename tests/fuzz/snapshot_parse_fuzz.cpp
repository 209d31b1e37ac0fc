// libFuzzer target: parse_snapshot never crashes on any input; an accepted snapshot serializes and
// re-parses to the same JSON, and account_data / the batch path either evaluate it or report an
// error (never crash, never disagree).
#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/batch.hpp>
#include <liquidbot/aave/snapshot.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace liquidbot;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = aave::parse_snapshot(text);
  if (!parsed) return 0;
  const std::string json = aave::to_json(*parsed);
  auto again = aave::parse_snapshot(json);
  if (!again || aave::to_json(*again) != json) std::abort();
  auto single = aave::account_data(*parsed);
  auto market = aave::Market::from_snapshot(*parsed);
  if (!market) {
    if (single) std::abort();  // only an evaluation-time problem may stop the market
    return 0;
  }
  aave::UserBook book;
  if (!book.add(*market, parsed->user)) std::abort();
  aave::AccountData out;
  Errc status = Errc::internal;
  if (!aave::evaluate_all(*market, book, {&out, 1}, {&status, 1})) std::abort();
  if (single.ok() != (status == Errc::ok)) std::abort();
  if (single && !(*single == out)) std::abort();
  return 0;
}
