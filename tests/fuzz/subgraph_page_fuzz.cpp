// Fuzzes the strict subgraph page parser on arbitrary response bodies: no crash; every failure is
// decode (bad shape/JSON) or rpc (GraphQL errors) with a "subgraph: " message; an accepted page
// has strictly ascending ids, at most the page size of users and at most 128 reserves per user; the
// padded-buffer path agrees with the string path, and the meta parser never crashes either.
#include <liquidbot/subgraph.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace liquidbot;

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto page = subgraph::parse_borrowers_page(body, subgraph::kMinPageSize);
  const auto padded = subgraph::parse_borrowers_page(http::PaddedBuffer::from(body), subgraph::kMinPageSize);
  require(page.ok() == padded.ok());
  if (page) {
    require(page->borrowers.size() <= subgraph::kMinPageSize);
    require(padded->borrowers.size() == page->borrowers.size() && padded->block == page->block);
    for (std::size_t i = 0; i < page->borrowers.size(); ++i) {
      require(page->borrowers[i].reserves.size() <= subgraph::kMaxUserReserves);
      require(page->borrowers[i].borrowed_reserves_count >= 1);
      if (i > 0) require(page->borrowers[i - 1].user < page->borrowers[i].user);
    }
  } else {
    const Errc code = page.error().code;
    require(code == Errc::decode || code == Errc::rpc);
    require(page.error().message.rfind("subgraph: ", 0) == 0);
  }
  (void)subgraph::parse_meta(body);
  return 0;
}
