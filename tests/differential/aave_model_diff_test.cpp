// Differential check of aave::account_data (every revision 3.0-3.6) against an independent BigInt
// model of getUserAccountData written from the Solidity (tests/js/oracle/aave_model.mjs; vectors in
// the file named by LIQUIDBOT_VECTORS). Also runs the batch path on the same users.
#include <doctest/doctest.h>

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/batch.hpp>

#include <simdjson.h>

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

u256 field(simdjson::dom::element obj, const char* name) {
  std::string_view text;
  REQUIRE_MESSAGE(obj[name].get(text) == simdjson::SUCCESS, name);
  auto value = u256::from_dec(text);
  REQUIRE_MESSAGE(value.ok(), name);
  return value.value();
}

}  // namespace

TEST_CASE("aave account data: matches the BigInt model of GenericLogic for 3.0-3.6") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array vectors;
  REQUIRE(document["vectors"].get(vectors) == simdjson::SUCCESS);

  std::map<std::string, std::size_t> per_revision;
  std::size_t reverts = 0;
  std::size_t index = 0;
  for (simdjson::dom::element item : vectors) {
    std::string_view snapshot_text;
    REQUIRE(item["snapshot"].get(snapshot_text) == simdjson::SUCCESS);
    bool model_reverts = false;
    REQUIRE(item["reverts"].get(model_reverts) == simdjson::SUCCESS);
    INFO("vector " << index << ": " << snapshot_text);
    auto snapshot = aave::parse_snapshot(snapshot_text);
    REQUIRE_MESSAGE(snapshot.ok(), (snapshot.ok() ? "" : snapshot.error().message));
    auto ours = aave::account_data(*snapshot);

    // The batch path must agree with the single path, result or revert.
    auto market = aave::Market::from_snapshot(*snapshot);
    REQUIRE(market.ok());
    aave::UserBook book;
    REQUIRE(book.add(*market, snapshot->user).ok());
    aave::AccountData batch_out;
    Errc batch_status = Errc::internal;
    REQUIRE(aave::evaluate_all(*market, book, {&batch_out, 1}, {&batch_status, 1}).ok());

    if (model_reverts) {
      CHECK_MESSAGE(!ours.ok(), "the model reverts but account_data returned a value");
      CHECK(batch_status != Errc::ok);
      ++reverts;
    } else {
      REQUIRE_MESSAGE(ours.ok(), (ours.ok() ? "" : ours.error().message));
      simdjson::dom::element expected = item["expected"];
      CHECK(ours->total_collateral_base == field(expected, "totalCollateralBase"));
      CHECK(ours->total_debt_base == field(expected, "totalDebtBase"));
      CHECK(ours->available_borrows_base == field(expected, "availableBorrowsBase"));
      CHECK(ours->current_liquidation_threshold == field(expected, "currentLiquidationThreshold"));
      CHECK(ours->ltv == field(expected, "ltv"));
      CHECK(ours->health_factor == field(expected, "healthFactor"));
      CHECK(batch_status == Errc::ok);
      CHECK(batch_out == *ours);
      ++per_revision[std::string(aave::to_string(snapshot->revision))];
    }
    ++index;
  }
  MESSAGE("vectors: " << index << ", reverts: " << reverts);
  CHECK(index >= 1000);
  CHECK(reverts > 0);
  for (const char* revision : {"3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6"})
    CHECK_MESSAGE(per_revision[revision] >= 50, revision);
}
