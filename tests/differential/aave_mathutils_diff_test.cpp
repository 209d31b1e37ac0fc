// @aave/math-utils 1.38.0 (formatReserves + formatUserSummary on the same snapshots;
// tests/js/oracle/aave_mathutils.mjs) agrees with aave::account_data on the health factor within
// 1e-8 relative for realistic 3.6 users. math-utils is not bit-exact (aave-v3.md §5.4), so this is
// a tolerance check; the exact checks are the chain and the BigInt model.
#include <doctest/doctest.h>

#include <liquidbot/aave/account.hpp>

#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace liquidbot;

TEST_CASE("aave account data: health factor within 1e-8 of @aave/math-utils formatUserSummary") {
  const char* path = std::getenv("LIQUIDBOT_VECTORS");
  REQUIRE_MESSAGE(path != nullptr, "LIQUIDBOT_VECTORS is not set");
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  REQUIRE(parser.load(path).get(document) == simdjson::SUCCESS);
  simdjson::dom::array vectors;
  REQUIRE(document["vectors"].get(vectors) == simdjson::SUCCESS);

  std::size_t count = 0, with_debt = 0, emode = 0;
  double worst = 0;
  for (simdjson::dom::element item : vectors) {
    std::string_view snapshot_text, hf_text;
    REQUIRE(item["snapshot"].get(snapshot_text) == simdjson::SUCCESS);
    REQUIRE(item["healthFactor"].get(hf_text) == simdjson::SUCCESS);
    INFO("vector " << count << ": " << snapshot_text);
    auto snapshot = aave::parse_snapshot(snapshot_text);
    REQUIRE_MESSAGE(snapshot.ok(), (snapshot.ok() ? "" : snapshot.error().message));
    auto ours = aave::account_data(*snapshot);
    REQUIRE_MESSAGE(ours.ok(), (ours.ok() ? "" : ours.error().message));
    if (snapshot->user.emode_category != 0) ++emode;
    if (ours->health_factor == aave::kMaxHealthFactor) {
      CHECK(hf_text == "-1");
    } else {
      ++with_debt;
      const double theirs = std::stod(std::string(hf_text));
      const double mine = ours->health_factor.to_double() / 1e18;
      const double rel = std::fabs(mine - theirs) / theirs;
      worst = std::max(worst, rel);
      CHECK_MESSAGE(rel <= 1e-8, "ours " << mine << " math-utils " << theirs << " rel " << rel);
    }
    ++count;
  }
  MESSAGE("users: " << count << ", with debt: " << with_debt << ", eMode: " << emode
                    << ", worst relative HF difference: " << worst);
  CHECK(count >= 10000);
  CHECK(with_debt >= count / 2);
  CHECK(emode > 0);
}
