// Reader pieces that need no node: the POOL_REVISION mapping and the Multicall3 address.
// (Reads against the real contracts are in tests/integration/reader_snapshot_chain.mjs and
// rpc_faults_test.cpp.)
#include <doctest/doctest.h>

#include <liquidbot/reader.hpp>

using namespace liquidbot;

TEST_CASE("POOL_REVISION maps only sourced values") {
  CHECK(reader::revision_from_pool_revision(1).value() == aave::Revision::v3_0);
  CHECK(reader::revision_from_pool_revision(10).value() == aave::Revision::v3_6);
  for (std::uint64_t unknown : {0ULL, 2ULL, 5ULL, 9ULL, 11ULL, 1000ULL}) {
    auto r = reader::revision_from_pool_revision(unknown);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::unsupported);
    CHECK(r.error().message.find(std::to_string(unknown)) != std::string::npos);
  }
}

TEST_CASE("Multicall3 address") {
  // base-transactions.md §6 (mds1/multicall deployments.json)
  CHECK(reader::kMulticall3.to_checksum() == "0xcA11bde05977b3631167028862bE2a173976CA11");
}
